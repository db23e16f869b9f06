"""A manager's timeline shows their commitments as counts and outcomes; the words only with consent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from service.commitments.store import record_outcome, save_commitments
from service.db import Database
from service.enums import Outcome, OutcomeSource
from service.models import utcnow
from tests.leads.conftest import World, add_message, add_reply, make_manager

WORDS = "I will raise it in Friday's pipeline review with the whole deal desk present."


@pytest.mark.parametrize("share", [False, True])
def test_done_is_counted_and_the_words_shown_only_when_shared(
    as_lead_a: FlaskClient, db: Database, world: World, share: bool
) -> None:
    now = utcnow()
    with db.transaction() as session:
        manager = make_manager(session, world.program_a, "kim@example.com", share=share)
        asked = now - timedelta(days=9)
        prompt = add_message(session, manager, "prompt", asked, content_id="share-credit.p1")
        reply = add_reply(session, prompt, WORDS, now - timedelta(days=8))
        [commitment] = save_commitments(session, manager, reply, prompt, now - timedelta(days=8))
        record_outcome(session, commitment, Outcome.DONE, OutcomeSource.LINK, now=now)
        manager_id = manager.id
    page = as_lead_a.get(f"/leads/programs/{world.program_a}/managers/{manager_id}").get_data(as_text=True)
    assert "1 made · 1 kept · 0 open · 0 dropped" in page
    assert "Commitment kept" in page and "by link" in page
    assert ("with the whole deal desk present" in page) is share
