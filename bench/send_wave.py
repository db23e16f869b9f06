"""Send wave: N due subscriptions through dispatch -> RQ send jobs -> the SendGrid sandbox.

Measured at 0 ms and 100 ms of injected provider latency, each next to the ceiling measured in the
same run, right before and right after the wave: a concurrent bare loop of the same `sendgrid`
client posting the same rendered payloads to the same sandbox with the same number of requests in
flight (workers x COACH_SEND_CONCURRENCY, in as many processes as workers; bench/bare_loop.py).
Target (2 cores, 2 workers): >= 0.8x that loop at both latencies. A sequential loop (one request
at a time) is printed as a second, labelled baseline.

    python -m bench.send_wave [--n 10000] [--full] [--workers 2] [--database-url URL]

SQLite in a temporary directory by default; `--database-url` must name a scratch PostgreSQL
database: it is wiped (schema dropped, then migrated).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from bench import bare_loop
from bench.common import Result, print_table, timer, wipe_postgres
from bench.cpu import cpu_by_role, per_email_ms
from sandbox.testing import api, running_sandbox, set_faults
from service import migrate
from service.curriculum import load_curriculum
from service.db import database, forget_databases
from service.embedded_redis import EmbeddedRedis
from service.models import Manager, Message, Subscription, utcnow
from service.settings import Settings, current_settings, embedded_redis_socket, use_settings
from service.transport import Outgoing, build_payload, transport_for

DEFAULT_N = 10_000
FULL_N = 50_000
CONCURRENT_SAMPLE = 3000  # sends timed by the concurrent baseline, before and after each wave
SEQUENTIAL_SAMPLE = {0: 300, 100: 20}  # sends timed by the sequential baseline, per latency
TARGET = 0.8  # of the concurrent bare loop
WAVE_TIMEOUT = 1800.0
# The sandbox counts its stored messages for each poll (GET /api/stats/messages, a plain COUNT), a cost
# charged to the sandbox's CPU during the wave only. 0.2 s bounds the error at 0.2 s.
POLL = 0.2


def run(
    full: bool = False,
    n: int | None = None,
    workers: int = 2,
    database_url: str | None = None,
    latencies: Sequence[int] = (0, 100),
) -> list[Result]:
    """`make bench` entry point; the keyword arguments are the standalone command's options."""
    n = n or (FULL_N if full else DEFAULT_N)
    results: list[Result] = []
    with (
        tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp,
        stack(Path(tmp), database_url, workers) as env,
    ):
        for latency in latencies:
            results.extend(wave(env, n, latency, workers))
    return results


