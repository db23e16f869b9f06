"""The dashboard's newer figures against numbers worked out by hand: managers' own words (shared only),
newly stalled managers (set-based), commitments kept (by week due), the program-to-date headline,
and the snapshot that carries them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import SimpleWorker
from sqlalchemy.orm import Session

from service.accounts import create_program
from service.analytics.commitments import kept_by_week, kept_counts
from service.analytics.figures import (
    FRESH_FOR,
    REFRESH_JOB,
    Figures,
    cached_figures,
    compute_figures,
    read_snapshot,
    refresh_later,
)
from service.analytics.periods import Window, last_days, program_to_date, recent_weeks
from service.analytics.voices import newly_stalled, shared_quotes
from service.commitments.queries import counts_by_manager
from service.curriculum import load_curriculum
from service.db import Database
from service.models import Commitment, Manager, Message, utcnow
from service.queues import DEFAULT, queue
from service.settings import Settings
from tests.leads.conftest import add_message, add_reply, make_manager

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
JAN1 = datetime(2026, 1, 1, tzinfo=UTC)
LONG = "I asked the SE team to present the deal themselves and it changed the room completely for us"


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def _commit(session: Session, manager: Manager, due: date, status: str) -> Commitment:
    """A commitment: a move taken on from a nudge the manager got in the program."""
    made = datetime.combine(due - timedelta(days=5), datetime.min.time(), tzinfo=UTC)
    nudge = add_message(session, manager, "nudge", made, content_id="share-credit.n1")
    commitment = Commitment(
        manager_id=manager.id, nudge_message_id=nudge.id, text="I will do it.", made_at=made,
        made_on=made.date(), due_on=due, status=status, postponed=0, position=0,
    )  # fmt: skip
    session.add(commitment)
    return commitment


@pytest.fixture()
def program(db: Database) -> dict[str, int]:
    with db.transaction() as s:
        p = create_program(s, "P")
        other = create_program(s, "Q")
        p.created_at = other.created_at = JAN1
        sharer = make_manager(s, p.id, "sharer@example.com", share=True, name="Sam Sharer", created_at=JAN1)
        private = make_manager(s, p.id, "private@example.com", name="Pat Private", created_at=JAN1)
        stalled = make_manager(s, p.id, "stalled@example.com", name="Stella Stalled", created_at=JAN1)
        old_stall = make_manager(s, p.id, "old@example.com", name="Olaf Old", created_at=JAN1)
        outsider = make_manager(s, other.id, "out@example.com", share=True, name="Otto Out", created_at=JAN1)
        for person, text in ((sharer, LONG), (private, "A private reflection about my boss " * 3),
                             (outsider, LONG + " elsewhere")):  # fmt: skip
            x = add_message(
                s, person, "prompt", at(3, 14), content_id="share-credit.p1", replied_at=at(3, 15)
            )
            add_reply(s, x, text, at(3, 15))
        x = add_message(s, sharer, "prompt", at(3, 15), content_id="share-credit.p2", replied_at=at(3, 16))
        add_reply(s, x, "Short one.", at(3, 16))  # too short to quote
        x = add_message(s, sharer, "prompt", at(3, 1), content_id="share-credit.p3", replied_at=at(3, 2))
        add_reply(s, x, LONG + " before the window", at(3, 2))  # outside the window
        # Stella: answered on 1 Mar, then p2, p3 (asked twice), p4 unanswered: third distinct on 12 Mar
        x = add_message(s, stalled, "prompt", at(3, 1), content_id="share-credit.p1", replied_at=at(3, 1, 12))
        add_reply(s, x, "Fine", at(3, 1, 12))
        for day, content in ((5, "p2"), (8, "p3"), (10, "p3"), (12, "p4"), (16, "p5")):
            add_message(s, stalled, "prompt", at(3, day), content_id=f"share-credit.{content}")
        # Olaf: stalled since February (third unanswered on 9 Feb), still missing prompts now
        for day, content in ((2, "p1"), (5, "p2"), (9, "p3"), (20, "p4")):
            add_message(s, old_stall, "prompt", at(2, day), content_id=f"share-credit.{content}")
        add_message(s, old_stall, "prompt", at(3, 13), content_id="share-credit.p5")
        # commitments: week of 2 Mar: 2 due, 1 kept; week of 9 Mar: 3 due (1 kept, 1 dropped, 1 open);
        # due today or later: not counted yet; another program's: never
        _commit(s, sharer, date(2026, 3, 3), "done")
        _commit(s, private, date(2026, 3, 4), "open")
        _commit(s, sharer, date(2026, 3, 10), "done")
        _commit(s, private, date(2026, 3, 11), "dropped")
        _commit(s, stalled, date(2026, 3, 15), "open")
        _commit(s, stalled, date(2026, 3, 18), "done")
        _commit(s, outsider, date(2026, 3, 10), "done")
        return {"p": p.id, "sharer": sharer.id, "stalled": stalled.id, "old": old_stall.id}


def test_quotes_come_only_from_managers_who_share_and_only_from_the_window(
    db: Database, program: dict[str, int]
) -> None:
    with db.session() as session:
        quotes = shared_quotes(session, program["p"], Window(at(3, 11), NOW))
    assert [(q.name, q.text, q.content_id) for q in quotes] == [("Sam Sharer", LONG, "share-credit.p1")]


def test_a_shared_reply_that_tells_nothing_is_never_quoted(db: Database) -> None:
    with db.transaction() as s:
        p = create_program(s, "N")
        nina = make_manager(s, p.id, "nina@example.com", share=True, name="Nina N", created_at=JAN1)
        x = add_message(s, nina, "prompt", at(3, 14), content_id="share-credit.p1", replied_at=at(3, 15))
        add_reply(s, x, "Honestly, nobody comes to mind this week, sorry about that.", at(3, 15))
        program_id, manager = p.id, nina
    with db.session() as session:
        assert shared_quotes(session, program_id, Window(at(3, 11), NOW)) == []
    with db.transaction() as s:
        x = add_message(s, manager, "prompt", at(3, 16), content_id="share-credit.p2", replied_at=at(3, 16))
        add_reply(s, x, LONG, at(3, 16, 10))
    with db.session() as session:
        assert [q.text for q in shared_quotes(session, program_id, Window(at(3, 11), NOW))] == [LONG]


def test_turning_sharing_off_hides_every_quote_at_once(db: Database, program: dict[str, int]) -> None:
    with db.transaction() as session:
        sharer = session.get(Manager, program["sharer"])
        assert sharer is not None
        sharer.sharing_since = None
    with db.session() as session:
        assert shared_quotes(session, program["p"], Window(at(1, 1), NOW)) == []


def test_newly_stalled_counts_who_reached_three_unanswered_prompts_in_the_period(
    db: Database, program: dict[str, int]
) -> None:
    with db.session() as session:
        week, total = newly_stalled(session, program["p"], at(3, 11, 12))
        earlier, total_since_feb = newly_stalled(session, program["p"], at(2, 1))
        none, zero = newly_stalled(session, program["p"], at(3, 13))
    assert total == 1 and [(p.name, p.unanswered, p.since) for p in week] == [
        ("Stella Stalled", 4, at(3, 12))
    ]
    assert total_since_feb == 2 and [p.name for p in earlier] == ["Stella Stalled", "Olaf Old"]
    assert (none, zero) == ([], 0)


def test_commitments_kept_by_week_due_count_only_dates_already_past(
    db: Database, program: dict[str, int]
) -> None:
    weeks = recent_weeks(NOW, 3)  # 2, 9 and 16 March
    with db.session() as session:
        by_week = kept_by_week(session, program["p"], weeks, NOW.date())
        total = kept_counts(session, program["p"], Window(at(1, 1), NOW), NOW.date())
    assert by_week == {0: (2, 1), 1: (3, 1)}  # 15 Mar (a Sunday) is open: not kept; 18 Mar not yet due
    assert total == (5, 2)


def test_the_headline_and_period_figures_carry_their_sample_sizes(
    db: Database, program: dict[str, int]
) -> None:
    curriculum = load_curriculum()
    with db.session() as session:
        figures = compute_figures(session, program["p"], NOW, last_days(NOW, 7), curriculum)
    headline = figures.headline
    counts = (
        headline.prompts,
        headline.prompts_answered,
        headline.commitments_due,
        headline.commitments_kept,
    )
    assert counts == (15, 5, 5, 2)
    assert headline.reply_rate == 33.3 and headline.kept_rate == 40.0
    kept = figures.kpis["commitments_kept"]
    assert (kept.value, kept.base, kept.previous, kept.previous_base) == (0.0, 2, 50.0, 2)
    rate = figures.kpis["reply_rate"]
    assert (rate.base, rate.value) == (6, 50.0)  # 12..18 Mar: 6 prompts, 3 answered
    assert figures.stalled_total == 1 and figures.quotes[0].name == "Sam Sharer"


def test_the_snapshot_round_trips_every_figure(db: Database, program: dict[str, int], redis: Redis) -> None:
    curriculum = load_curriculum()
    with db.session() as session:
        period = program_to_date(NOW, at(1, 1))
        computed = compute_figures(session, program["p"], NOW, period, curriculum)
        assert Figures.from_json(computed.to_json()) == computed
        first = cached_figures(redis, session, program["p"], NOW, period, curriculum)
        again = cached_figures(redis, session, program["p"], NOW + timedelta(seconds=5), period, curriculum)
    assert first == computed and again == computed


@pytest.mark.parametrize(
    "raw", [b"{}", b"not json", b'{"version": 1}', b'{"version": 3, "computed_at": "x"}', b"[]"]
)
def test_a_snapshot_this_code_did_not_write_is_recomputed_not_misread(
    db: Database, program: dict[str, int], redis: Redis, raw: bytes
) -> None:
    period = last_days(NOW, 7)
    redis.set(f"coach:analytics:figures:{program['p']}:{period.cache_key}", raw)
    with db.session() as session:
        figures = cached_figures(redis, session, program["p"], NOW, period, load_curriculum())
    assert figures.computed_at == NOW and figures.kpis["enrolled"].value == 4


@pytest.mark.parametrize(
    ("rows", "chosen"),
    [
        # (reply_id, manager_id, email answered), longest first
        ([(1, 10, "a.p1"), (2, 11, "a.p1"), (3, 12, "a.p2"), (4, 13, "a.p3")], [1, 3, 4]),  # new questions
        ([(1, 10, "a.p1"), (2, 10, "a.p2"), (3, 11, "a.p3")], [1, 3]),  # one per person, even if fewer
        ([(1, 10, "a.p1"), (2, 11, "a.p1"), (3, 12, "a.p1")], [1, 2, 3]),  # same question beats no voice
        ([(1, 10, None), (2, 11, None), (3, 12, "a.p1"), (4, 13, "a.p2")], [1, 3, 4]),
    ],
)
def test_quotes_prefer_several_people_answering_several_questions(
    rows: list[tuple[int, int, str | None]], chosen: list[int]
) -> None:
    from types import SimpleNamespace

    from service.analytics.voices import _varied

    records = [SimpleNamespace(reply_id=reply, manager_id=manager) for reply, manager, _ in rows]
    answered = {reply: email for reply, _, email in rows}
    assert [row.reply_id for row in _varied(records, answered, 3)] == chosen


def test_a_stale_snapshot_is_served_at_once_and_a_worker_refreshes_it(
    db: Database, program: dict[str, int], redis: Redis, settings: Settings
) -> None:
    """A lead never waits for the database when a snapshot exists: the old figures now, new ones soon."""
    period, curriculum = last_days(NOW, 7), load_curriculum()
    refresh = refresh_later(program["p"], period, "Europe/Berlin")
    with db.session() as session:
        first = cached_figures(redis, session, program["p"], NOW, period, curriculum, refresh)
        assert len(queue(DEFAULT, redis)) == 0  # no snapshot yet: computed here, nothing enqueued
        later = NOW + FRESH_FOR + timedelta(seconds=1)
        for _ in range(3):  # many viewers of a stale snapshot: all served it, one refresh enqueued
            assert cached_figures(redis, session, program["p"], later, period, curriculum, refresh) == first
    [job] = queue(DEFAULT, redis).get_jobs()
    assert job.func_name == REFRESH_JOB and job.args == (program["p"], {"days": "7"}, "Europe/Berlin")
    SimpleWorker([queue(DEFAULT, redis)], connection=redis).work(burst=True)
    assert job.get_status(refresh=True) == "finished" and job.return_value() == {"refreshed": 1}
    with db.session() as session:
        refreshed = read_snapshot(redis, program["p"], last_days(utcnow(), 7))
        assert refreshed is not None and refreshed.computed_at > first.computed_at
        # the lock is released: the next stale view enqueues again
        much_later = refreshed.computed_at + FRESH_FOR + timedelta(seconds=1)
        cached_figures(
            redis, session, program["p"], much_later, last_days(much_later, 7), curriculum, refresh
        )
    assert len(queue(DEFAULT, redis)) == 1


def test_a_refresh_that_cannot_be_enqueued_is_computed_in_the_request(
    db: Database, program: dict[str, int], redis: Redis
) -> None:
    period, curriculum = last_days(NOW, 7), load_curriculum()

    def broken() -> None:
        raise RedisConnectionError("queue unreachable")

    with db.session() as session:
        first = cached_figures(redis, session, program["p"], NOW, period, curriculum, broken)
        later = NOW + FRESH_FOR + timedelta(seconds=1)
        again = cached_figures(redis, session, program["p"], later, period, curriculum, broken)
    assert (first.computed_at, again.computed_at) == (NOW, later)
    assert read_snapshot(redis, program["p"], period) == again


def test_a_commitment_made_before_joining_is_not_the_programs(db: Database, program: dict[str, int]) -> None:
    with db.transaction() as s:
        sharer = s.get_one(Manager, program["sharer"])
        outside = _commit(s, sharer, date(2026, 3, 10), "done")
        s.flush()
        s.get_one(Message, outside.nudge_message_id).program_id = None  # sent before they joined
    with db.session() as session:
        total = kept_counts(session, program["p"], Window(at(1, 1), NOW), NOW.date())
        counts = counts_by_manager(session, [program["sharer"]], program_id=program["p"])[program["sharer"]]
        everything = counts_by_manager(session, [program["sharer"]])[program["sharer"]]
    assert total == (5, 2)  # as without it
    assert (counts.made, everything.made) == (2, 3)  # the manager's own record still has it
