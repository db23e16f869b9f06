"""The schema comes only from migrations: they run up and down and match the models."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import create_engine, delete, insert, inspect, select, text, update
from sqlalchemy.exc import IntegrityError

from service import migrate
from service.db import Database
from service.enums import (
    EmailKind,
    InboundStatus,
    LeadRole,
    MessageStatus,
    PauseReason,
    SubscriptionStatus,
    SuppressionReason,
    UnsubscribeReason,
)
from service.models import (
    Base,
    Commitment,
    Manager,
    Message,
    PendingChange,
    Reply,
    Subscription,
    Suppression,
)
from service.models.checks import check_name
from service.schema_checks import replace_check


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_then_downgrade_to_base_and_back(db: Database) -> None:
    url = db.url
    tables = set(Base.metadata.tables)
    migrate.downgrade(url, "base")
    engine = create_engine(url)
    try:
        assert set(inspect(engine).get_table_names()) & tables == set()
        migrate.upgrade(url)
        assert tables <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    db.dispose()


def test_managers_who_shared_before_share_only_from_the_migration_on(db: Database) -> None:
    """The old checkbox showed earlier replies without saying so: after the upgrade, sharing is on
    from the moment of the migration, and a downgrade keeps the consent flag."""
    url = db.url
    migrate.downgrade(url, "0002_commitments")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            for id_, email, share in ((1, "on@example.com", True), (2, "off@example.com", False)):
                connection.execute(
                    text(
                        "INSERT INTO managers (id, email, name, timezone, share_replies, created_at) "
                        "VALUES (:id, :email, '', 'UTC', :share, :created)"
                    ),
                    {"id": id_, "email": email, "share": share, "created": datetime(2026, 1, 1, tzinfo=UTC)},
                )
        before = datetime.now(UTC)
        migrate.upgrade(url)
        with db.session() as session:
            since = dict(session.execute(select(Manager.email, Manager.sharing_since)).all())
        assert since["off@example.com"] is None
        shared_from = since["on@example.com"]
        assert shared_from is not None and shared_from >= before - timedelta(seconds=1)
        migrate.downgrade(url, "0002_commitments")
        with engine.connect() as connection:
            flags = dict(connection.execute(text("SELECT email, share_replies FROM managers")).all())
        assert {email: bool(flag) for email, flag in flags.items()} == {
            "on@example.com": True,
            "off@example.com": False,
        }
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM managers"))
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()


ENUM_COLUMNS = [
    ("messages", "kind", EmailKind),
    ("messages", "status", MessageStatus),
    ("subscriptions", "status", SubscriptionStatus),
    ("inbound_posts", "status", InboundStatus),
    ("leads", "role", LeadRole),
    ("subscriptions", "unsubscribe_reason", UnsubscribeReason),
    ("subscriptions", "pause_reason", PauseReason),
    ("suppressions", "reason", SuppressionReason),
    ("subscription_status_history", "status", SubscriptionStatus),
]


def _allowed(db: Database, table: str, column: str) -> set[str]:
    """The values the database's CHECK on `table.column` allows (SQLite and PostgreSQL spellings)."""
    checks = inspect(db.engine).get_check_constraints(table)
    [check] = [c for c in checks if c["name"] == check_name(table, column)]
    return set(re.findall(r"'([^']+)'", check["sqltext"]))


@pytest.mark.parametrize(("table", "column", "enum"), ENUM_COLUMNS)
def test_each_enum_is_a_check_constraint_in_the_migrated_database(
    db: Database, table: str, column: str, enum: type[StrEnum]
) -> None:
    assert _allowed(db, table, column) == {member.value for member in enum}


def test_a_value_outside_the_enum_is_refused_by_the_database(db: Database) -> None:
    row = {"kind": "newsletter", "to_email": "a@example.com", "status": "queued", "reply_token": "t1"}
    with pytest.raises(IntegrityError, match="ck_messages_kind"), db.transaction() as session:
        session.execute(insert(Message).values(**row, context={}, attempts=0))
    with pytest.raises(IntegrityError, match="ck_messages_status"), db.transaction() as session:
        session.execute(insert(Message).values(**{**row, "kind": "nudge", "status": "lost"}, context={}))