@contextmanager
def stack(tmp: Path, database_url: str | None, workers: int) -> Iterator[dict[str, str]]:
    """Embedded Redis, a migrated database, the sandbox and `workers` idle RQ worker processes."""
    with ExitStack() as stack:
        redis = stack.enter_context(EmbeddedRedis(embedded_redis_socket(tmp), tmp, persist=False))
        url = database_url or f"sqlite:///{tmp / 'bench.db'}"
        if database_url:
            wipe_postgres(url)
        migrate.upgrade(url)
        sandbox = stack.enter_context(running_sandbox(tmp / "sandbox", SANDBOX_API_KEY="SG.bench"))
        env = {
            "COACH_ENV": "development",
            "COACH_INSTANCE_PATH": str(tmp / "instance"),
            "DATABASE_URL": url,
            "REDIS_URL": redis.url,
            "SECRET_KEY": "bench-secret-key-long-enough",
            "COACH_PUBLIC_URL": "http://localhost:5000",
            "SENDGRID_API_HOST": sandbox,
            "SENDGRID_API_KEY": "SG.bench",
            "COACH_SEND_RATE": "100000",  # measure the pipeline, not the limiter's ceiling
            "COACH_LOG_LEVEL": "WARNING",  # no line per job in the benchmark's output
        }
        for key in ("COACH_SEND_CONCURRENCY",):
            if key in os.environ:
                env[key] = os.environ[key]
        use_settings(Settings.from_env(env))
        stack.callback(use_settings, None)
        stack.callback(forget_databases)
        rq = str(Path(sys.executable).parent / "rq")
        # As the Procfile runs them: the settings module imports the job modules before the first job.
        worker_class = "rq.worker.SimpleWorker"
        argv = [rq, "worker", "--worker-class", worker_class, "-c", "workers.rq_config", "-q", "send"]
        procs = [
            subprocess.Popen(argv, env={**os.environ, **env}, start_new_session=True) for _ in range(workers)
        ]
        stack.callback(_stop, procs)
        env["SANDBOX_URL"] = sandbox
        yield env


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def seed(n: int, prefix: str) -> None:
    """`n` active subscriptions whose first nudge is due now, inserted in bulk."""
    now = utcnow()
    db = database()
    lesson = load_curriculum().lessons[0].slug
    for start in range(0, n, 5000):
        emails = [f"{prefix}{i}@example.com" for i in range(start, min(n, start + 5000))]
        with db.transaction() as session:
            session.execute(
                insert(Manager), [{"email": e, "name": "Bench Manager", "timezone": "UTC"} for e in emails]
            )
            ids = list(session.scalars(select(Manager.id).where(Manager.email.in_(emails))))
            session.execute(
                insert(Subscription),
                [
                    {
                        "manager_id": mid,
                        "lesson_slug": lesson,
                        "status": "active",
                        "send_time": (now - timedelta(minutes=30)).time().replace(microsecond=0),
                        "weekdays": "mon,tue,wed,thu,fri,sat,sun",
                        "next_due_at": now - timedelta(minutes=1),
                        "lesson_started_at": now - timedelta(hours=1),
                        "confirmed_at": now - timedelta(hours=1),
                    }
                    for mid in ids
                ],
            )


def wave(env: dict[str, str], n: int, latency: int, workers: int) -> list[Result]:
    """One wave at `latency`, between two runs of each bare loop; the result against each baseline."""
    from workers.dispatch import dispatch_due

    sandbox = env["SANDBOX_URL"]
    api(sandbox, "DELETE", "/api/messages")
    set_faults(sandbox, latency_ms=latency)
    prefix = f"wave{latency}-"
    seed(n, prefix)
    settings = current_settings()
    threads = settings.send_concurrency
    rendered = _payloads(min(n, CONCURRENT_SAMPLE))  # rendered now, posted before and after the wave
    payloads = [rendered[i % len(rendered)] for i in range(CONCURRENT_SAMPLE)]
    serial = rendered[: SEQUENTIAL_SAMPLE.get(latency, 100)]
    transport = transport_for(settings)
    bare_start = cpu_by_role()
    before, client_cpu = bare_loop.concurrent(transport, payloads, workers, threads)
    bare_cpu = per_email_ms(bare_start, cpu_by_role(), len(payloads))
    bare_cpu["bare loop client"] = round(1000 * client_cpu / len(payloads), 3)
    sequential = bare_loop.sequential(transport, serial)
    api(sandbox, "DELETE", "/api/messages")
    print(f"send_wave: {n} due at {latency} ms latency, {workers} workers x {threads} in flight", flush=True)
    wave_start = cpu_by_role()
    with timer() as elapsed:
        created = 0
        while True:
            step = dispatch_due().get("created", 0)
            created += step
            if not step:
                break
        dispatched = elapsed()
        arrived = _wait_for(sandbox, n, elapsed)
        seconds = elapsed()
    rate = arrived / seconds
    wave_cpu = per_email_ms(wave_start, cpu_by_role(), arrived)
    stats = api(sandbox, "GET", "/api/stats")[1]
    api(sandbox, "DELETE", "/api/messages")
    after, _ = bare_loop.concurrent(transport, payloads, workers, threads)
    sequential = (sequential + bare_loop.sequential(transport, serial)) / 2
    api(sandbox, "DELETE", "/api/messages")
    # The machine is shared: the ceiling is the mean of a loop just before and one just after the wave.
    ceiling = (before + after) / 2
    print(
        f"  dispatched {created} in {dispatched:.1f}s; {arrived} arrived in {seconds:.1f}s = {rate:,.0f}/s; "
        f"concurrent bare loop {before:,.0f}/s before, {after:,.0f}/s after ({rate / ceiling:.2f}x); "
        f"sequential {sequential:,.0f}/s; duplicates {stats.get('duplicates')}\n"
        f"  CPU ms per email, wave: {_cpu_text(wave_cpu)}; concurrent bare loop: {_cpu_text(bare_cpu)}",
        flush=True,
    )
    extra: dict[str, float | str] = {
        "n": n,
        "workers": workers,
        "in_flight": workers * threads,
        "dispatch_s": round(dispatched, 2),
        "arrived": arrived,
        "bare_before": round(before, 1),
        "bare_after": round(after, 1),
        "cpu_ms_per_email_wave": _cpu_text(wave_cpu),
        "cpu_ms_per_email_bare": _cpu_text(bare_cpu),
    }
    return [
        Result(
            scenario="send_wave",
            figure=f"emails/s at {latency} ms",
            value=rate,
            unit="emails/s",
            baseline=ceiling,
            baseline_label=f"concurrent bare loop, {workers * threads} in flight",
            target=f">= {TARGET}x concurrent bare loop",
            ok=arrived == n and rate >= TARGET * ceiling,
            extra=extra,
        ),
        Result(
            scenario="send_wave",
            figure=f"emails/s at {latency} ms (2nd baseline)",
            value=rate,
            unit="emails/s",
            baseline=sequential,
            baseline_label="sequential bare loop, 1 in flight",
            extra={"n": n, "sample": len(serial)},
        ),
    ]


