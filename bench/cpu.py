"""Where a benchmark's CPU goes: seconds used so far by this process and each kind of child process."""

from __future__ import annotations

from collections import Counter

import psutil

ROLES = (("redis-server", "redis"), ("rq worker", "workers"), ("sandbox", "sandbox"))


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
    return totals


def per_email_ms(before: Counter[str], after: Counter[str], emails: int) -> dict[str, float]:
    """Milliseconds of CPU per email for each role between two readings."""
    return {role: round(1000 * (after[role] - before[role]) / max(1, emails), 3) for role in sorted(after)}
