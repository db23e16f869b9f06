"""The commitments table and its read helpers: counts per manager and program, a manager's own list."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from service.commitments import CommitmentCounts, counts_by_manager, manager_commitments, program_counts
from service.db import Database
from service.models import Commitment, CommitmentOutcome, Manager, Program, Reply

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _manager(session, email: str, program_id: int | None = None) -> Manager:  # type: ignore[no-untyped-def]
    manager = Manager(email=email, timezone="Europe/Berlin", program_id=program_id)
    session.add(manager)
    session.flush()
    return manager


def _commitment(manager_id: int, status: str = "open", *, days: int = 0, **extra: object) -> Commitment:
    made = T0 + timedelta(days=days)
    values: dict[str, object] = {
        "manager_id": manager_id,
        "text": "I will raise it in Friday's pipeline review.",
        "due_phrase": "Friday",
        "made_at": made,
        "made_on": made.date(),
        "due_on": made.date() + timedelta(days=4),
        "status": status,
        "postponed": 0,
        "position": 0,
    }
    values.update(extra)
    return Commitment(**values)


def test_counts_by_manager_folds_statuses_and_reports_zeros(db: Database) -> None:
    with db.transaction() as session:
        a = _manager(session, "a@example.com")
        b = _manager(session, "b@example.com")
        c = _manager(session, "c@example.com")
        session.add_all(
            [
                _commitment(a.id, "open"),
                _commitment(a.id, "done"),
                _commitment(a.id, "done"),
                _commitment(a.id, "dropped"),
                _commitment(b.id, "open"),
            ]
        )
        session.flush()
        counts = counts_by_manager(session, [a.id, b.id, c.id])
    assert counts[a.id] == CommitmentCounts(made=4, open=1, done=2, dropped=1)
    assert (counts[a.id].kept, counts[a.id].resolved) == (2, 3)
    assert counts[b.id] == CommitmentCounts(made=1, open=1)
    assert counts[c.id] == CommitmentCounts()
    with db.session() as session:
        assert counts_by_manager(session, []) == {}


def test_counts_respect_the_made_window(db: Database) -> None:
    with db.transaction() as session:
        a = _manager(session, "a@example.com")
        session.add_all([_commitment(a.id, "done", days=0), _commitment(a.id, "open", days=10)])
        session.flush()
        since = T0 + timedelta(days=5)
        assert counts_by_manager(session, [a.id], made_since=since)[a.id] == CommitmentCounts(made=1, open=1)
        assert counts_by_manager(session, [a.id], made_until=since)[a.id] == CommitmentCounts(made=1, done=1)


def test_program_counts_cover_only_that_programs_managers(db: Database) -> None:
    with db.transaction() as session:
        one, two = Program(name="One"), Program(name="Two")
        session.add_all([one, two])
        session.flush()
        a = _manager(session, "a@example.com", one.id)
        b = _manager(session, "b@example.com", one.id)
        c = _manager(session, "c@example.com", two.id)
        session.add_all([_commitment(a.id, "done"), _commitment(b.id, "open"), _commitment(c.id, "dropped")])
        session.flush()
        assert program_counts(session, one.id) == CommitmentCounts(made=2, open=1, done=1)
        assert program_counts(session, two.id) == CommitmentCounts(made=1, dropped=1)
        assert program_counts(session, 999) == CommitmentCounts()


def test_manager_commitments_newest_first_with_outcomes_and_status_filter(db: Database) -> None:
    with db.transaction() as session:
        a = _manager(session, "a@example.com")
        other = _manager(session, "other@example.com")
        old = _commitment(a.id, "done", days=0)
        new = _commitment(a.id, "open", days=3, due_phrase=None)
        session.add_all([old, new, _commitment(other.id)])
        session.flush()
        session.add(CommitmentOutcome(commitment_id=old.id, outcome="done", source="link", recorded_at=T0))
        session.flush()
        old_id, new_id = old.id, new.id
    with db.session() as session:
        listed = manager_commitments(session, a.id)
        assert [c.id for c in listed] == [new_id, old_id]
        assert [o.outcome for o in listed[1].outcomes] == ["done"]
        assert (listed[0].named_date, listed[1].named_date) == (False, True)
        assert [c.id for c in manager_commitments(session, a.id, statuses=["open"])] == [new_id]
        assert len(manager_commitments(session, a.id, limit=1)) == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("status", "maybe"), ("status", ""), ("postponed", -1), ("position", -2)],
)
def test_the_database_refuses_impossible_values(db: Database, field: str, value: object) -> None:
    with db.transaction() as session:
        manager_id = _manager(session, "a@example.com").id
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(_commitment(manager_id, **{field: value}))  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), [("outcome", "later"), ("source", "api")])
def test_outcomes_refuse_unknown_values(db: Database, field: str, value: str) -> None:
    with db.transaction() as session:
        manager_id = _manager(session, "a@example.com").id
        commitment = _commitment(manager_id)
        session.add(commitment)
        session.flush()
        commitment_id = commitment.id
    values = {"commitment_id": commitment_id, "outcome": "done", "source": "link", field: value}
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(CommitmentOutcome(**values))


def test_one_commitment_per_position_of_a_reply_and_cascades(db: Database) -> None:
    with db.transaction() as session:
        manager = _manager(session, "a@example.com")
        reply = Reply(manager_id=manager.id, text="I will…", received_at=T0)
        session.add(reply)
        session.flush()
        ids = (manager.id, reply.id)
        session.add(_commitment(manager.id, reply_id=reply.id, position=0))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(_commitment(ids[0], reply_id=ids[1], position=0))
    with db.transaction() as session:
        session.execute(delete(Reply).where(Reply.id == ids[1]))
    with db.session() as session:
        assert session.scalars(select(Commitment.reply_id)).all() == [None]  # the commitment stays
    with db.transaction() as session:
        session.execute(delete(Manager).where(Manager.id == ids[0]))
    with db.session() as session:
        assert session.scalars(select(Commitment)).all() == []  # gone with the manager
        assert date(2026, 3, 2) == T0.date()