def test_an_unknown_pause_or_suppression_reason_is_refused_by_the_database(db: Database) -> None:
    with db.transaction() as session:
        session.add(Manager(email="jo@example.com", name="Jo", timezone="UTC"))
    with pytest.raises(IntegrityError, match="ck_suppressions_reason"), db.transaction() as session:
        session.execute(insert(Suppression).values(email="jo@example.com", reason="vacation"))
    with db.transaction() as session:
        session.execute(insert(Suppression).values(email="jo@example.com", reason=SuppressionReason.BOUNCE))
        manager_id = session.scalars(select(Manager.id)).one()
        session.execute(
            insert(Subscription).values(manager_id=manager_id, lesson_slug="share-credit", status="paused")
        )
    with pytest.raises(IntegrityError, match="ck_subscriptions_pause_reason"), db.transaction() as session:
        session.execute(update(Subscription).values(pause_reason="vacation"))
    with db.transaction() as session:
        session.execute(update(Subscription).values(pause_reason=PauseReason.UNRESPONSIVE))
        assert session.scalars(select(Subscription.pause_reason)).one() == "unresponsive"


def test_replace_check_adds_a_value_and_takes_it_back(db: Database) -> None:
    """The recipe for a new email kind (service/schema_checks.py), run both ways on a real database."""
    before = sorted(_allowed(db, "messages", "kind"))
    try:
        with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
            replace_check("messages", "kind", [*before, "commitment"])
        assert _allowed(db, "messages", "kind") == {*before, "commitment"}
        with db.transaction() as session:
            session.execute(
                insert(Message).values(
                    kind="commitment", to_email="a@example.com", status="queued", reply_token="t2", context={}
                )
            )
            session.execute(delete(Message))
    finally:
        with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
            replace_check("messages", "kind", before)
        db.dispose()
    assert _allowed(db, "messages", "kind") == set(before)


ADD_PROGRAM = "INSERT INTO programs (id, name, created_at) VALUES (1, 'P', :t)"
ADD_MANAGER = (
    "INSERT INTO managers (id, email, name, timezone, program_id, created_at, invited_at) "
    "VALUES (:id, :email, 'N', 'UTC', :program, :t, :invited)"
)
ADD_SUBSCRIPTION = (
    "INSERT INTO subscriptions (manager_id, lesson_slug, status, send_time, weekdays, intensity, next_seq, "
    "unanswered_streak, created_at, updated_at) "
    "VALUES (:id, 'share-credit', 'active', '09:00:00', 'mon', 'standard', 1, 0, :t, :t)"
)