def _cpu_text(cpu: dict[str, float]) -> str:
    return ", ".join(f"{role} {ms:.2f}" for role, ms in cpu.items() if ms >= 0.005)


def _wait_for(sandbox: str, n: int, elapsed: Any) -> int:
    count = 0
    while elapsed() < WAVE_TIMEOUT:
        count = int(api(sandbox, "GET", "/api/stats/messages")[1]["messages"])
        if count >= n:
            return count
        time.sleep(POLL)
    return count


def _payloads(sample: int) -> list[dict[str, Any]]:
    """What the pipeline is about to send to the first `sample` due subscriptions, built the same way."""
    from service.emails import render_message
    from service.spacing import Pause, plan_next
    from service.subscriptions.history import History
    from service.subscriptions.schedule import schedule_for
    from workers.dispatch import due_query, message_row

    settings = current_settings()
    now = utcnow()
    payloads: list[dict[str, Any]] = []
    with database().session() as session:
        for row in session.execute(due_query(now, sample)).all():
            plan = plan_next(schedule_for(row, row.timezone), [], now, load_curriculum())
            assert not isinstance(plan, Pause)
            message = Message(id=0, **message_row(row, plan, History(), now, 60))
            rendered = render_message(message, session)
            outgoing = Outgoing(
                0, row.email, "Bench Manager", rendered.subject, rendered.html, rendered.text,
                message.reply_token, message.kind, message.lesson_slug, rendered.list_unsubscribe_url,
            )  # fmt: skip
            payloads.append(build_payload(outgoing, settings))
        session.rollback()
    return payloads


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=None, help=f"due messages per wave (default {DEFAULT_N})")
    parser.add_argument("--full", action="store_true", help=f"{FULL_N} per wave")
    parser.add_argument("--workers", type=int, default=2, help="RQ worker processes (default 2)")
    parser.add_argument("--database-url", default=None, help="a scratch PostgreSQL database (wiped)")
    parser.add_argument("--latency", type=int, nargs="*", default=[0, 100], help="sandbox latencies in ms")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.n, args.workers, args.database_url, args.latency))


if __name__ == "__main__":
    main()
