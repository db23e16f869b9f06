"""The weekly digest: due on Monday 08:xx in each lead's own timezone, once per week and program,
with last week's figures, newly stalled managers, unsubscribes and consented excerpts only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import select

from service.accounts import assign_program, create_program
from service.analytics.digest import digest_context
from service.analytics.kpis import period_kpis
from service.analytics.periods import date_range
from service.cli import main
from service.db import Database
from service.emails import render_message
from service.models import Lead, Manager, Message, Program, Subscription
from service.queues import DEFAULT, queue, redis_connection
from service.settings import Settings
from tests.conftest import settings_env
from tests.leads.conftest import World, add_message, add_reply, csrf_token, login, make_manager
from workers.digests import send_digests, send_program_digest

# Monday 16 March 2026: 07:30 UTC is 08:30 in Berlin (CET) and 03:30 in New York (EDT).
MONDAY_BERLIN_8 = datetime(2026, 3, 16, 7, 30, tzinfo=UTC)


@pytest.fixture()
def digest_world(world: World, db: Database, settings: object) -> World:
    now = MONDAY_BERLIN_8
    with db.transaction() as s:
        lead_a = s.get(Lead, world.lead_a.id)
        assert lead_a is not None
        lead_a.timezone = "Europe/Berlin"
        s.get(Lead, world.lead_b.id).timezone = "America/New_York"  # type: ignore[union-attr]
        # newly stalled: third unanswered prompt went out this week
        fresh = make_manager(s, world.program_a, "fresh.stall@example.com", name="Fresh Stall")
        for days, content in ((12, "p1"), (9, "p2"), (3, "p3")):
            add_message(s, fresh, "prompt", now - timedelta(days=days), content_id=f"share-credit.{content}")
        # stalled for weeks: not news any more
        old = make_manager(s, world.program_a, "old.stall@example.com", name="Old Stall")
        for days, content in ((40, "p1"), (35, "p2"), (30, "p3"), (2, "p4")):
            add_message(s, old, "prompt", now - timedelta(days=days), content_id=f"share-credit.{content}")
        make_manager(s, world.program_a, "gone@example.com", name="Gone Person", status="unsubscribed",
                     unsubscribed_at=now - timedelta(days=2))  # fmt: skip
        private = make_manager(s, world.program_a, "quiet@example.com", name="Quiet Person", share=False)
        sent = add_message(s, private, "prompt", now - timedelta(days=4), content_id="share-credit.p1",
                           replied_at=now - timedelta(days=3))  # fmt: skip
        add_reply(
            s,
            sent,
            "My private thoughts on the quarter, not for my lead to read at all",
            now - timedelta(days=3),
        )
        ann = s.get(Manager, world.manager_a)
        assert ann is not None
        ann.sharing_since = now - timedelta(days=30)
        sent = add_message(s, ann, "prompt", now - timedelta(days=5), content_id="share-credit.p2",
                           replied_at=now - timedelta(days=4))  # fmt: skip
        text = "I gave the renewal win to Priya in front of the whole team and it changed the mood."
        add_reply(s, sent, text, now - timedelta(days=4))
    return world


def _digests(db: Database) -> list[Message]:
    with db.session() as session:
        return list(session.scalars(select(Message).where(Message.kind == "digest").order_by(Message.id)))


def test_digest_goes_out_once_in_the_leads_monday_8am_hour(digest_world: World, db: Database) -> None:
    assert send_digests(MONDAY_BERLIN_8) == {"queued": 1, "skipped": 0}
    assert send_digests(MONDAY_BERLIN_8 + timedelta(minutes=20)) == {"queued": 0, "skipped": 0}
    (digest,) = _digests(db)
    assert digest.dedupe_key == f"digest:{digest_world.lead_a.id}:2026-W12:{digest_world.program_a}"
    assert (digest.to_email, digest.lead_id, digest.program_id) == (
        "lead.a@example.com", digest_world.lead_a.id, digest_world.program_a,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (MONDAY_BERLIN_8 - timedelta(hours=1), []),  # 07:30 in Berlin
        (MONDAY_BERLIN_8 + timedelta(hours=1), []),  # 09:30 in Berlin
        (MONDAY_BERLIN_8 + timedelta(days=1), []),  # Tuesday
        (MONDAY_BERLIN_8 + timedelta(hours=5), ["lead.b@example.com"]),  # 08:30 in New York
    ],
)
def test_no_digest_outside_the_hour(
    digest_world: World, db: Database, when: datetime, expected: list[str]
) -> None:
    send_digests(when)
    assert [message.to_email for message in _digests(db)] == expected


def test_a_deactivated_lead_gets_no_digest(digest_world: World, db: Database) -> None:
    with db.transaction() as session:
        session.get(Lead, digest_world.lead_a.id).is_active = False  # type: ignore[union-attr]
    send_digests(MONDAY_BERLIN_8)
    assert _digests(db) == []


def test_digest_content_newly_stalled_unsubscribes_and_consented_excerpts(
    digest_world: World, db: Database
) -> None:
    send_digests(MONDAY_BERLIN_8)
    (digest,) = _digests(db)
    context = digest.context
    assert (context["period_start"], context["period_end"]) == ("2026-03-09", "2026-03-15")
    assert [row["email"] for row in context["stalled"]] == ["fresh.stall@example.com"]
    assert [row["email"] for row in context["unsubscribes"]] == ["gone@example.com"]
    assert [row["name"] for row in context["excerpts"]] == ["Ann Alpha"]
    assert all("private thoughts" not in row["text"] for row in context["excerpts"])
    kpis = {row["key"]: row for row in context["kpis"]}
    assert kpis["reply_rate"]["unit"] == "percent" and 0 <= kpis["reply_rate"]["value"] <= 1
    assert kpis["median_reply_hours"]["higher_is_better"] is False


def test_digest_renders_with_the_email_templates(digest_world: World, db: Database) -> None:
    send_digests(MONDAY_BERLIN_8)
    (digest,) = _digests(db)
    with db.session() as session:
        rendered = render_message(session.get_one(Message, digest.id), session)
    assert "Program A" in rendered.html and "Fresh Stall" in rendered.text
    assert "private thoughts" not in rendered.html
    said = " ".join(rendered.text.split())
    assert "To stop these digests, use your mail program's unsubscribe button" in said  # it works (mailto)
    assert "administrator" not in said


def test_paused_subscriptions_still_count_as_stalled_only_while_live(
    digest_world: World, db: Database
) -> None:
    with db.transaction() as session:
        fresh = session.scalars(
            select(Subscription).join(Manager).where(Manager.email == "fresh.stall@example.com")
        ).one()
        fresh.status = "unsubscribed"
    send_digests(MONDAY_BERLIN_8)
    (digest,) = _digests(db)
    assert digest.context["stalled"] == []


WEDNESDAY = datetime(2026, 3, 18, 14, 5, tzinfo=UTC)


def test_a_programs_digest_can_be_sent_now_without_taking_mondays(digest_world: World, db: Database) -> None:
    from workers.digests import send_program_digest

    assert send_program_digest(digest_world.program_a, WEDNESDAY) == {"queued": 1, "skipped": 0}
    assert send_program_digest(digest_world.program_a, WEDNESDAY) == {"queued": 0, "skipped": 1}
    (digest,) = _digests(db)
    assert digest.to_email == "lead.a@example.com"
    assert digest.dedupe_key == f"digest-now:{digest_world.lead_a.id}:{digest_world.program_a}:20260318T1405"
    assert send_digests(MONDAY_BERLIN_8 + timedelta(days=7)) == {"queued": 1, "skipped": 0}  # Monday's comes


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--program", "999999"], "no program with id 999999"),
        (["--program", "0"], "'--program'"),
        (["--program", "two"], "'--program'"),
        ([], "Missing option '--program'"),
    ],
    ids=["unknown-program", "zero", "not-a-number", "missing"],
)
def test_digest_send_refuses_what_it_cannot_send(
    digest_world: World, settings: Settings, args: list[str], message: str
) -> None:
    env = settings_env(settings.database_url, settings.redis_url, settings.instance_path)
    result = CliRunner(env=env).invoke(main, ["digest", "send", *args])
    assert result.exit_code in (1, 2) and message in result.output


def test_digest_send_queues_the_job_for_the_worker(digest_world: World, settings: Settings) -> None:
    env = settings_env(settings.database_url, settings.redis_url, settings.instance_path)
    result = CliRunner(env=env).invoke(main, ["digest", "send", "--program", str(digest_world.program_a)])
    assert result.exit_code == 0, result.output
    assert "queued for 1 lead(s)" in result.output
    [job] = queue(DEFAULT, redis_connection(settings.redis_url)).get_jobs()
    assert (job.func_name, job.args) == ("workers.digests.send_program_digest", (digest_world.program_a,))


def test_digest_counts_managers_as_they_stood_when_its_week_ended(world: World, db: Database) -> None:
    """Enrolled, Active and Unsubscribed are the week's, not whatever changed between its end and
    the digest's making, so they equal what the dashboard or the API shows for the same dates."""
    week_end = datetime(2026, 3, 15, 23, 0, tzinfo=UTC)  # Monday 16 March, 00:00 in Berlin
    long_ago = week_end - timedelta(days=30)
    with db.transaction() as s:
        program = create_program(s, "Counted at the week's end")
        make_manager(s, program.id, "stayed@example.com", created_at=long_ago)
        make_manager(s, program.id, "left@example.com", status="unsubscribed", created_at=long_ago,
                     unsubscribed_at=week_end + timedelta(hours=2))  # fmt: skip
        make_manager(s, program.id, "joined@example.com", created_at=week_end + timedelta(hours=3))
        program_id = program.id
    berlin = ZoneInfo("Europe/Berlin")
    with db.session() as s:
        context = digest_context(s, s.get_one(Program, program_id), MONDAY_BERLIN_8, berlin)
        same_dates = period_kpis(s, program_id, date_range(date(2026, 3, 9), date(2026, 3, 15), berlin),
                                 MONDAY_BERLIN_8)  # fmt: skip
    figures = {row["key"]: row["value"] for row in context["kpis"]}
    assert (figures["enrolled"], figures["active"], figures["unsubscribed"]) == (2, 2, 0)
    assert all(figures[key] == same_dates[key].value for key in ("enrolled", "active", "unsubscribed"))


