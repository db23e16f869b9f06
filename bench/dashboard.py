"""Dashboard, manager table, engagement API and CSV export on PostgreSQL at scale.

One program of 100,000 managers, 2,000,000 messages and ~400,000 replies with --full (a tenth by
default), loaded with COPY into a database of its own next to --database-url. Each figure is
measured through the Flask app (templates and JSON included) next to a naive version computing the
same figures by fetching every row into Python, in the same run. Target: dashboard p95 <= 300 ms
at full size; CSV export memory flat in the number of rows (a program a tenth the size is exported
too, and the peaks compared).

    python -m bench.dashboard [--full] [--database-url URL] [--samples N] [--reload]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from bench import dashboard_naive as naive
from bench.common import Result, percentile, print_table
from bench.dashboard_data import MESSAGES_PER_MANAGER, load
from service import migrate
from service.accounts import assign_program, create_account, create_program, issue_api_token
from service.analytics.figures import Figures, forget_figures
from service.app import create_app
from service.db import database, forget_databases
from service.embedded_redis import EmbeddedRedis
from service.models import Commitment, Lead, Manager, Program, utcnow
from service.queues import DEFAULT, queue, redis_connection
from service.settings import Settings, use_settings
from workers.analytics import refresh_figures

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
BENCH_PREFIX = "coach_bench_dashboard"
FULL_MANAGERS = 100_000
SMALL_MANAGERS = 10_000
PASSWORD = "bench password 123"  # noqa: S105 - a throwaway account in a scratch database
LEAD = "bench.lead@example.com"
TARGET_P95_MS = 300.0


def bench_database(base: str) -> str:
    """The scratch database's name, after --database-url's own, so checkouts sharing a server do not
    drop each other's (e.g. .../leads16 -> coach_bench_dashboard_leads16)."""
    name = make_url(base).database or "test"
    suffix = "".join(char for char in name.lower() if char.isalnum() or char == "_")[:30]
    return f"{BENCH_PREFIX}_{suffix}" if suffix and suffix != "test" else BENCH_PREFIX


def _bench_url(base: str) -> str:
    url = make_url(base).set(drivername="postgresql+psycopg")
    return url.set(database=bench_database(base)).render_as_string(hide_password=False)


