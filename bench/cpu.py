"""Where a benchmark's CPU goes: seconds used so far by this process and each kind of child process."""

from __future__ import annotations

from collections import Counter

import psutil

ROLES = (("redis-server", "redis"), ("rq worker", "workers"), ("sandbox", "sandbox"))
# A worker's main thread claims, renders and records; its pool threads only talk HTTP (what the bare
# loop's client does too), so this share of "workers" is the pipeline's own work in a worker.
MAIN_THREADS = "worker main threads"


def cpu_by_role() -> Counter[str]:
    """CPU seconds (user + system) of this process ("bench": the dispatcher, polling) and its children."""
    me = psutil.Process()
    times = me.cpu_times()
    totals: Counter[str] = Counter({"bench": times.user + times.system})
    for child in me.children(recursive=True):
        try:
            command = " ".join(child.cmdline())
            times = child.cpu_times()
        except psutil.Error:
            continue
        role = next((name for marker, name in ROLES if marker in command), "other")
        totals[role] += times.user + times.system
        if role == "workers":
            totals[MAIN_THREADS] += _main_thread_cpu(child)
    return totals


def _main_thread_cpu(process: psutil.Process) -> float:
    """CPU seconds of the process's main thread (its thread id is the process id), 0 if it is gone."""
    try:
        return next((t.user_time + t.system_time for t in process.threads() if t.id == process.pid), 0.0)
    except psutil.Error:
        return 0.0


def per_email_ms(before: Counter[str], after: Counter[str], emails: int) -> dict[str, float]:
    """Milliseconds of CPU per email for each role between two readings."""
    return {role: round(1000 * (after[role] - before[role]) / max(1, emails), 3) for role in sorted(after)}
