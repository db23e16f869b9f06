"""`coach preview` and GET /leads/preview/<kind> render sample emails; bad input gets a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from service.cli import main
from service.emails import EmailError
from service.emails.sample import sample_context
from service.enums import EmailKind
from tests.emails.conftest import TAG

KINDS = tuple(kind.value for kind in EmailKind)


@pytest.fixture()
def client(app, db):  # type: ignore[no-untyped-def]
    """The preview is for signed-in leads (and admins) only: these tests use a signed-in lead."""
    from service.accounts import create_account
    from tests.leads.conftest import PASSWORD, login

    with db.transaction() as session:
        create_account(session, "preview.lead@example.com", PASSWORD)
    signed_in = app.test_client()
    login(signed_in, "preview.lead@example.com")
    return signed_in


def test_browser_preview_needs_a_signed_in_lead(app) -> None:  # type: ignore[no-untyped-def]
    response = app.test_client().get("/leads/preview/nudge")
    assert response.status_code == 302 and "/leads/login" in response.headers["Location"]


@pytest.mark.parametrize("kind", KINDS)
def test_cli_preview_prints_html_with_the_subject_on_stderr(kind: str) -> None:
    result = CliRunner().invoke(main, ["preview", kind, "--focus", "share-credit"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert result.stderr.startswith("Subject: ")


def test_cli_preview_text_format_has_no_tags() -> None:
    result = CliRunner().invoke(main, ["preview", "prompt", "--focus", "bring-energy", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "JUST REPLY TO THIS EMAIL." in result.stdout and TAG.search(result.stdout) is None


def test_cli_preview_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(main, ["preview", "digest", "--focus", "share-credit", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "digest (html) written to" in result.stderr and result.stdout == ""


def test_cli_preview_defaults_to_the_first_lesson() -> None:
    result = CliRunner().invoke(main, ["preview", "nudge", "--format", "text"])
    assert result.exit_code == 0 and "Lesson 1, nudge" in result.stdout


@pytest.mark.parametrize(
    ("step", "ending"),
    [
        ("ahead", "I will ask you how it went after Friday 7 March. Before then: what could get in the way"),
        ("since", "You have already picked your next step. What has helped it along so far"),
        ("done", "you marked it done. What did you notice when you did it?"),
    ],
)
def test_cli_preview_of_a_followup_to_a_reply_that_chose_its_step(step: str, ending: str) -> None:
    result = CliRunner().invoke(
        main, ["preview", "followup", "--focus", "share-credit", "--format", "text", "--step", step]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.replace("\n> ", "\n").split())  # the quote's lines joined up
    assert ending in text and "I will thank him by name in Friday's win post." in text
    assert text.count("?") == 1  # the lesson's own question is gone: one question, the step's


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["preview", "newsletter"], "Invalid value for 'KIND': 'newsletter' is not one of 'confirm'"),
        (
            ["preview", "nudge", "--focus", "sharing"],
            "unknown lesson 'sharing'; choose one of: personal-motive",
        ),
        (["preview", "nudge", "--format", "pdf"], "Invalid value for '--format'"),
        (["preview"], "Missing argument 'KIND'"),
        (["preview", "nudge", "--step", "done"], "Invalid value for --step: is for followup only, not nudge"),
        (["preview", "followup", "--step", "later"], "Invalid value for '--step': 'later' is not one of"),
        (["preview", "followup", "--step"], "Option '--step' requires an argument"),
    ],
)
def test_cli_preview_bad_input_exits_2_with_a_clear_message(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_browser_preview_serves_the_email_with_its_own_csp(client: FlaskClient) -> None:
    response = client.get("/leads/preview/followup?focus=invest-in-relationships")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert body.startswith("<!DOCTYPE html>") and "<blockquote" in body
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in csp and "script-src" not in csp and "default-src 'none'" in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert "http://coach.test/preferences/" in body  # links point at this deployment


def test_browser_preview_text_format(client: FlaskClient) -> None:
    response = client.get("/leads/preview/welcome?focus=bring-energy&format=text")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert response.content_type == "text/plain; charset=utf-8"
    assert "Your focus for the coming weeks is lesson 8" in text and TAG.search(text) is None


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/leads/preview/newsletter", 404),
        ("/leads/preview/nudge?focus=nope", 404),
        ("/leads/preview/nudge?format=pdf", 400),
        ("/leads/preview/..%2Flayout", 404),
    ],
)
def test_browser_preview_bad_input(client: FlaskClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_other_pages_keep_the_strict_csp(client: FlaskClient) -> None:
    response = client.get("/leads/preview/nudge")
    other = client.get("/health")
    assert "unsafe-inline" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in other.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("kind", "step"), [("nudge", "done"), ("followup", "later"), ("review", "ahead")])
def test_a_sample_step_is_for_followups_and_known_steps_only(kind: str, step: str) -> None:
    with pytest.raises(EmailError, match="a chosen step is for follow-ups only, one of ahead, since, done"):
        sample_context(kind, "share-credit", step=step)
