"""Requests about days and time, "fewer emails", absences named as a period, corrected and stale answers:
real webhook posts processed by real RQ worker jobs, checked in the subscription and the notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.db import Database
from service.emails.render import render_message
from service.models import Message, Subscription, utcnow
from tests.replies.conftest import World, replies
from tests.replies.test_commands_by_reply import subscription
from tests.replies.test_requests_by_reply import send as send_reply

Post = Callable[..., TestResponse]
BERLIN = ZoneInfo("Europe/Berlin")
_sent = iter(range(1, 1000))


def send(post_inbound: Post, redis: Redis, token: str, text: str) -> None:
    """Each reply with its own Message-ID: a second one is not a duplicate of the first."""
    send_reply(post_inbound, redis, token, text, f"<reply-{next(_sent)}-{id(text)}@mail.example.com>")


def set_fields(db: Database, world: World, **fields: object) -> None:
    with db.transaction() as session:
        found = session.get(Subscription, world.subscription_id)
        assert found is not None
        for name, value in fields.items():
            setattr(found, name, value)


def notices(db: Database) -> list[tuple[Message, str, str]]:
    with db.session() as session:
        found = session.scalars(select(Message).where(Message.kind == "notice").order_by(Message.id)).all()
        return [(m, (r := render_message(m, session)).subject, " ".join(r.text.split())) for m in found]


def berlin_today() -> date:
    return utcnow().astimezone(BERLIN).date()


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(UTC)


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def test_a_weekday_named_as_a_kind_of_email_points_to_the_preferences_page_and_never_pauses(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(
        post_inbound, redis, world.prompt_token, "No more of these Friday emails please, Mondays are better."
    )
    after = subscription(db, world)
    assert after.status == "active" and after.paused_until is None
    [(_, subject, text)] = notices(db)
    assert subject == "Choose your days and time"
    assert "choose the days and time of your coaching emails on your preferences page" in text
    assert "the Preferences link at the bottom of this email. Nothing has changed yet." in text
    assert "Preferences: http" in text  # the footer carries the link the text points to
    assert [r.command for r in replies(db)] == ["schedule"]


def test_fewer_emails_by_reply_switches_to_the_light_schedule_once(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(
        post_inbound, redis, world.prompt_token, "Could you send fewer emails? Once a week is plenty for me."
    )
    assert subscription(db, world).intensity == "light"
    assert (
        "Fewer emails from now on: more days between them, starting with your next one." in notices(db)[-1][2]
    )
    send(post_inbound, redis, world.prompt_token, "weniger Mails bitte")
    assert subscription(db, world).intensity == "light"
    assert (
        "Your emails are already on the lightest schedule, so nothing has changed. To pause them instead, "
        "reply PAUSE." in notices(db)[-1][2]
    )
    assert [r.command for r in replies(db)] == ["fewer", "fewer"]


def test_too_many_emails_is_asked_about_and_a_yes_makes_them_fewer(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, "Too many emails!")
    [(question, subject, text)] = notices(db)
    assert subject == "Did you mean: get fewer emails, with more days between them?"
    assert "We read your reply as a request to get fewer emails, with more days between them, but" in text
    assert subscription(db, world).intensity == "standard"
    send(post_inbound, redis, question.reply_token, "Yes, please do.")
    assert subscription(db, world).intensity == "light"
    assert notices(db)[-1][1] == "Fewer emails from now on"


def test_off_next_week_is_a_pause_until_the_monday_after_it(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    today = berlin_today()
    after_next_week = today - timedelta(days=today.weekday()) + timedelta(weeks=2)
    send(post_inbound, redis, world.prompt_token, "I'm off next week.")
    [(question, subject, _)] = notices(db)
    assert day_words(after_next_week) in subject and subject.startswith("Did you mean: pause")
    send(post_inbound, redis, question.reply_token, "Ja, genau.")
    paused = subscription(db, world)
    assert paused.status == "paused" and paused.paused_until == midnight(after_next_week)
    assert f"they start again on {day_words(after_next_week)}" in notices(db)[-1][2]


def test_the_question_names_the_day_emails_really_start_again(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    set_fields(db, world, weekdays="mon,tue,wed,thu,fri")
    today = berlin_today()
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 or 7)
    if sunday - today < timedelta(days=2):
        sunday += timedelta(weeks=1)
    send(post_inbound, redis, world.prompt_token, f"I'm on holiday until {sunday.day} {sunday:%B}")
    [(_, subject, _)] = notices(db)
    assert day_words(sunday + timedelta(days=1)) in subject  # Monday: a Mon-Fri manager gets no Sunday email
    assert day_words(sunday) not in subject


def test_no_with_a_corrected_length_pauses_for_that_length(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, "Could you pause these for a few weeks over quarter end?")
    [(question, subject, _)] = notices(db)
    assert subject.startswith("Did you mean: pause for 3 weeks")
    send(post_inbound, redis, question.reply_token, "No, I meant 2 weeks")
    paused = subscription(db, world)
    assert paused.status == "paused" and paused.paused_until == midnight(berlin_today() + timedelta(weeks=2))
    assert notices(db)[-1][1] == "Your coaching emails are paused"


def test_a_newer_request_makes_an_older_question_stale(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    send(post_inbound, redis, world.prompt_token, "Could you pause these for a few weeks over quarter end?")
    [(question, _, _)] = notices(db)
    send(post_inbound, redis, question.reply_token, "Please pause the emails for two weeks.")
    two_weeks = midnight(berlin_today() + timedelta(weeks=2))
    assert subscription(db, world).paused_until == two_weeks
    send(post_inbound, redis, question.reply_token, "Yes")
    assert subscription(db, world).paused_until == two_weeks  # the old "3 weeks?" changed nothing
    subject, text = notices(db)[-1][1:]
    assert subject == "Nothing has changed" and "newer request" in text
    assert [r.command for r in replies(db)] == ["ask", "pause", "decline"]