def test_memberships_nobody_accepted_become_invitations(db: Database) -> None:
    """Enrolment used to attach people at once: after the upgrade, a member who never subscribed, or
    whose own subscription is older than the enrolment (pulled in), is a pending invitation instead."""
    url = db.url
    migrate.downgrade(url, "0006_commitment_kinds")
    engine = create_engine(url)
    day = timedelta(days=1)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    people = [  # email, in the program, invited at, subscription created at
        ("never.subscribed@example.com", True, start, None),
        ("pulled.in@example.com", True, start + 10 * day, start),
        ("accepted@example.com", True, start, start + day),
        ("independent@example.com", False, None, start),
    ]
    try:
        with engine.begin() as connection:
            connection.execute(text(ADD_PROGRAM), {"t": start})
            for id_, (email, member, invited, subscribed) in enumerate(people, start=1):
                program = 1 if member else None
                values = {"id": id_, "email": email, "program": program, "t": start, "invited": invited}
                connection.execute(text(ADD_MANAGER), values)
                if subscribed is not None:
                    connection.execute(text(ADD_SUBSCRIPTION), {"id": id_, "t": subscribed})
        migrate.upgrade(url)
        with engine.connect() as connection:
            programs = dict(connection.execute(text("SELECT email, program_id FROM managers")).all())
            invited = sorted(connection.execute(text("SELECT email, status FROM program_invitations")).all())
        assert programs == {
            "never.subscribed@example.com": None,
            "pulled.in@example.com": None,
            "accepted@example.com": 1,
            "independent@example.com": None,
        }
        assert invited == [("never.subscribed@example.com", "pending"), ("pulled.in@example.com", "pending")]
        migrate.downgrade(url, "0006_commitment_kinds")
        with engine.connect() as connection:
            restored = dict(connection.execute(text("SELECT email, program_id FROM managers")).all())
        assert restored == {email: 1 if member else None for email, member, _, _ in people}
        with engine.begin() as connection:
            for table in ("subscriptions", "managers", "programs"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed table names
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()


ADD_INVITATION = (
    "INSERT INTO program_invitations (program_id, email, name, timezone, status, created_at) "
    "VALUES (1, :email, '', 'UTC', :status, :t)"
)


def test_an_invitation_id_is_never_handed_out_twice(db: Database) -> None:
    """A join link names its invitation's id: once the newest invitation is withdrawn (deleted), the
    next one must get a new id, or the withdrawn link would open it (SQLite reused the highest id)."""
    url = db.url
    migrate.downgrade(url, "0015_inbound_body_lz4")
    engine = create_engine(url)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        with engine.begin() as connection:
            connection.execute(text(ADD_PROGRAM), {"t": start})
            for email, status in (("kept@example.com", "accepted"), ("newest@example.com", "pending")):
                connection.execute(text(ADD_INVITATION), {"email": email, "status": status, "t": start})
        migrate.upgrade(url)
        with engine.begin() as connection:
            kept = sorted(connection.execute(text("SELECT id, email, status FROM program_invitations")).all())
            newest = max(row[0] for row in kept)
            connection.execute(text("DELETE FROM program_invitations WHERE id = :id"), {"id": newest})
            connection.execute(
                text(ADD_INVITATION), {"email": "later@example.com", "status": "pending", "t": start}
            )
            later = connection.execute(
                text("SELECT id FROM program_invitations WHERE email = 'later@example.com'")
            ).scalar_one()
            with pytest.raises(IntegrityError), connection.begin_nested():  # constraints kept
                connection.execute(
                    text(ADD_INVITATION), {"email": "x@example.com", "status": "gone", "t": start}
                )
        assert [(email, status) for _, email, status in kept] == [
            ("kept@example.com", "accepted"),
            ("newest@example.com", "pending"),
        ]
        assert later > newest
        with engine.begin() as connection:
            for table in ("program_invitations", "programs"):
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed table names
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()


# The tables whose ids email links carry (0018), children first, and a row of each for a given number.
START = datetime(2026, 1, 1, tzinfo=UTC)
LINKED_TABLES = {
    "commitments": lambda n, first: insert(Commitment).values(
        manager_id=first["managers"],
        position=n,
        text=f"c{n}",
        made_at=START,
        made_on=START.date(),
        due_on=START.date(),
        status="open",
        postponed=0,
    ),
    "replies": lambda n, first: insert(Reply).values(text=f"r{n}", received_at=START),
    "messages": lambda n, first: insert(Message).values(
        kind="nudge", to_email=f"m{n}@example.com", status="sent", reply_token=f"token-{n}", context={}
    ),
    "pending_changes": lambda n, first: insert(PendingChange).values(
        subscription_id=first["subscriptions"],
        timezone="UTC",
        lesson_slug="share-credit",
        send_time=START.time(),
        weekdays="mon",
        intensity="standard",
    ),
    "subscriptions": lambda n, first: insert(Subscription).values(
        manager_id=first["managers"], lesson_slug="share-credit", status="active"
    ),
    "managers": lambda n, first: insert(Manager).values(email=f"p{n}@example.com", name="P", timezone="UTC"),
}


def _add(connection, table: str, n: int, first: dict[str, int]) -> int:  # type: ignore[no-untyped-def]
    """Row `n` of `table`; a subscription gets a manager of its own (one subscription per manager)."""
    if table == "subscriptions":
        first = {**first, "managers": _add(connection, "managers", 100 + n, first)}
    return int(connection.execute(LINKED_TABLES[table](n, first).returning(text("id"))).scalar_one())


def _linked_rows(connection) -> dict[str, list[tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    return {
        table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))]  # noqa: S608
        for table in LINKED_TABLES
    }


def _autoincrement(connection) -> set[str]:  # type: ignore[no-untyped-def]
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    return {name for name, sql in rows if name in LINKED_TABLES and "AUTOINCREMENT" in sql}


