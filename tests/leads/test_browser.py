"""A lead's visit in headless Chromium against a live server: sign in, dashboard, a manager, the CSV,
and a CSV upload whose progress page updates itself; no script runs from managers' replies and no
Content-Security-Policy violation happens. Screenshots go to test-artifacts/leads/."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rq import SimpleWorker

from service.db import Database
from service.models import Manager, utcnow
from service.queues import DEFAULT, queue, redis_connection
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.leads.conftest import PASSWORD, World, add_message, add_reply

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "leads"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def test_a_lead_signs_in_reads_the_dashboard_a_manager_and_downloads_the_csv(
    browser: Any, live_server: str, world: World, db: Database, tmp_path: Path
) -> None:
    now = utcnow()
    with db.transaction() as session:
        ann = session.get(Manager, world.manager_a)
        assert ann is not None
        prompt = add_message(session, ann, "prompt", now - timedelta(hours=6), content_id="share-credit.p2")
        add_reply(session, prompt, HOSTILE, now - timedelta(hours=2))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server) else problems.append(request.url),
    )
    try:
        page.goto(f"{live_server}/leads/programs/{world.program_a}")
        assert "/leads/login" in page.url
        page.fill("#email", world.lead_a.email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/leads/programs/{world.program_a}")
        assert page.locator("h1").inner_text() == "Program A"
        assert page.locator("[data-kpi=enrolled] .kpi-value").inner_text() == "1"
        assert page.locator("svg.chart rect.sends").count() >= 12
        assert page.locator("#manager-table tbody tr").count() == 1
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

        page.click("text=Ann Alpha")
        page.wait_for_selector("#timeline")
        reply = page.locator(".reply-text").first.inner_text()
        assert reply == HOSTILE  # shown as text, not run
        assert page.evaluate("window.__pwned === undefined")
        page.screenshot(path=str(ARTIFACTS / "manager.png"), full_page=True)

        page.goto(f"{live_server}/leads/programs/{world.program_a}")
        with page.expect_download() as info:
            page.click("text=Download CSV")
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        lines = target.read_text().splitlines()
        assert lines[0].startswith("manager_id,name,email") and "ann@example.com" in lines[1]
        assert download.suggested_filename.startswith(f"program-{world.program_a}-engagement-")

        assert problems == []
        response = page.goto(f"{live_server}/leads/programs/{world.program_b}")
        assert response is not None and response.status == 404
    finally:
        context.close()


OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _refused_form(message: Any) -> bool:
    """Chromium logs the 400 of a form sent back with its errors; that one answer is meant."""
    return "status of 400" in message.text and message.location.get("url", "").endswith("/enrol/person")


@pytest.mark.parametrize("width", (390, 1280))
def test_enrolment_one_person_then_a_file_whose_failed_lines_download(
    browser: Any, live_server: str, world: World, tmp_path: Path, width: int
) -> None:
    csv_file = tmp_path / "team.csv"
    csv_file.write_text(
        "email,name,timezone\n"
        + "".join(f"p{i}@example.com,P {i},UTC\n" for i in range(30))
        + "bad,Bad,UTC\nzed@example.com,Zed,Europe/Berln\nzed@example.com,Zed,Europe/Berlin\n"
    )
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(m.text) if m.type == "error" and not _refused_form(m) else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and "/person" not in r.url else None
        ),
    )
    try:
        page.goto(f"{live_server}/leads/login")
        page.fill("#email", world.lead_a.email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/leads/")
        page.goto(f"{live_server}/leads/programs/{world.program_a}/enrol")
        assert page.evaluate(OVERFLOW) <= 0
        page.fill("#email", "nia@example.com")
        page.fill("#timezone", "Europe/Berln")
        page.click("#person-form button[type=submit]")
        page.wait_for_selector("#timezone-suggestion")
        assert page.evaluate(OVERFLOW) <= 0
        page.click("#timezone-suggestion button")
        page.wait_for_selector(".flash")
        assert "Invitation sent to nia@example.com" in page.inner_text(".flash")
        with page.expect_download() as template:
            page.click("#template-download")
        assert template.value.suggested_filename == "managers-template.csv"

        page.set_input_files("#file", str(csv_file))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#upload-progress")
        assert "Waiting for a worker" in page.inner_text("#upload-summary")
        SimpleWorker([queue(DEFAULT)], connection=redis_connection()).work(burst=True)
        page.wait_for_selector("#upload-counts", timeout=15000)  # enrol.js polled and reloaded
        assert "Done: 33 of 33 lines processed." in page.inner_text("#upload-summary")
        counts = page.inner_text("#upload-counts")
        assert "31 invited" in counts and "2 with errors" in counts, counts
        assert page.locator("#upload-issues tbody tr").count() == 2
        assert page.evaluate(OVERFLOW) <= 0
        page.screenshot(path=str(ARTIFACTS / f"upload-result-{width}.png"), full_page=True)
        with page.expect_download() as failed:
            page.click("#failed-download")
        target = tmp_path / failed.value.suggested_filename
        failed.value.save_as(target)
        lines = target.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "email,name,timezone,focus,line,problem" and len(lines) == 3
        assert lines[2].startswith("zed@example.com,Zed,Europe/Berln,,33,") and "Europe/Berlin?" in lines[2]
    finally:
        context.close()
    assert errors == []
