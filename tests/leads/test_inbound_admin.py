"""The admins' inbound dead-letter page: who may see it, what it shows (escaped), and re-processing."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from redis import Redis
from sqlalchemy import insert, select

from service.db import Database
from service.enums import InboundStatus
from service.models import InboundPost, utcnow
from service.queues import INBOUND, PROCESS_RECEIVED_JOB, queue
from tests.leads.conftest import World, csrf_token, login
from tests.replies.payloads import parsed_post

HOSTILE = "<script>alert('x')</script> I moved the demo & kept <b>credit</b>"


def add_post(db: Database, status: str, body: bytes, content_type: str, error: str = "") -> int:
    with db.transaction() as session:
        row = {"content_type": content_type, "body": body, "status": status, "error": error or None}
        return int(
            session.execute(insert(InboundPost).values(**row, received_at=utcnow())).inserted_primary_key[0]
        )


@pytest.fixture()
def dead_letter(db: Database) -> dict[str, int]:
    body, content_type = parsed_post(text=HOSTILE, sender="Stranger <nobody@elsewhere.example>")
    return {
        "unmatched": add_post(
            db, "unmatched", body, content_type, "no manager matched nobody@elsewhere.example"
        ),
        "malformed": add_post(db, "malformed", b"\x00 not a form", "text/plain", "not multipart/form-data"),
        "processed": add_post(db, "processed", body, content_type),
    }


def status_of(db: Database, post_id: int) -> str:
    with db.session() as session:
        return str(session.scalar(select(InboundPost.status).where(InboundPost.id == post_id)))


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("lead", 404), ("admin", 200)],
)
@pytest.mark.parametrize("path", ["/leads/admin/inbound/", "/leads/admin/inbound/{unmatched}"])
def test_only_admins_see_the_dead_letter(
    client: FlaskClient, world: World, dead_letter: dict[str, int], who: str, status: int, path: str
) -> None:
    if who != "anonymous":
        login(client, world.admin.email if who == "admin" else world.lead_a.email)
    response = client.get(path.format(**dead_letter))
    assert response.status_code == status


def test_the_list_shows_posts_needing_attention_and_not_processed_ones(
    client: FlaskClient, world: World, dead_letter: dict[str, int]
) -> None:
    login(client, world.admin.email)
    page = client.get("/leads/admin/inbound/").get_data(as_text=True)
    assert (
        f'data-post="{dead_letter["unmatched"]}"' in page
        and f'data-post="{dead_letter["malformed"]}"' in page
    )
    assert f'data-post="{dead_letter["processed"]}"' not in page
    assert "no manager matched" in page
    assert "I moved the demo" not in page  # the list never shows text, only the detail page's excerpt
    assert 'href="/leads/admin/inbound/"' in client.get("/leads/admin/").get_data(as_text=True)


def test_a_post_shows_its_headers_and_an_escaped_excerpt(
    client: FlaskClient, world: World, dead_letter: dict[str, int]
) -> None:
    login(client, world.admin.email)
    page = client.get(f"/leads/admin/inbound/{dead_letter['unmatched']}").get_data(as_text=True)
    assert "nobody@elsewhere.example" in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and "<script>alert" not in page
    malformed = client.get(f"/leads/admin/inbound/{dead_letter['malformed']}").get_data(as_text=True)
    assert "not an Inbound Parse form" in malformed


@pytest.mark.parametrize(
    ("case", "path", "with_token", "expected"),
    [
        ("unknown post", "/leads/admin/inbound/999999/retry", True, 404),
        ("not a number", "/leads/admin/inbound/abc/retry", True, 404),
        ("negative", "/leads/admin/inbound/-1/retry", True, 404),
        ("huge number", "/leads/admin/inbound/99999999999999999999999/retry", True, 404),
        ("no CSRF token", "/leads/admin/inbound/{unmatched}/retry", False, 400),
        ("GET instead of POST", "GET /leads/admin/inbound/{unmatched}/retry", True, 405),
        ("unknown detail", "GET /leads/admin/inbound/999999", True, 404),
    ],
)
def test_bad_requests_change_nothing(
    client: FlaskClient,
    db: Database,
    world: World,
    dead_letter: dict[str, int],
    redis: Redis,
    case: str,
    path: str,
    with_token: bool,
    expected: int,
) -> None:
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/inbound/")
    method, _, url = path.rpartition(" ")
    url = url.format(**dead_letter)
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": token} if with_token else {})
    assert response.status_code == expected, case
    assert status_of(db, dead_letter["unmatched"]) == InboundStatus.UNMATCHED, case
    assert len(queue(INBOUND, redis)) == 0, case


def test_retry_hands_a_post_back_to_processing_and_refuses_a_processed_one(
    client: FlaskClient, db: Database, world: World, dead_letter: dict[str, int], redis: Redis
) -> None:
    login(client, world.admin.email)
    token = csrf_token(client, "/leads/admin/inbound/")
    response = client.post(
        f"/leads/admin/inbound/{dead_letter['unmatched']}/retry", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert status_of(db, dead_letter["unmatched"]) == InboundStatus.RECEIVED
    [job] = queue(INBOUND, redis).get_jobs()
    assert job.func_name == PROCESS_RECEIVED_JOB
    refused = client.post(
        f"/leads/admin/inbound/{dead_letter['processed']}/retry", data={"csrf_token": token}
    )
    assert refused.status_code == 302
    assert status_of(db, dead_letter["processed"]) == InboundStatus.PROCESSED
    assert "was not retried" in client.get("/leads/admin/inbound/").get_data(as_text=True)
