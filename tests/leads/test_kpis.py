"""KPIs, weekly series, lesson table and manager rows against figures computed by hand.

The fixture is a small program with a known history around a fixed "now" (Wednesday 18 March
2026, 12:00 UTC; period 7 days): every expected number below is worked out in the comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from redis import Redis
from sqlalchemy import select

from service.analytics import (
    ManagerQuery,
    lesson_table,
    manager_page,
    program_kpis,
    recent_weeks,
    rows_for,
    weekly_series,
)
from service.analytics.figures import cached_figures
from service.analytics.periods import last_days
from service.curriculum import load_curriculum
from service.db import Database
from service.models import Subscription
from tests.leads.conftest import add_message, add_reply, make_manager

NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
FEB1 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


@dataclass
class Fixture:
    program_id: int
    other_program_id: int
    ids: dict[str, int]


@pytest.fixture()
def fx(db: Database) -> Fixture:
    from service.accounts import create_program

    with db.transaction() as s:
        p = create_program(s, "P")
        q = create_program(s, "Q")
        m1 = make_manager(s, p.id, "m1@example.com", created_at=FEB1)
        m2 = make_manager(s, p.id, "m2@example.com", created_at=FEB1)
        m3 = make_manager(s, p.id, "m3@example.com", status="invited", created_at=at(3, 14))
        m4 = make_manager(s, p.id, "m4@example.com", status="unsubscribed", created_at=FEB1,
                          unsubscribed_at=at(3, 15))  # fmt: skip
        m5 = make_manager(s, p.id, "m5@example.com", status="pending", created_at=FEB1)
        m6 = make_manager(s, p.id, "m6@example.com", lesson="bring-energy", created_at=at(3, 5),
                          confirmed_at=at(3, 12))  # fmt: skip
        m7 = make_manager(s, p.id, "m7@example.com", status="paused", created_at=FEB1, paused_at=at(3, 1))
        q1 = make_manager(s, q.id, "q1@example.com", created_at=FEB1)
        s.flush()

        def reply(message, words: int, when: datetime, **kw):  # type: ignore[no-untyped-def]
            return add_reply(s, message, " ".join(["word"] * words), when, **kw)

        # current window [11 Mar 12:00, 18 Mar 12:00)
        x = add_message(s, m1, "prompt", at(3, 12), content_id="share-credit.p1", replied_at=at(3, 12, 11))
        reply(x, 10, at(3, 12, 11))
        reply(x, 4, at(3, 13), auto=True)  # out-of-office: ignored everywhere
        add_message(s, m1, "nudge", at(3, 14), content_id="share-credit.n1")
        x = add_message(s, m2, "prompt", at(3, 13), content_id="share-credit.p1", replied_at=at(3, 14))
        reply(x, 20, at(3, 14))
        add_message(s, m2, "prompt", at(3, 16), content_id="share-credit.p2", delivered=False)
        x = add_message(s, m6, "prompt", at(3, 17), content_id="bring-energy.p1", replied_at=at(3, 17, 15),
                        lesson="bring-energy")  # fmt: skip
        reply(x, 7, at(3, 17, 15))
        # previous window [4 Mar 12:00, 11 Mar 12:00)
        x = add_message(s, m1, "prompt", at(3, 5), content_id="share-credit.p2", replied_at=at(3, 5, 13))
        reply(x, 30, at(3, 5, 13))
        add_message(s, m2, "prompt", at(3, 6), content_id="share-credit.p3")
        add_message(s, m4, "nudge", at(3, 7), content_id="share-credit.n1")
        # older: m1 answered on 21 Feb; m7 left three prompts unanswered (p3 re-asked) and paused
        x = add_message(s, m1, "prompt", at(2, 20), content_id="share-credit.p3", replied_at=at(2, 21))
        reply(x, 12, at(2, 21))
        for day, content in ((10, "p1"), (13, "p2"), (17, "p3"), (19, "p3")):
            add_message(s, m7, "prompt", at(2, day), content_id=f"share-credit.{content}")
        # another program: must never be counted
        x = add_message(s, q1, "prompt", at(3, 12), content_id="share-credit.p1", replied_at=at(3, 12, 10))
        reply(x, 50, at(3, 12, 10))
        ids = {name: m.id for name, m in locals().items() if name[:1] in "mq" and name[1:].isdigit()}
        return Fixture(p.id, q.id, ids)


def test_kpis_match_the_hand_computed_figures(db: Database, fx: Fixture) -> None:
    with db.session() as session:
        kpis = program_kpis(session, fx.program_id, NOW, 7)
    got = {kpi.key: (kpi.value, kpi.previous) for kpi in kpis.items}
    assert got == {
        "enrolled": (7, 6),  # m3 joined on 14 Mar
        "pending": (2, 2),  # now m3 (invited), m5; at the start m5 and m6 (confirmed 12 Mar)
        "active": (3, 3),  # now m1 m2 m6; at the start m1 m2 m4
        "paused": (1, 1),  # m7, unchanged since 1 Mar
        "unsubscribed": (1, 0),  # m4 left on 15 Mar
        "sent": (5, 3),
        "delivered": (4, 3),  # m2's second prompt bounced around
        "reply_rate": (75.0, 50.0),  # 3 of 4 prompts; 1 of 2
        "commitments_kept": (None, None),  # none made: no rate, not 0%
        "median_reply_hours": (6.0, 4.0),  # 2 h, 24 h, 6 h; 4 h
        "active_managers": (3, 1),  # m1 m2 m6 replied in the last 14 days; as of 11 Mar, m1 (5 Mar)
    }
    assert kpis["reply_rate"].change == 25.0
    assert kpis.subscribers_by_lesson == {"share-credit": 4, "bring-energy": 1}


def test_weekly_series_counts_sends_and_first_replies_per_iso_week(db: Database, fx: Fixture) -> None:
    with db.session() as session:
        series = weekly_series(session, fx.program_id, recent_weeks(NOW, 6))
    got = [(point.week_start.date().isoformat(), point.sends, point.replies) for point in series]
    assert got == [
        ("2026-02-09", 2, 0),
        ("2026-02-16", 3, 1),
        ("2026-02-23", 0, 0),
        ("2026-03-02", 3, 1),
        ("2026-03-09", 3, 2),
        ("2026-03-16", 2, 1),
    ]


def test_lesson_table_covers_every_lesson_in_order(db: Database, fx: Fixture) -> None:
    curriculum = load_curriculum()
    with db.session() as session:
        kpis = program_kpis(session, fx.program_id, NOW, 7)
        rows = lesson_table(session, fx.program_id, kpis.period, curriculum, kpis.subscribers_by_lesson)
    assert [row.slug for row in rows] == list(curriculum.slugs)
    by_slug = {row.slug: row for row in rows}
    share, energy = by_slug["share-credit"], by_slug["bring-energy"]
    assert (share.subscribers, share.prompts, share.answered, share.reply_rate, share.avg_reply_words) == (
        4, 3, 2, 66.7, 15.0,
    )  # fmt: skip
    assert (energy.subscribers, energy.prompts, energy.reply_rate, energy.avg_reply_words) == (
        1,
        1,
        100.0,
        7.0,
    )
    assert by_slug["personal-motive"].reply_rate is None and by_slug["personal-motive"].prompts == 0


def test_manager_rows_streaks_and_stalls(db: Database, fx: Fixture) -> None:
    ids = fx.ids
    with db.session() as session:
        rows = {
            row.email.split("@")[0]: row for row in rows_for(session, list(ids.values()), NOW, fx.program_id)
        }
    m1, m2, m7 = rows["m1"], rows["m2"], rows["m7"]
    assert (m1.replies, m1.last_reply_at, m1.last_email_at) == (3, at(3, 12, 11), at(3, 14))
    assert (m1.streak, m1.unanswered, m1.stalled) == (3, 0, False)
    # m2: 6 Mar missed, 13 Mar answered, 16 Mar still awaited (within 3 days): streak 1, 1 unanswered
    assert (m2.streak, m2.unanswered, m2.stalled) == (1, 1, False)
    # m7: p1, p2, p3 (asked twice) never answered
    assert (m7.streak, m7.unanswered, m7.stalled, m7.replies, m7.status) == (0, 3, True, 0, "paused")
    assert rows["m3"].status == "pending" and rows["m3"].focus is None


def test_resuming_forgives_earlier_unanswered_prompts(db: Database, fx: Fixture) -> None:
    with db.transaction() as session:
        sub7 = session.scalars(select(Subscription).where(Subscription.manager_id == fx.ids["m7"])).one()
        sub7.resumed_at = at(2, 14)
    with db.session() as session:
        (m7,) = rows_for(session, [fx.ids["m7"]], NOW, fx.program_id)
    assert (m7.unanswered, m7.stalled) == (1, False)  # only p3 was asked after resuming


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"sort": "replies", "dir": "desc"}, ["m1", "m6", "m2"]),  # ties: newest id first
        ({"sort": "email"}, ["m1", "m2", "m3"]),
        ({"sort": "last_email", "dir": "desc"}, ["m6", "m2", "m1"]),
        ({"stalled": "1"}, ["m7"]),
        ({"status": "pending", "sort": "email"}, ["m3", "m5"]),
        ({"focus": "bring-energy"}, ["m6"]),
        ({"q": "m4"}, ["m4"]),
        ({"q": "%"}, []),  # LIKE wildcards are matched literally
        ({"sort": "email); DROP TABLE managers; --", "dir": "sideways"}, ["m1", "m2", "m3"]),
        ({"sort": "unanswered", "dir": "desc", "per_page": "25"}, ["m7", "m2", "m6"]),
    ],
)
def test_manager_table_sorts_and_filters_from_whitelists(
    db: Database, fx: Fixture, args: dict[str, str], expected: list[str]
) -> None:
    curriculum = load_curriculum()
    query = ManagerQuery.from_args(args, curriculum.slugs)
    with db.session() as session:
        page = manager_page(session, fx.program_id, query, NOW)
    assert [row.email.split("@")[0] for row in page.rows][: len(expected)] == expected
    assert all(not row.email.startswith("q") for row in page.rows)


def test_pagination_counts_the_whole_filtered_table(db: Database, fx: Fixture) -> None:
    curriculum = load_curriculum()
    query = ManagerQuery.from_args({"per_page": "25", "page": "2"}, curriculum.slugs)
    with db.session() as session:
        page = manager_page(session, fx.program_id, query, NOW)
    assert (page.total, page.pages, page.rows) == (7, 1, [])


def test_an_empty_program_has_zeros_and_no_rates(db: Database) -> None:
    from service.accounts import create_program

    with db.transaction() as session:
        program_id = create_program(session, "Empty").id
    with db.session() as session:
        kpis = program_kpis(session, program_id, NOW, 7)
    assert kpis["enrolled"].value == 0 and kpis["sent"].value == 0
    assert kpis["reply_rate"].value is None and kpis["median_reply_hours"].value is None
    assert kpis["reply_rate"].change is None
    assert timedelta(days=7) == kpis.period.end - kpis.period.start


def test_figures_snapshot_is_served_for_a_minute_then_recomputed(
    db: Database, fx: Fixture, redis: Redis
) -> None:
    curriculum = load_curriculum()
    with db.session() as session:
        first = cached_figures(redis, session, fx.program_id, NOW, last_days(NOW, 7), curriculum)
    with db.transaction() as session:
        late = make_manager(session, fx.program_id, "late@example.com", created_at=NOW - timedelta(hours=1))
        add_message(session, late, "nudge", NOW - timedelta(hours=1))  # this week
        add_message(session, late, "nudge", at(3, 3))  # a recent week that was over: a backfill
        add_message(session, late, "nudge", at(2, 10))  # a week settled long ago: a backfill
    with db.session() as session:
        later, latest = NOW + timedelta(seconds=30), NOW + timedelta(seconds=61)
        cached = cached_figures(redis, session, fx.program_id, later, last_days(later, 7), curriculum)
        fresh = cached_figures(redis, session, fx.program_id, latest, last_days(latest, 7), curriculum)
    assert first.kpis["enrolled"].value == cached.kpis["enrolled"].value == 7
    assert cached.computed_at == NOW and cached.series == first.series and cached.lessons == first.lessons
    assert fresh.kpis["enrolled"].value == 8 and fresh.computed_at == NOW + timedelta(seconds=61)
    weeks = {point.week_start.date().isoformat(): point.sends for point in fresh.series}
    assert weeks["2026-03-16"] == 3  # the current week is queried again
    assert weeks["2026-03-02"] == 4  # so are recent weeks, whose prompts may still be answered
    assert weeks["2026-02-09"] == 2  # weeks settled long ago come from the previous snapshot


def test_figures_are_computed_when_redis_is_unreachable(db: Database, fx: Fixture) -> None:
    broken = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    with db.session() as session:
        figures = cached_figures(broken, session, fx.program_id, NOW, last_days(NOW, 7), load_curriculum())
    assert figures.kpis["enrolled"].value == 7


def test_dashboard_digest_and_api_read_labels_and_directions_from_one_registry() -> None:
    """Whether a rise is good news is decided once per figure (pending: fewer is better, everywhere)."""
    from service.analytics.definitions import KPI_DEFINITIONS, Good, kpi_definition
    from service.analytics.digest import _kpi_rows
    from service.analytics.kpis import Kpi, Kpis
    from service.analytics.periods import Window
    from service.leads.formatting import kpi_change

    assert kpi_definition("pending").good is Good.DOWN
    now = datetime.now(UTC)
    window = Window(now, now)
    kpis = Kpis(window, window, tuple(Kpi(d.key, 2, 1) for d in KPI_DEFINITIONS), {})
    for definition in KPI_DEFINITIONS:
        kpi = kpis[definition.key]
        assert kpi_change(kpi)[1] == ("up" if definition.good is Good.UP else "down"), definition.key
        assert kpis.as_dict()[definition.key]["higher_is_better"] is definition.higher_is_better
        assert kpis.as_dict()[definition.key]["label"] == definition.label
    rows = _kpi_rows(kpis)
    assert [row["key"] for row in rows] == [d.key for d in KPI_DEFINITIONS if d.in_digest]
    assert all(row["higher_is_better"] is kpi_definition(row["key"]).higher_is_better for row in rows)
