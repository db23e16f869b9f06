"""In headless Chromium on a phone: open a nudge's "take it on" link, pick a date, click "I'll do it"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from service.commitments.move_dates import day_label
from service.db import Database
from tests.browser import ARTIFACTS, launched_chromium
from tests.commitments.conftest import Nudged, berlin_today, commitments, move_path
from tests.leads.conftest import live_server as live_server
from tests.leads.test_layout_browser import _watch

pytestmark = pytest.mark.browser


@pytest.fixture()
def browser() -> Iterator[Any]:
    yield from launched_chromium()


def test_clicking_ill_do_it_takes_the_move_on_with_the_date_picked(
    app: Flask, browser: Any, live_server: str, db: Database, nudged: Nudged
) -> None:
    due = berlin_today(db, nudged.manager_id) + timedelta(days=9)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        page.goto(f"{live_server}{move_path(app, nudged.nudge_id)}")
        field = page.locator("#due_on")
        assert field.input_value() >= (berlin_today(db, nudged.manager_id) + timedelta(days=1)).isoformat()
        assert commitments(db) == []
        field.fill(due.isoformat())
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "move-form-390.png"), full_page=True)
        page.get_by_role("button", name="I'll do it").click()
        page.get_by_role("status").wait_for()
        status = page.get_by_role("status").inner_text()
        page.screenshot(path=str(ARTIFACTS / "move-taken-390.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    finally:
        context.close()
    assert "Taken on." in status and day_label(due) in status
    assert overflow <= 0
    assert problems == []
    [taken] = commitments(db)
    assert (taken.nudge_message_id, taken.due_on, taken.text) == (nudged.nudge_id, due, nudged.action)