def test_a_digest_sent_now_leaves_out_a_lead_who_stopped_digests(
    digest_world: World, db: Database, settings: Settings
) -> None:
    """Stopping digests (by replying to one's List-Unsubscribe address) holds for `digest send` too."""
    with db.transaction() as session:
        assign_program(session, digest_world.lead_b.id, digest_world.program_a)
        session.get_one(Lead, digest_world.lead_b.id).digest_stopped_at = MONDAY_BERLIN_8
    env = settings_env(settings.database_url, settings.redis_url, settings.instance_path)
    result = CliRunner(env=env).invoke(main, ["digest", "send", "--program", str(digest_world.program_a)])
    assert result.exit_code == 0, result.output
    assert "queued for 1 lead(s) (1 who stopped digests left out)" in result.output
    assert send_program_digest(digest_world.program_a, MONDAY_BERLIN_8) == {"queued": 1, "skipped": 0}
    assert [message.to_email for message in _digests(db)] == ["lead.a@example.com"]
    with db.transaction() as session:
        session.get_one(Lead, digest_world.lead_a.id).digest_stopped_at = MONDAY_BERLIN_8
    result = CliRunner(env=env).invoke(main, ["digest", "send", "--program", str(digest_world.program_a)])
    assert result.exit_code == 1 and "no active leads who receive digests (2 who stopped" in result.output


def test_a_lead_turns_the_digest_off_and_back_on_from_their_account_page(
    client: FlaskClient, world: World, db: Database
) -> None:
    login(client, world.lead_a.email)
    page = client.get("/leads/account").get_data(as_text=True)
    assert "Stop the weekly digest" in page

    def choose(value: str) -> int:
        token = csrf_token(client, "/leads/account")
        return client.post("/leads/account/digest", data={"csrf_token": token, "digest": value}).status_code

    assert choose("off") == 303
    with db.session() as session:
        assert session.get_one(Lead, world.lead_a.id).digest_stopped_at is not None
    page = client.get("/leads/account").get_data(as_text=True)
    assert "You stopped the weekly digest on" in page and "Send me the weekly digest again" in page
    assert choose("on") == 303
    with db.session() as session:
        assert session.get_one(Lead, world.lead_a.id).digest_stopped_at is None
    assert "You&#39;ll get the weekly digest again" in client.get("/leads/account").get_data(as_text=True)
    assert choose("maybe") == 400 and choose("") == 400
    no_csrf = client.post("/leads/account/digest", data={"digest": "off"})
    assert no_csrf.status_code == 400
    with db.session() as session:
        assert session.get_one(Lead, world.lead_a.id).digest_stopped_at is None