def _recreate(base: str) -> None:
    name = bench_database(base)
    admin = create_engine(make_url(base).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


def _at_head(url: str) -> bool:
    head = ScriptDirectory.from_config(migrate.alembic_config(url)).get_current_head()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision() == head
    finally:
        engine.dispose()


def _loaded(url: str, managers: int) -> bool:
    """True when the scratch database holds this size of data on the current schema."""
    try:
        if not _at_head(url):
            return False
        with database(url).session() as session:
            count = session.scalar(select(func.count()).select_from(Manager))
            # Data loaded before commitments had a source counted nothing for the program's leads.
            sourceless = session.scalar(
                select(func.count()).select_from(Commitment).where(Commitment.nudge_message_id.is_(None))
            )
    except Exception:  # noqa: BLE001 - no database or no schema yet: load it
        return False
    return count == managers + managers // 10 and sourceless == 0


def prepare(base: str, managers: int, reload: bool) -> str:
    """The bench database with data for `managers` (reused when it is already there)."""
    url = _bench_url(base)
    if not reload and _loaded(url, managers):
        print(f"reusing {bench_database(base)} ({managers:,} managers)", flush=True)
        return url
    forget_databases()
    _recreate(base)
    migrate.upgrade(url)
    now = utcnow()
    with database(url).transaction() as session:
        big = create_program(session, "Bench program").id
        small = create_program(session, "Bench program (a tenth)").id
        lead = create_account(session, LEAD, PASSWORD)
        assign_program(session, lead.id, big)
        assign_program(session, lead.id, small)
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    started = time.perf_counter()
    counts = load(conninfo, big, managers, 1, now, seed=1)
    load(conninfo, small, managers // 10, managers + 1, now, seed=2)
    with create_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
        for table in ("managers", "subscriptions", "subscription_status_history", "messages", "replies"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))  # noqa: S608
        connection.execute(text("VACUUM ANALYZE"))
    print(f"loaded {counts} in {time.perf_counter() - started:.0f} s", flush=True)
    return url


@contextmanager
def app_client(url: str) -> Iterator[Any]:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        socket = Path("/tmp") / f"coach-bench-dash-{Path(tmp).name}.sock"  # noqa: S108 - short socket path
        redis = EmbeddedRedis(socket, Path(tmp), persist=False)
        with redis:
            env = {
                "COACH_ENV": "test",
                "COACH_INSTANCE_PATH": tmp,
                "DATABASE_URL": url,
                "REDIS_URL": redis.url,
                "SECRET_KEY": "bench-secret-key-long-enough",
                "INBOUND_AUTH": "a:b",
            }
            settings = Settings.from_env(env)
            use_settings(settings)
            app = create_app({"SETTINGS": settings, "TESTING": True, "WTF_CSRF_ENABLED": False})
            client = app.test_client()
            response = client.post("/leads/login", data={"email": LEAD, "password": PASSWORD})
            assert response.status_code == 302, response.status_code
            yield client


def _times(call: Callable[[], object], samples: int, warm: bool = True) -> list[float]:
    if warm:
        call()  # warm-up: caches, plans, templates
    values = []
    for _ in range(samples):
        gc.collect()
        started = time.perf_counter()
        call()
        values.append((time.perf_counter() - started) * 1000)
    return values


def _get(client: Any, url: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data()

    return call


def _stream(client: Any, url: str) -> tuple[float, float, int]:
    """(time to first byte ms, total ms, bytes) of a streamed response."""
    started = time.perf_counter()
    response = client.get(url)
    chunks = iter(response.response)
    first = next(chunks)
    ttfb = (time.perf_counter() - started) * 1000
    size = len(first) + sum(len(chunk) for chunk in chunks)
    response.close()
    return ttfb, (time.perf_counter() - started) * 1000, size


def _peak_mb(call: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _pair(name: str, ours: list[float], baseline: list[float], pct: int, target: str = "",
          ok: bool | None = None, **extra: float | str) -> Result:  # fmt: skip
    return Result("dashboard", f"{name} p{pct}", percentile(ours, pct), "ms", percentile(baseline, pct),
                  "naive", target, ok, dict(extra))  # fmt: skip


def run(full: bool = False, database_url: str | None = None, samples: int | None = None,
        reload: bool = False) -> list[Result]:  # fmt: skip
    managers = FULL_MANAGERS if full else SMALL_MANAGERS
    samples = samples or (20 if full else 30)
    naive_samples = 1 if full else 3  # a naive run at full size takes about a minute
    url = prepare(database_url or DEFAULT_URL, managers, reload)
    results: list[Result] = []
    with app_client(url) as client, database(url).session() as session:
        big = session.scalars(select(Program.id).where(Program.name == "Bench program")).one()
        small = session.scalars(select(Program.id).where(Program.name == "Bench program (a tenth)")).one()
        now = utcnow()
        size = {"managers": managers, "messages": managers * MESSAGES_PER_MANAGER}

        def fresh(call: Callable[[], object]) -> Callable[[], object]:
            def wrapped() -> object:
                session.rollback()
                return call()

            return wrapped

        print("timing the dashboard...", flush=True)
        page = _get(client, f"/leads/programs/{big}")
        ours = _times(page, samples)
        cold = _times(lambda: (_forget(big), page()), max(5, samples // 2))
        stale = _times(lambda: (_age(big), page()), max(5, samples // 2))
        refresh = _times(lambda: refresh_figures(big, {"days": "7"}, "UTC"), max(5, samples // 2))
        queue(DEFAULT, redis_connection()).empty()  # the refreshes the stale views enqueued
        base = _times(fresh(lambda: naive.dashboard(session, big, now)), naive_samples, warm=not full)
        results.append(_pair("dashboard page", ours, base, 50, **size))
        ok = percentile(ours, 95) <= TARGET_P95_MS
        results.append(_pair("dashboard page", ours, base, 95, f"p95 <= {TARGET_P95_MS:.0f} ms", ok, **size))
        results += [
            _pair("dashboard page, stale snapshot (refresh enqueued)", stale, base, pct) for pct in (50, 95)
        ]
        results += [_pair("snapshot refresh, in a worker", refresh, base, pct) for pct in (50, 95)]
        results += [_pair("dashboard page, first view (no snapshot)", cold, base, pct) for pct in (50, 95)]
        to_date = _get(client, f"/leads/programs/{big}?period=ptd")
        ours = _times(to_date, samples)
        target = f"p95 <= {TARGET_P95_MS:.0f} ms"
        ok = percentile(ours, 95) <= TARGET_P95_MS
        results.append(_pair("dashboard page, program to date", ours, base, 95, target, ok, **size))
        cold = _times(lambda: (_forget(big), to_date()), max(5, samples // 2))
        results.append(_pair("dashboard page, program to date, first view", cold, base, 50))
        print("timing the manager table...", flush=True)
        ours = _times(_get(client, f"/leads/programs/{big}/managers"), samples)
        table_base = _times(
            fresh(lambda: naive.manager_page(session, big, now)), naive_samples, warm=not full
        )
        results += [_pair("manager table first page", ours, table_base, pct) for pct in (50, 95)]
        by_reply = _times(_get(client, f"/leads/programs/{big}/managers?sort=last_reply&dir=desc"), 5)
        results.append(_pair("manager table sorted by last reply", by_reply, table_base, 50))
        print("timing the engagement API...", flush=True)
        api = _api_call(client, url, big)
        ours = _times(api, samples)
        results += [_pair("engagement API", ours, base, pct) for pct in (50, 95)]
        print("timing the CSV export...", flush=True)
        export = f"/leads/programs/{big}/export.csv"
        streamed = [_stream(client, export) for _ in range(3)]
        naive_total = _times(fresh(lambda: naive.export_csv(session, big, now)), naive_samples, warm=not full)
        ttfb, total = [s[0] for s in streamed], [s[1] for s in streamed]
        results.append(_pair("CSV export time to first byte", ttfb, naive_total, 50, bytes=streamed[0][2]))
        results.append(_pair("CSV export total", total, naive_total, 50))
        print("measuring CSV export memory...", flush=True)
        peak_big = _peak_mb(lambda: _stream(client, export))
        peak_small = _peak_mb(lambda: _stream(client, f"/leads/programs/{small}/export.csv"))
        naive_big = _peak_mb(fresh(lambda: naive.export_csv(session, big, now)))
        naive_small = _peak_mb(fresh(lambda: naive.export_csv(session, small, now)))
        extra = {"tenth_program_mb": round(peak_small, 1), "naive_tenth_program_mb": round(naive_small, 1)}
        flat = peak_big <= 2 * peak_small + 1
        results.append(Result("dashboard", "CSV export peak memory", peak_big, "MB", naive_big, "naive",
                              "flat: <= 2x the 1/10 program", flat, extra))  # fmt: skip
    return results


def _api_call(client: Any, url: str, program_id: int) -> Callable[[], object]:
    with database(url).transaction() as session:
        lead = session.scalars(select(Lead).where(Lead.email == LEAD)).one()
        token = issue_api_token(session, lead.id, "bench").secret
    api = client.application.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def call() -> object:
        response = api.get(f"/api/v1/programs/{program_id}/engagement", headers=headers)
        assert response.status_code == 200, response.status_code
        return response.get_data()

    return call


def _forget(program_id: int) -> None:
    forget_figures(redis_connection(), program_id)


def _age(program_id: int, days: int = 7) -> None:
    """Make the program's snapshot two minutes old and unlocked, so the next view enqueues a refresh."""
    redis = redis_connection()
    key = f"coach:analytics:figures:{program_id}:{days}"
    redis.delete(f"{key}:lock")
    figures = Figures.from_json(redis.get(key))  # type: ignore[arg-type]
    redis.set(key, replace(figures, computed_at=figures.computed_at - timedelta(minutes=2)).to_json())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="the issue's size: 100,000 managers, 2M messages")
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help="a PostgreSQL server (a database of our own is created)"
    )
    parser.add_argument("--samples", type=int, default=None)
    parser.add_argument("--reload", action="store_true", help="regenerate the data even if present")
    args = parser.parse_args(argv)
    print_table(run(args.full, args.database_url, args.samples, args.reload))


if __name__ == "__main__":
    main()
