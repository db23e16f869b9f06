"""`coach create-admin`, `coach create-lead` and `coach demo` against a migrated database."""

from __future__ import annotations

import re
import time

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.accounts import authenticate, create_program
from service.cli import main
from service.db import Database
from service.demo import DEMO_LEAD_EMAIL, DEMO_PROGRAM
from service.models import Lead, Manager, Message, Program, Reply, Subscription
from service.settings import Settings
from tests.conftest import settings_env
from tests.leads.conftest import login


@pytest.fixture()
def runner(settings: Settings, tmp_path: object) -> CliRunner:
    env = settings_env(settings.database_url, settings.redis_url, settings.instance_path)
    return CliRunner(env=env)


def _password(output: str) -> str:
    match = re.search(r"password:\s+(\S+)", output)
    assert match is not None, output
    return match.group(1)


def test_create_admin_generates_and_prints_a_password_once(runner: CliRunner, db: Database) -> None:
    result = runner.invoke(main, ["create-admin", "Boss@Example.com"])
    assert result.exit_code == 0, result.output
    password = _password(result.output)
    with db.session() as session:
        lead = authenticate(session, "boss@example.com", password)
        assert lead is not None and lead.is_admin
        assert lead.password_hash.startswith("scrypt:") and password not in lead.password_hash
    again = runner.invoke(main, ["create-admin", "boss@example.com"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_create_admin_prompts_for_a_password_with_confirmation(runner: CliRunner, db: Database) -> None:
    result = runner.invoke(main, ["create-admin", "typed@example.com", "--password"],
                           input="a typed password\na typed password\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "password:" not in result.output.split("Repeat for confirmation")[-1]
    with db.session() as session:
        assert authenticate(session, "typed@example.com", "a typed password") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create-admin", "not-an-email"], "not valid"),
        (["create-lead", "x@example.com"], "Missing option '--program'"),
        (["create-lead", "x@example.com", "--program", "   "], "needs a name"),
    ],
)
def test_account_commands_reject_bad_input(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code != 0 and message in result.output


def test_create_lead_creates_the_program_and_adds_existing_leads(runner: CliRunner, db: Database) -> None:
    first = runner.invoke(main, ["create-lead", "l@example.com", "--program", "North  Sales"])
    assert first.exit_code == 0, first.output
    assert "created program 'North Sales'" in first.output
    second = runner.invoke(main, ["create-lead", "l@example.com", "--program", "South Sales"])
    assert second.exit_code == 0 and "password unchanged" in second.output
    with db.session() as session:
        lead = session.scalars(select(Lead).where(Lead.email == "l@example.com")).one()
        assert sorted(program.name for program in lead.programs) == ["North Sales", "South Sales"]
        assert lead.role == "lead"


def test_demo_seeds_a_living_program_quickly_and_only_once(
    runner: CliRunner, db: Database, client: FlaskClient
) -> None:
    started = time.perf_counter()
    result = runner.invoke(main, ["demo"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    assert elapsed < 30  # "a few seconds" on a laptop; generous for a shared CI machine
    with db.session() as session:
        program = session.scalars(select(Program).where(Program.name == DEMO_PROGRAM)).one()
        managers = session.scalar(select(func.count()).where(Manager.program_id == program.id))
        statuses = dict(
            session.execute(select(Subscription.status, func.count()).group_by(Subscription.status)).all()
        )
        sent = session.scalar(select(func.count()).select_from(Message).where(Message.sent_at.is_not(None)))
        replies = session.scalar(select(func.count()).select_from(Reply))
        kinds = set(session.scalars(select(Message.kind).distinct()))
    assert managers == 60
    assert statuses["active"] > 30 and statuses["paused"] >= 5 and statuses["unsubscribed"] == 5
    assert sent is not None and sent > 500 and replies is not None and replies > 50
    assert {"nudge", "prompt", "welcome", "invitation"} <= kinds
    assert runner.invoke(main, ["demo", "--if-empty"]).output.startswith("demo: a program exists already")
    again = runner.invoke(main, ["demo"])
    assert again.exit_code == 1 and "already exists" in again.output
    login(client, DEMO_LEAD_EMAIL, _password(result.output))
    page = client.get(f"/leads/programs/{program.id}").get_data(as_text=True)
    assert 'Managers <span class="muted">(60)</span>' in page
    table = client.get(f"/leads/programs/{program.id}/managers").get_data(as_text=True)
    assert table.count(f"/leads/programs/{program.id}/managers/") == 60
    values = dict(
        re.findall(
            r'data-kpi="(\w+)">\s*<p class="kpi-label">[^<]*</p>\s*<p class="kpi-value">([^<]+)<', page
        )
    )
    for key in (
        "enrolled",
        "active",
        "sent",
        "delivered",
        "reply_rate",
        "median_reply_hours",
        "active_managers",
    ):
        assert values[key] not in ("0", "—", "0.0%"), (key, values[key])
    assert "<svg" in page


def test_create_lead_with_a_program_name_in_other_case_joins_that_program(
    runner: CliRunner, db: Database
) -> None:
    with db.transaction() as session:
        create_program(session, "Demo sales leadership")
    result = runner.invoke(main, ["create-lead", "x@example.com", "--program", "demo SALES  leadership"])
    assert result.exit_code == 0, result.output
    assert "created program" not in result.output
    with db.session() as session:
        assert session.scalars(select(Program.name)).all() == ["Demo sales leadership"]
