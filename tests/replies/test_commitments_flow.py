"""End to end: "I will…" in a reply becomes a commitment, its check-back comes after the date named,
and Done / Not yet / Drop are recorded by the page's button (never by a GET) or by a reply word."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.commitments.move_dates import day_label
from service.commitments.store import local_today
from service.db import Database
from service.emails.checkback import gone_by
from service.emails.render import render_message
from service.models import Commitment, CommitmentOutcome, Message, Reply, Subscription, utcnow
from tests.replies.conftest import World, dispatch_until, run_inbound_jobs
from tests.replies.payloads import coach_address, parsed_post

Post = Callable[..., TestResponse]
BERLIN = ZoneInfo("Europe/Berlin")
PROMISE = "I will raise it in Friday's pipeline review, and name the SE who rebuilt the demo."
LINK = re.compile(r"https?://[^\s/]+(/commitments/[^\s?]+)\?answer=(\w+)")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _commitments(db: Database) -> list[Commitment]:
    with db.session() as session:
        return list(session.scalars(select(Commitment).order_by(Commitment.id)))


def _outcomes(db: Database) -> list[CommitmentOutcome]:
    with db.session() as session:
        return list(session.scalars(select(CommitmentOutcome).order_by(CommitmentOutcome.id)))


def _checkback(db: Database, world: World) -> Message:
    """Run the real dispatcher at each next due time until the check-back is created."""
    return dispatch_until(db, world, "commitment")


@pytest.fixture()
def promised(db: Database, redis: Redis, post_inbound: Post, world: World) -> Commitment:
    body, content_type = parsed_post(text=PROMISE, to=coach_address(world.prompt_token))
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [commitment] = _commitments(db)
    return commitment


def test_a_dated_promise_is_stored_and_checked_back_the_first_send_after_that_friday(
    db: Database, promised: Commitment, world: World
) -> None:
    with db.session() as session:
        reply = session.scalars(select(Reply)).one()
        today = reply.received_at.astimezone(BERLIN).date()
    assert promised.text == PROMISE
    assert promised.due_on.weekday() == 4 and 0 < (promised.due_on - today).days <= 7
    assert (promised.status, promised.due_phrase, promised.content_id) == (
        "open",
        "Friday",
        "share-credit.p1",
    )
    checkback = _checkback(db, world)
    local = checkback.due_at.astimezone(BERLIN)
    assert local.date() == promised.due_on + timedelta(days=1)  # every weekday is allowed here: Saturday
    assert (local.hour, local.minute) == (9, 0)
    assert checkback.context["commitment_id"] == promised.id
    with db.session() as session:
        rendered = render_message(session.get(Message, checkback.id), session)  # type: ignore[arg-type]
    assert PROMISE[:60] in rendered.text and "How did it go?" in rendered.text
    assert {answer for _, answer in LINK.findall(rendered.text)} == {"done", "not_yet", "dropped"}


def test_clicking_done_shows_a_button_and_only_its_post_records_it(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    with db.session() as session:
        rendered = render_message(session.get(Message, checkback.id), session)  # type: ignore[arg-type]
    path = next(path for path, answer in LINK.findall(rendered.text) if answer == "done")
    page = client.get(f"{path}?answer=done")
    assert page.status_code == 200 and "name the SE who rebuilt the demo" in page.get_data(as_text=True)
    assert _outcomes(db) == [] and _commitments(db)[0].status == "open"  # a GET changes nothing
    token = CSRF.search(page.get_data(as_text=True))[1]  # type: ignore[index]
    answered = client.post(path, data={"csrf_token": token, "answer": "done"})
    assert answered.status_code == 303
    [outcome] = _outcomes(db)
    assert (outcome.outcome, outcome.source, outcome.message_id) == ("done", "link", checkback.id)
    commitment = _commitments(db)[0]
    assert commitment.status == "done" and commitment.resolved_at is not None
    with db.session() as session:
        assert session.get(Message, checkback.id).answered_at is not None  # type: ignore[union-attr]
    page = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert "Thank you, noted." in page
    # the answer stands: the buttons to change it wait behind "Changed your mind?", not asked again
    assert "<summary>Changed your mind?</summary>" in page and "How did it go?" not in page


def test_not_yet_by_link_takes_the_new_date(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    path = f"/commitments/{_token(client, checkback.id)}"
    page = client.get(f"{path}?answer=not_yet")
    token = CSRF.search(page.get_data(as_text=True))[1]  # type: ignore[index]
    new_date = (date.today() + timedelta(days=20)).isoformat()
    assert (
        client.post(path, data={"csrf_token": token, "answer": "not_yet", "new_date": new_date}).status_code
        == 303
    )
    commitment = _commitments(db)[0]
    assert (commitment.status, commitment.postponed, commitment.due_on.isoformat()) == ("open", 1, new_date)


@pytest.mark.parametrize(
    ("presses", "outcomes", "postponed"),
    [
        ([("done", "")], ["done"], 0),
        ([("done", ""), ("done", "")], ["done"], 0),  # a second press, or the link reopened
        ([("not_yet", ""), ("not_yet", "")], ["not_yet"], 1),  # the date moves once, not twice
        ([("not_yet", "+20"), ("not_yet", "+20")], ["not_yet"], 1),
        ([("not_yet", "+20"), ("not_yet", "+30")], ["not_yet", "not_yet"], 2),  # a new date is a change
        ([("not_yet", ""), ("done", "")], ["not_yet", "done"], 1),  # changed their mind
    ],
)
def test_the_same_answer_twice_to_one_checkback_is_recorded_once(
    client: FlaskClient,
    db: Database,
    promised: Commitment,
    world: World,
    presses: list[tuple[str, str]],
    outcomes: list[str],
    postponed: int,
) -> None:
    checkback = _checkback(db, world)
    path = f"/commitments/{_token(client, checkback.id)}"
    for answer, days in presses:
        page = client.get(f"{path}?answer={answer}")
        form = {"csrf_token": CSRF.search(page.get_data(as_text=True))[1], "answer": answer}  # type: ignore[index]
        if days:
            form["new_date"] = (date.today() + timedelta(days=int(days))).isoformat()
        assert client.post(path, data=form).status_code == 303
    assert [outcome.outcome for outcome in _outcomes(db)] == outcomes
    assert _commitments(db)[0].postponed == postponed


@pytest.mark.parametrize(
    ("text", "outcome", "status"),
    [
        ("DONE", "done", "done"),
        ("drop\n\nnot this quarter", "dropped", "dropped"),
        ("Not yet, next Friday", "not_yet", "open"),
    ],
)
def test_reply_words_answer_the_checkback(
    db: Database,
    redis: Redis,
    post_inbound: Post,
    promised: Commitment,
    world: World,
    text: str,
    outcome: str,
    status: str,
) -> None:
    checkback = _checkback(db, world)
    body, content_type = parsed_post(text=text, to=coach_address(checkback.reply_token))
    post_inbound(body, content_type)
    run_inbound_jobs(redis)
    [recorded] = _outcomes(db)
    assert (recorded.outcome, recorded.source) == (outcome, "reply")
    assert _commitments(db)[0].status == status
    with db.session() as session:
        answer = session.scalars(select(Reply).where(Reply.message_id == checkback.id)).one()
    assert answer.command == outcome  # an answer, never quoted back as a reflection


def _token(client: FlaskClient, message_id: int) -> str:
    from service.tokens import make_token

    return make_token(client.application.config["SECRET_KEY"], "commitment", message_id)


BAD = [
    ("tampered-token", "/commitments/abc.def.ghi", "get", {}, 400),
    ("other-purpose-token", "preferences", "get", {}, 400),
    ("not-a-checkback", "prompt", "get", {}, 404),
    ("no-answer", "checkback", "post", {}, 400),
    ("unknown-answer", "checkback", "post", {"answer": "maybe"}, 400),
    ("bad-date", "checkback", "post", {"answer": "not_yet", "new_date": "31/12/2026"}, 400),
]


@pytest.mark.parametrize(("where", "method", "data", "status"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_links_and_answers_are_refused(
    client: FlaskClient,
    db: Database,
    promised: Commitment,
    world: World,
    where: str,
    method: str,
    data: dict[str, str],
    status: int,
) -> None:
    from service.tokens import make_token

    secret = client.application.config["SECRET_KEY"]
    checkback = _checkback(db, world)
    paths = {
        "preferences": f"/commitments/{make_token(secret, 'preferences', checkback.id)}",
        "prompt": f"/commitments/{_token(client, world.prompt_id)}",
        "checkback": f"/commitments/{_token(client, checkback.id)}",
    }
    path = paths.get(where, where)
    if method == "get":
        response = client.get(path)
    else:
        page = client.get(f"{paths['checkback']}?answer=done")
        token = CSRF.search(page.get_data(as_text=True))[1]  # type: ignore[index]
        response = client.post(path, data={"csrf_token": token, **data})
    assert response.status_code == status
    assert _outcomes(db) == []


def test_a_post_without_csrf_is_refused(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    response = client.post(f"/commitments/{_token(client, checkback.id)}", data={"answer": "done"})
    assert response.status_code == 400
    assert _outcomes(db) == []


def _manager_today(db: Database, world: World) -> date:
    with db.session() as session:
        subscription = session.get_one(Subscription, world.subscription_id)
        return local_today(subscription.manager, utcnow())


def _press(client: FlaskClient, path: str, answer: str, new_date: str | None = None) -> TestResponse:
    page = client.get(f"{path}?answer={answer}")
    form = {"csrf_token": CSRF.search(page.get_data(as_text=True))[1], "answer": answer}  # type: ignore[index]
    if new_date is not None:
        form["new_date"] = new_date
    return client.post(path, data=form)


def test_a_reopened_link_shows_the_answer_already_given(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    path = f"/commitments/{_token(client, checkback.id)}"
    assert _press(client, path, "done").status_code == 303
    today = _manager_today(db, world)
    page = client.get(f"{path}?answer=done").get_data(as_text=True)
    assert f"You answered “Done” on {day_label(today)}." in page
    assert "It's marked done: well done." in page
    assert '<details class="change-answer"><summary>' in page  # closed: nothing is asked again
    assert "How did it go?" not in page
    assert 'value="done">Done</button>' not in page  # the answer given is not offered again
    assert 'value="not_yet">Not yet</button>' in page and 'value="dropped">Drop it</button>' in page
    # the email's other button, pressed later: the answer given stands, the other one is offered
    page = client.get(f"{path}?answer=dropped").get_data(as_text=True)
    assert "You answered “Done”" in page and '<details class="change-answer" open>' in page
    assert '<input type="hidden" name="answer" value="dropped">' in page


def test_a_commitment_settled_elsewhere_says_so(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    with db.transaction() as session:
        session.get_one(Commitment, promised.id).status = "dropped"
    page = client.get(f"/commitments/{_token(client, checkback.id)}?answer=done").get_data(as_text=True)
    assert "It's already dropped." in page and '<details class="change-answer" open>' in page


NOT_YET_DATES = [
    ("empty: a week on", "", 303, 7),
    ("tomorrow", "+1", 303, 1),
    ("eight weeks on", "+56", 303, 56),
    ("today", "+0", 400, "Choose a date from tomorrow on"),
    ("in the past", "-30", 400, "Choose a date from tomorrow on"),
    ("too far", "+57", 400, "Choose a date within eight weeks"),
    ("far future", "2099-12-31", 400, "Choose a date within eight weeks"),
    ("day first", "31/12/2026", 400, "written YYYY-MM-DD"),
    ("no such day", "2027-02-30", 400, "written YYYY-MM-DD"),
    ("hostile", "<script>alert(1)</script>", 400, "written YYYY-MM-DD"),
]


@pytest.mark.parametrize(
    ("raw", "status", "expected"), [c[1:] for c in NOT_YET_DATES], ids=[c[0] for c in NOT_YET_DATES]
)
def test_not_yet_takes_a_date_from_tomorrow_to_eight_weeks_or_says_why_not(
    client: FlaskClient,
    db: Database,
    promised: Commitment,
    world: World,
    raw: str,
    status: int,
    expected: int | str,
) -> None:
    checkback = _checkback(db, world)
    path = f"/commitments/{_token(client, checkback.id)}"
    today = _manager_today(db, world)
    new_date = (today + timedelta(days=int(raw))).isoformat() if raw[:1] in "+-" and raw else raw
    response = _press(client, path, "not_yet", new_date)
    assert response.status_code == status
    if isinstance(expected, int):
        assert _commitments(db)[0].due_on == today + timedelta(days=expected)
        return
    page = response.get_data(as_text=True)
    assert expected in page and 'aria-invalid="true"' in page and "<script>alert" not in page
    assert '<input type="hidden" name="answer" value="not_yet">' in page  # the form keeps the answer
    assert _outcomes(db) == [] and _commitments(db)[0].postponed == 0


def test_a_post_without_a_known_answer_shows_the_page_with_the_reason(
    client: FlaskClient, db: Database, promised: Commitment, world: World
) -> None:
    checkback = _checkback(db, world)
    path = f"/commitments/{_token(client, checkback.id)}"
    response = _press(client, path, "maybe")
    assert response.status_code == 400
    assert "Choose Done, Not yet or Drop it." in response.get_data(as_text=True)
    assert _outcomes(db) == []


@pytest.mark.parametrize(
    ("days", "said"),
    [
        (2, "A few days have gone by."),
        (7, "A week has gone by."),
        (10, "A week has gone by."),
        (11, "Two weeks have gone by."),
        (52, "Seven weeks have gone by."),
        (59, "Eight weeks have gone by."),
        (60, "Two months have gone by."),
        (200, "Seven months have gone by."),
        (400, "About a year has gone by."),
        (800, "More than a year has gone by."),
    ],
)
def test_the_time_gone_by_is_said_as_it_was(days: int, said: str) -> None:
    made = date(2026, 10, 15)
    assert gone_by(made, made + timedelta(days=days)) == said


def test_an_undated_promise_checked_back_late_says_how_long_it_really_was(
    db: Database, redis: Redis, post_inbound: Post, world: World
) -> None:
    """QA: "On Thursday 15 October you wrote: … A week has gone by." in an email sent on 6 December."""
    body, content_type = parsed_post(
        text="I will thank the channel team in person.", to=coach_address(world.prompt_token)
    )
    assert post_inbound(body, content_type).status_code == 200
    run_inbound_jobs(redis)
    [commitment] = _commitments(db)
    assert commitment.due_phrase is None
    checkback = _checkback(db, world)
    with db.transaction() as session:
        message = session.get_one(Message, checkback.id)
        made = message.context["made_on"]
        message.due_at = message.due_at + timedelta(
            days=52 - (message.due_at.date() - date.fromisoformat(made)).days
        )
    with db.session() as session:
        rendered = render_message(session.get_one(Message, checkback.id), session)
    assert "Seven weeks have gone by. How did it go?" in " ".join(rendered.text.split())
    assert "Seven weeks have gone by. How did it go?" in rendered.html
    assert "A week has gone by" not in rendered.text