def test_ids_in_links_are_never_handed_out_twice_and_the_upgrade_keeps_every_row(db: Database) -> None:
    """0018: an erased manager's (or a deleted reply's) ids must never name a later row, or the old
    links open someone else's data. Up and down keep every row with its id."""
    url = db.url
    sqlite = db.engine.dialect.name == "sqlite"
    migrate.downgrade(url, "0017_reply_withheld")
    engine = create_engine(url)
    try:
        first: dict[str, int] = {}
        with engine.begin() as connection:
            if sqlite:
                assert _autoincrement(connection) == set()
            for table in reversed(LINKED_TABLES):  # parents first
                ids = [_add(connection, table, n, first) for n in range(3)]
                first[table] = ids[0]
                connection.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": ids[1]})  # noqa: S608
            before = _linked_rows(connection)
        migrate.upgrade(url, "0018_token_ids_never_reused")
        with engine.begin() as connection:
            assert _linked_rows(connection) == before
            if sqlite:
                assert _autoincrement(connection) == set(LINKED_TABLES)
            for table in LINKED_TABLES:  # the newest row goes, as an erasure does
                newest = connection.execute(text(f"SELECT max(id) FROM {table}")).scalar_one()  # noqa: S608
                connection.execute(text(f"DELETE FROM {table} WHERE id = :id"), {"id": newest})  # noqa: S608
                later = _add(connection, table, 7, first)
                assert later > newest, table
            after = _linked_rows(connection)
        migrate.downgrade(url, "0017_reply_withheld")
        with engine.begin() as connection:
            assert _linked_rows(connection) == after
            if sqlite:
                assert _autoincrement(connection) == set()
            for table in LINKED_TABLES:
                connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608 - fixed table names
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()


T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
# (status, confirmed, unsubscribed, updated) in days after T0, and the history the backfill writes:
# what each row still knows, oldest first; each stretch ends where the next begins
BACKFILLED = [
    ("pending", None, None, 0, [("pending", 0, None)]),
    ("active", 1, None, 9, [("pending", 0, 1), ("active", 1, None)]),
    ("paused", 1, None, 20, [("pending", 0, 1), ("active", 1, 20), ("paused", 20, None)]),
    ("unsubscribed", 2, 15, 30, [("pending", 0, 2), ("active", 2, 15), ("unsubscribed", 15, None)]),
    ("expired", None, None, 8, [("pending", 0, 8), ("expired", 8, None)]),
    ("unsubscribed", None, 3, 3, [("pending", 0, 3), ("unsubscribed", 3, None)]),  # left before confirming
]


def test_status_history_is_backfilled_from_what_subscriptions_know_and_dropped_on_downgrade(
    db: Database,
) -> None:
    url = db.url
    migrate.downgrade(url, "0018_token_ids_never_reused")
    engine = create_engine(url)

    def day(offset: int | None) -> datetime | None:
        return None if offset is None else T0 + timedelta(days=offset)

    try:
        with engine.begin() as connection:
            for number, (status, confirmed, unsubscribed, updated, _history) in enumerate(BACKFILLED, 1):
                connection.execute(
                    text("INSERT INTO managers (id, email, name, timezone, created_at) "
                         "VALUES (:id, :email, '', 'UTC', :at)"),
                    {"id": number, "email": f"m{number}@example.com", "at": T0},
                )  # fmt: skip
                connection.execute(
                    text(
                        "INSERT INTO subscriptions (id, manager_id, lesson_slug, status, send_time, "
                        "weekdays, intensity, next_seq, unanswered_streak, created_at, confirmed_at, "
                        "unsubscribed_at, updated_at) VALUES (:id, :id, 'share-credit', :status, "
                        "'09:00:00', 'mon', 'standard', 1, 0, :created, :confirmed, :unsubscribed, :updated)"
                    ),
                    {"id": number, "status": status, "created": T0, "confirmed": day(confirmed),
                     "unsubscribed": day(unsubscribed), "updated": day(updated)},
                )  # fmt: skip
        migrate.upgrade(url)
        with db.session() as session:
            rows = session.execute(
                text(
                    "SELECT subscription_id, status, changed_at, ended_at FROM subscription_status_history "
                    "ORDER BY subscription_id, changed_at, id"
                )
            ).all()
        got: dict[int, list[tuple[str, datetime, datetime | None]]] = {}
        for subscription_id, status, changed, ended in rows:
            got.setdefault(subscription_id, []).append((status, _utc(changed), _utc(ended)))
        expected = {
            number: [(status, day(start), day(end)) for status, start, end in history]
            for number, (*_, history) in enumerate(BACKFILLED, 1)
        }
        assert got == expected
        migrate.downgrade(url, "0018_token_ids_never_reused")
        assert "subscription_status_history" not in inspect(engine).get_table_names()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM subscriptions"))
            connection.execute(text("DELETE FROM managers"))
    finally:
        engine.dispose()
        migrate.upgrade(url)
    db.dispose()


def _utc(value: datetime | str | None) -> datetime | None:
    """A timestamp read with plain SQL: SQLite gives text, PostgreSQL an aware datetime."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
