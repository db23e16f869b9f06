"""Rows for rendering outbox messages: a program with a lead, and a manager with a subscription."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time

import pytest

from service.curriculum import Curriculum, load_curriculum
from service.db import Database
from service.models import Lead, Manager, Program, Subscription
from service.settings import Settings

TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>")
HOSTILE = '<script>alert("x")</script>'


def flat(text: str) -> str:
    """Text with line wrapping undone, for phrases that may wrap in the plain-text part."""
    return " ".join(text.split())


def visible(markup: str) -> str:
    """What a reader sees in the HTML part: tags dropped, entities decoded, whitespace collapsed."""
    body = markup.split("<body", 1)[-1]
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@dataclass(frozen=True)
class People:
    program_id: int
    lead_id: int
    manager_id: int
    subscription_id: int


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    return load_curriculum()


@pytest.fixture()
def people(db: Database, settings: Settings) -> People:
    """One program led by one lead, one enrolled manager with an active subscription to share-credit."""
    with db.transaction() as session:
        program = Program(name="Nordics sales leadership")
        lead = Lead(email="lead@example.com", name="Priya Raman", password_hash="x", timezone="Europe/Oslo")
        program.leads.append(lead)
        manager = Manager(email="dana@example.com", name="Dana Whitfield", timezone="Europe/Berlin")
        manager.program = program
        subscription = Subscription(
            lesson_slug="share-credit",
            status="active",
            send_time=time(8, 30),
            weekdays="mon,wed,fri",
            next_due_at=datetime(2025, 3, 5, 7, 30, tzinfo=UTC),
        )
        subscription.manager = manager
        session.add_all([program, lead, manager, subscription])
        session.flush()
        return People(program.id, lead.id, manager.id, subscription.id)
