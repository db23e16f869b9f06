"""Shared fixtures: a real Redis, migrated databases (SQLite always, PostgreSQL when configured), the app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from service import migrate, queues
from service.app import create_app
from service.db import Database, database, forget_databases
from service.embedded_redis import EmbeddedRedis
from service.models import Base
from service.settings import Settings, use_settings

STRICT = os.environ.get("COACH_STRICT_SKIPS") == "1"
TEST_INBOUND_AUTH = "parse:test-inbound-secret"


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker.startswith("gw") else 0


# Tests that time real processes (workers killed mid-send, Redis failovers, leases running out):
# `make test` runs them alone after the rest, which runs on two cores (pytest -m "not serial" -n 2).
SERIAL = (
    "tests/chaos/",
    "tests/sending/test_pipeline.py",
    "tests/sending/test_rate_limiting.py",
    "tests/test_redis_sentinel.py",
    "tests/test_dev_stack.py",
    "tests/test_process_logs.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the SERIAL files' tests `serial` (one list here rather than a marker in each file)."""
    root = Path(str(config.rootpath))
    for item in items:
        relative = Path(str(item.path)).relative_to(root).as_posix()
        if relative.startswith(SERIAL):
            item.add_marker(pytest.mark.serial)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With COACH_STRICT_SKIPS=1 (set by .ci/run) a skipped test fails: CI never skips silently."""
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under COACH_STRICT_SKIPS=1: {reason}"


# ---------------------------------------------------------------- Redis


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """REDIS_URL if set (a database number per xdist worker), else an embedded server."""
    configured = os.environ.get("REDIS_URL")
    if configured:
        url = make_url_with_db(configured, 1 + _worker_index())
        try:
            Redis.from_url(url, socket_connect_timeout=3).ping()
        except Exception as exc:  # noqa: BLE001 - any failure here must stop the run loudly
            pytest.exit(f"REDIS_URL={configured} is unreachable: {exc}", returncode=3)
        yield url
        return
    socket = Path(f"/tmp/coach-test-{os.getpid()}.sock")  # noqa: S108 - unix socket paths must be short
    server = EmbeddedRedis(socket, tmp_path_factory.mktemp("redis"), persist=False).start()
    yield server.url
    server.stop()


def make_url_with_db(url: str, db: int) -> str:
    base = url.split("?")[0]
    if base.startswith("unix://"):
        return f"{base}?db={db}"
    head, _, tail = base.rstrip("/").partition("://")
    host = tail.split("/")[0]
    return f"{head}://{host}/{db}"


@pytest.fixture()
def redis_url(redis_server_url: str) -> Iterator[str]:
    """A flushed Redis database for one test."""
    queues.reset_connections()
    Redis.from_url(redis_server_url).flushdb()
    yield redis_server_url
    queues.reset_connections()


@pytest.fixture()
def redis(redis_url: str) -> Redis:
    return queues.redis_connection(redis_url)


# ---------------------------------------------------------------- databases


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def _postgres_url() -> str:
    """A database of our own per xdist worker, created next to TEST_DATABASE_URL and named after it."""
    base = make_url(os.environ["TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"coach_{base.database or 'test'}_{_worker_index()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable database must stop the run loudly
        pytest.exit(f"TEST_DATABASE_URL is unreachable: {exc}", returncode=3)
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_urls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"}
    if "postgresql" in _backends():
        urls["postgresql"] = _postgres_url()
    return urls


@pytest.fixture(scope="session")
def migrated(database_urls: dict[str, str]) -> dict[str, str]:
    for url in database_urls.values():
        migrate.upgrade(url)
    return database_urls


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest, migrated: dict[str, str]) -> Iterator[Database]:
    """A migrated, empty database on each configured backend."""
    db = database(migrated[request.param])
    yield db
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


# ---------------------------------------------------------------- settings and app


def settings_env(db_url: str, redis_url: str, instance: Path, **extra: str) -> dict[str, str]:
    env = {
        "COACH_ENV": "test",
        "COACH_INSTANCE_PATH": str(instance),
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough",
        "INBOUND_AUTH": TEST_INBOUND_AUTH,
        "COACH_PUBLIC_URL": "http://coach.test",
    }
    env.update(extra)
    return env


@pytest.fixture()
def settings(db: Database, redis_url: str, tmp_path: Path) -> Iterator[Settings]:
    value = Settings.from_env(settings_env(db.url, redis_url, tmp_path / "instance"))
    use_settings(value)
    yield value
    use_settings(None)


@pytest.fixture()
def app(settings: Settings):  # type: ignore[no-untyped-def]
    app = create_app({"SETTINGS": settings, "TESTING": True})
    yield app


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(scope="session", autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    forget_databases()
