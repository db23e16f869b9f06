"""Every My reflections route against bad links, ids, formats and CSRF: a clear 4xx, nothing changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.db import Database
from service.models import Reply
from tests.leads.conftest import World
from tests.reflections.conftest import Mine, page_token, post_with_csrf
from tests.subscriptions.conftest import aged_token, snapshot

DAY = 24 * 3600
Token = Callable[[Flask, int], str]


def _tampered(token: str) -> str:
    """One signature character changed. Not one of the last two: "…xw" → "…xx" can decode to the same
    signature bytes (the last character carries padding bits), which made this case pass a real token."""
    return token[:-8] + ("A" if token[-8] != "A" else "B") + token[-7:]


TOKENS: list[tuple[str, Token, int]] = [
    ("garbage", lambda app, mid: "not-a-token", 400),
    ("tampered", lambda app, mid: _tampered(page_token(app, mid)), 400),
    ("another purpose", lambda app, mid: page_token(app, mid, "preferences"), 400),
    ("unsubscribe purpose", lambda app, mid: page_token(app, mid, "unsubscribe"), 400),
    ("too long", lambda app, mid: "a" * 600, 400),
    ("expired", lambda app, mid: aged_token(app.config["SECRET_KEY"], "reflections", mid, 61 * DAY), 410),
    ("nobody", lambda app, mid: page_token(app, 987654), 404),
]
ROUTES = [
    ("GET", "/reflections/{t}"),
    ("GET", "/reflections/{t}/download.md"),
    ("GET", "/reflections/{t}/download.json"),
    ("GET", "/reflections/{t}/erase"),
    ("POST", "/reflections/{t}/replies/{r}/delete"),
    ("POST", "/reflections/{t}/replies/{r}/share"),
    ("POST", "/reflections/{t}/replies/{r}/unshare"),
    ("POST", "/reflections/{t}/sharing/off"),
    ("POST", "/reflections/{t}/erase"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
@pytest.mark.parametrize(("case", "make", "status"), TOKENS, ids=[case for case, _, _ in TOKENS])
def test_a_bad_link_gets_the_link_problem_page_and_changes_nothing(
    app: Flask, client: FlaskClient, db: Database, mine: Mine,
    method: str, route: str, case: str, make: Token, status: int,
) -> None:  # fmt: skip
    before = snapshot(db)
    path = route.format(t=make(app, mine.manager_id), r=mine.newer_id)
    post = method == "POST"
    response = post_with_csrf(client, "/", path, {"understood": "y"}) if post else client.get(path)
    assert response.status_code == status, case
    assert "NEWER reply" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/reflections/{t}/download.csv", 404),
        ("GET", "/reflections/{t}/download.MD", 404),
        ("GET", "/reflections/{t}/download.", 404),
        ("POST", "/reflections/{t}/replies/{other}/delete", 404),  # another manager's reply
        ("POST", "/reflections/{t}/replies/{other}/share", 404),
        ("POST", "/reflections/{t}/replies/{other}/unshare", 404),
        ("POST", "/reflections/{t}/replies/99999999999999999999/unshare", 404),
        ("GET", "/reflections/{t}/replies/{mine}/unshare", 405),
        ("POST", "/reflections/{t}/replies/999999/delete", 404),
        ("POST", "/reflections/{t}/replies/99999999999999999999/delete", 404),  # beyond any id
        ("POST", "/reflections/{t}/replies/-1/delete", 404),
        ("POST", "/reflections/{t}/replies/abc/share", 404),
        ("GET", "/reflections/{t}/replies/{mine}/delete", 405),
        ("GET", "/reflections/{t}/replies/{mine}/share", 405),
        ("GET", "/reflections/{t}/sharing/off", 405),
        ("PUT", "/reflections/{t}/erase", 405),
        ("DELETE", "/reflections/{t}", 405),
    ],
)
def test_bad_ids_formats_and_methods(
    app: Flask,
    client: FlaskClient,
    db: Database,
    mine: Mine,
    world: World,
    method: str,
    path: str,
    status: int,
) -> None:
    before = snapshot(db)
    url = path.format(
        t=page_token(app, mine.manager_id), other=_reply_of(db, world.manager_a), mine=mine.newer_id
    )
    if method == "POST":
        response = post_with_csrf(client, f"/reflections/{page_token(app, mine.manager_id)}", url)
    else:
        response = client.open(url, method=method)
    assert response.status_code == status
    assert snapshot(db) == before


def _reply_of(db: Database, manager_id: int) -> int:
    with db.session() as session:
        reply_id = session.scalar(select(Reply.id).where(Reply.manager_id == manager_id))
        assert reply_id is not None
        return reply_id


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/reflections/{t}/replies/{r}/delete", {}),
        ("/reflections/{t}/replies/{r}/share", {}),
        ("/reflections/{t}/replies/{r}/unshare", {}),
        ("/reflections/{t}/sharing/off", {}),
        ("/reflections/{t}/erase", {"understood": "y"}),
    ],
)
@pytest.mark.parametrize("csrf", ["", "forged-token"])
def test_posts_without_a_valid_csrf_token_are_refused(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, path: str, data: dict[str, str], csrf: str
) -> None:
    before = snapshot(db)
    url = path.format(t=page_token(app, mine.manager_id), r=mine.newer_id)
    client.get(f"/reflections/{page_token(app, mine.manager_id)}")  # a session exists, the token is wrong
    response = client.post(url, data={"csrf_token": csrf, **data})
    assert response.status_code == 400 and "Please try again" in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize("understood", ["", "false", None])
def test_erasing_without_the_ticked_box_is_refused(
    app: Flask, client: FlaskClient, db: Database, mine: Mine, understood: str | None
) -> None:
    before = snapshot(db)
    page = f"/reflections/{page_token(app, mine.manager_id)}/erase"
    response = post_with_csrf(client, page, page, {} if understood is None else {"understood": understood})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "\x00", "<script>alert(1)</script>", "%", "_", "' OR 1=1 --", "🙂", "   "],
)
def test_any_search_text_answers_200_and_is_escaped(
    app: Flask, client: FlaskClient, mine: Mine, query: str
) -> None:
    response = client.get(f"/reflections/{page_token(app, mine.manager_id)}", query_string={"q": query})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
