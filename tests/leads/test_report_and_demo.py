"""`coach report` (the dashboard as one self-contained file), the demo's replies that answer their
prompts, `coach demo --reset-password`, and the sign-in `make run` repeats once the stack is up."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.accounts import authenticate
from service.cli import main
from service.cli.dev import banner_text
from service.curriculum import load_curriculum
from service.db import Database
from service.demo import DEMO_LEAD_EMAIL
from service.demo.credentials import read_credentials, write_credentials
from service.demo.replies import ANSWERS, SHORT
from service.models import Commitment, Message, Reply
from service.settings import Settings
from tests.conftest import settings_env
from tests.leads.conftest import World, login


@pytest.fixture()
def runner(settings: Settings) -> CliRunner:
    return CliRunner(env=settings_env(settings.database_url, settings.redis_url, settings.instance_path))


def _password(output: str) -> str:
    match = re.search(r"password:\s+(\S+)", output)
    assert match is not None, output
    return match.group(1)


def test_the_report_is_one_self_contained_page_with_the_dashboards_figures(
    runner: CliRunner, world: World, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(main, ["report", "--program", str(world.program_a), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<style>" in page and "Program A" in page and "Is it working?" in page
    assert re.search(r"<(script|link|img|iframe)\b", page) is None  # nothing to fetch, nothing to run
    assert re.search(r'\b(src|href)="', page) is None  # and no link back into the app
    assert 'class="kpi-def"' in page and '<svg class="chart chart-wide"' in page
    assert "Program B" not in page and "Bob Beta" not in page


def test_the_report_file_is_readable_by_its_owner_only(
    runner: CliRunner, world: World, tmp_path: Path
) -> None:
    """QA: it was written 0644; it names managers and quotes what they shared."""
    out = tmp_path / "report.html"
    out.write_text("an older report")
    out.chmod(0o644)
    old = os.umask(0o022)
    try:
        result = runner.invoke(main, ["report", "--program", str(world.program_a), "--out", str(out)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "Program A" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Missing option '--program'"),
        (["--program", "1"], "Missing option '--out'"),
        (["--program", "0", "--out", "x.html"], "Invalid value for '--program'"),
        (["--program", "abc", "--out", "x.html"], "Invalid value for '--program'"),
        (["--program", "99999", "--out", "{tmp}/x.html"], "no program with id 99999"),
        (["--program", "{A}", "--out", "{tmp}/x.html", "--timezone", "Mars/Base"], "unknown timezone"),
        (["--program", "{A}", "--out", "{tmp}/x.html", "--period", "13"], "Invalid value for '--period'"),
        (["--program", "{A}", "--out", "{tmp}/x.html", "--from", "2026-02-01"], "Give both dates"),
        (["--program", "{A}", "--out", "{tmp}/x.html", "--from", "2026-02-09", "--to", "2026-02-01"],
         "starts after it ends"),
        (["--program", "{A}", "--out", "{tmp}/missing/dir/x.html"], "cannot write"),
        (["--program", "{A}", "--out", "{tmp}"], "is a directory"),
    ],
)  # fmt: skip
def test_report_refuses_bad_input_clearly(
    runner: CliRunner, world: World, tmp_path: Path, args: list[str], message: str
) -> None:
    filled = [arg.format(A=world.program_a, tmp=tmp_path) for arg in args]
    result = runner.invoke(main, ["report", *filled])
    assert result.exit_code != 0 and message in result.output, result.output
    assert "Traceback" not in result.output


def test_report_of_a_custom_range_in_a_timezone(runner: CliRunner, world: World, tmp_path: Path) -> None:
    out = tmp_path / "range.html"
    args = ["report", "--program", str(world.program_a), "--out", str(out), "--from", "2026-01-05",
            "--to", "2026-01-11", "--timezone", "Asia/Tokyo"]  # fmt: skip
    assert runner.invoke(main, args).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "05 Jan 2026 to 11 Jan 2026" in page and "Times in Asia/Tokyo" in page


def test_demo_replies_answer_the_prompts_they_follow(runner: CliRunner, db: Database) -> None:
    assert runner.invoke(main, ["demo"]).exit_code == 0
    answers = tomllib.loads(ANSWERS.read_text(encoding="utf-8"))
    curriculum = load_curriculum()
    with db.session() as session:
        rows = session.execute(
            select(Message.kind, Message.content_id, Reply.text).join(Reply, Reply.message_id == Message.id)
        ).all()
        commitments = session.scalars(select(Commitment)).all()
    prompts = [(content_id, text) for kind, content_id, text in rows if kind == "prompt"]
    followups = [(content_id, text) for kind, content_id, text in rows if kind == "followup"]
    assert len(prompts) > 50 and len(followups) > 5
    for content_id, text in prompts:
        lesson, _, item = content_id.rpartition(".")
        assert text in SHORT or answers[lesson][item] in text, (content_id, text)
    for content_id, text in followups:
        lesson, _, item = content_id.rpartition(".")
        assert text in SHORT or answers["followups"][lesson][item] in text, (content_id, text)
    assert {content_id for content_id, _ in prompts} <= {
        p.id for lesson in curriculum.lessons for p in lesson.prompts
    }
    assert len(commitments) > 5
    assert all(re.search(r"\b(I will|I'll|I'm going to)\b", c.text) for c in commitments)
    assert {c.status for c in commitments} >= {"open", "done"}


def test_reset_password_prints_a_fresh_one_and_keeps_it_for_make_run(
    runner: CliRunner, db: Database, settings: Settings, client: FlaskClient
) -> None:
    missing = runner.invoke(main, ["demo", "--reset-password"])
    assert missing.exit_code == 1 and "run `coach demo` first" in missing.output
    first = _password(runner.invoke(main, ["demo"]).output)
    result = runner.invoke(main, ["demo", "--reset-password"])
    assert result.exit_code == 0, result.output
    fresh = _password(result.output)
    assert fresh != first
    with db.session() as session:
        assert authenticate(session, DEMO_LEAD_EMAIL, first) is None
        assert authenticate(session, DEMO_LEAD_EMAIL, fresh) is not None
    path = settings.instance_path / "demo-lead.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_credentials(settings.instance_path) == (DEMO_LEAD_EMAIL, fresh)
    login(client, DEMO_LEAD_EMAIL, fresh)
    both = runner.invoke(main, ["demo", "--reset-password", "--if-empty"])
    assert both.exit_code == 2 and "do not go together" in both.output


def test_make_run_repeats_the_demo_sign_in_from_the_file(settings: Settings) -> None:
    assert "coach demo --reset-password" in banner_text(settings)  # none on file yet
    path = write_credentials(
        settings.instance_path, "http://coach.test/leads/login", DEMO_LEAD_EMAIL, "s3cret-pw"
    )
    path.chmod(0o644)  # a file from before is tightened when written again
    write_credentials(settings.instance_path, "http://coach.test/leads/login", DEMO_LEAD_EMAIL, "s3cret-pw2")
    text = banner_text(settings)
    assert "email:    lead@example.com" in text and "password: s3cret-pw2" in text
    assert f"{settings.public_url}/leads/login" in text and str(path) in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", ["", "garbage", "\x00\x01", "email: a@b\n", "x\npassword: only\n"])
def test_an_unreadable_credentials_file_is_ignored(settings: Settings, content: str) -> None:
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    (settings.instance_path / "demo-lead.txt").write_text(content)
    assert read_credentials(settings.instance_path) is None


def test_demo_status_history_matches_its_emails_and_keeps_pauses_where_they_began(
    runner: CliRunner, db: Database
) -> None:
    """Each demo subscription's history ends in its status; a pause begins after the last email sent
    before it and no email follows it; so the paused count a week ago is the pauses begun by then,
    not only the unchanged ones (the demo used to show "Paused 17, ▲16 vs previous")."""
    from service.analytics import program_kpis
    from service.models import Program, Subscription, SubscriptionStatusChange, utcnow

    assert runner.invoke(main, ["demo"]).exit_code == 0
    now = utcnow()
    with db.session() as session:
        program_id = session.scalars(select(Program.id)).one()
        open_rows = dict(
            session.execute(
                select(SubscriptionStatusChange.subscription_id, SubscriptionStatusChange.status).where(
                    SubscriptionStatusChange.ended_at.is_(None)
                )
            ).all()
        )
        statuses = dict(session.execute(select(Subscription.id, Subscription.status)).all())
        stretches = session.execute(
            select(
                SubscriptionStatusChange.subscription_id,
                SubscriptionStatusChange.changed_at,
                SubscriptionStatusChange.ended_at,
            ).where(SubscriptionStatusChange.status == "paused")
        ).all()
        last_email = dict(
            session.execute(
                select(Message.subscription_id, func.max(Message.sent_at)).group_by(Message.subscription_id)
            ).all()
        )
        kpis = program_kpis(session, program_id, now, 7)
    assert open_rows == statuses
    for sid, began, ended in stretches:  # nothing was sent since a pause still running began
        assert ended is not None or last_email[sid] <= began
    week_ago = now - timedelta(days=7)
    paused_now = sum(1 for _sid, _began, ended in stretches if ended is None)
    paused_then = sum(
        1 for _sid, began, ended in stretches if began <= week_ago and (ended is None or week_ago < ended)
    )
    assert (kpis["paused"].value, kpis["paused"].previous) == (paused_now, paused_then)
    assert paused_then > 1 and paused_now - paused_then < paused_now / 2
