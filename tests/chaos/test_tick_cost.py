"""The dispatcher's cost must follow the number due, not the number of subscriptions or sent emails.

bench/dispatch_scaling.py measures it; this test pins the reason it holds, without timing anything:
every statement a tick runs (captured from a real `dispatch_due`) is planned by SQLite onto an index
that narrows it to the due rows. SQLite plans without statistics (the app never runs ANALYZE), so
these plans are the ones a production SQLite database gets.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from service import migrate
from service.db import Database, database
from service.settings import Settings, use_settings
from tests.chaos.wave import seed_due
from tests.conftest import settings_env
from workers.dispatch import DISPATCH_BATCH, dispatch_due

BIG_TABLES = ("messages", "subscriptions", "managers", "replies", "provider_events", "inbound_posts")
# Statement (recognised by a fragment) -> the indexes allowed to serve its table.
HISTORY = "WHERE messages.subscription_id IN"
EXPECTED = {HISTORY: ("ix_messages_subscription_created", "uq_messages_subscription_seq")}


@pytest.fixture()
def sqlite_db(tmp_path: Path, redis_url: str) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    migrate.upgrade(url)
    use_settings(Settings.from_env(settings_env(url, redis_url, tmp_path / "instance")))
    yield database(url)
    use_settings(None)


def captured_statements(db: Database) -> list[tuple[str, Any]]:
    """Every single (not executemany) statement of one real tick over a full batch of due rows."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, many: bool) -> None:
        if not many and statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert dispatch_due().get("created") == DISPATCH_BATCH + 50
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def plan(db: Database, statement: str, parameters: Any) -> list[str]:
    connection = sqlite3.connect(str(db.engine.url.database))
    try:
        return [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + statement, parameters)]
    finally:
        connection.close()


def test_every_statement_of_a_tick_is_narrowed_by_an_index(sqlite_db: Database) -> None:
    seed_due(sqlite_db, DISPATCH_BATCH + 50, prefix="planned")
    statements = captured_statements(sqlite_db)
    assert any(HISTORY in s for s, _ in statements)

    problems: list[str] = []
    for statement, parameters in statements:
        steps = plan(sqlite_db, statement, parameters)
        for step in steps:
            if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b(?! USING (COVERING )?INDEX)", step):
                problems.append(f"full scan {step!r} in {statement[:120]!r}")
        for fragment, allowed in EXPECTED.items():
            if fragment in statement and not any(index in step for step in steps for index in allowed):
                problems.append(f"{steps} instead of one of {allowed} for {statement[:120]!r}")
    assert problems == []
