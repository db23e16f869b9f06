"""Every lead page in headless Chromium at 390 px (a phone) and 1280 px: no horizontal scroll, no
console error, no failed request, chart text at 11 px or more; and the printed dashboard is a
one-to-two-page PDF with its chart. Screenshots and the PDF go to test-artifacts/leads/."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from service.db import Database
from service.models import Commitment, Manager, Program, utcnow
from service.subscriptions.invitations import Invitee, invite
from tests.browser import ARTIFACTS as BROWSER_ARTIFACTS
from tests.leads.conftest import PASSWORD, World, add_message, add_reply, make_manager

pytestmark = pytest.mark.browser

ARTIFACTS = BROWSER_ARTIFACTS / "leads"
WIDTHS = (390, 1280)
QUOTE = "I asked two reps to run the forecast review themselves and the whole call changed for the better"
LONG_NAME = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"

# The smallest text any visible chart draws, in CSS pixels on screen.
SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll('svg.chart text')]
    .filter(t => t.getClientRects().length && t.closest('svg').getBoundingClientRect().width > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  return sizes.length ? Math.min(...sizes) : null;
}"""


@pytest.fixture()
def busy_world(world: World, db: Database) -> World:
    """Program A with a shared quote, a stalled manager, commitments and long unbroken text."""
    now = utcnow()
    with db.transaction() as session:
        ann = session.get(Manager, world.manager_a)
        assert ann is not None
        x = add_message(session, ann, "prompt", now - timedelta(days=2), content_id="share-credit.p3",
                        replied_at=now - timedelta(days=1))  # fmt: skip
        add_reply(session, x, QUOTE + " " + "unbroken" * 12, now - timedelta(days=1))
        long = make_manager(session, world.program_a, "a." + "very" * 12 + "@example.com", name=LONG_NAME)
        for days, content in ((9, "p1"), (7, "p2"), (5, "p3"), (3, "p4")):
            add_message(
                session, long, "prompt", now - timedelta(days=days), content_id=f"share-credit.{content}"
            )
        today = now.date()
        for manager, due, status in (
            (ann, today - timedelta(days=3), "done"),
            (long, today - timedelta(days=2), "open"),
        ):
            session.add(_commitment(manager, due, status))
        program = session.get_one(Program, world.program_a)
        for email, days in (("b." + "long" * 14 + "@example.com", 9), ("fresh@example.com", 0)):
            when = now - timedelta(days=days)
            _, message = invite(session, program, Invitee(email, LONG_NAME), None, when)
            message.created_at = when  # the first one may be sent again, the second not yet
    world.extra["long"] = long.id
    return world


def _commitment(manager: Manager, due: date, status: str) -> Commitment:
    made = datetime.combine(due - timedelta(days=5), datetime.min.time()).astimezone()
    return Commitment(
        manager_id=manager.id, text="I will raise it on Friday.", made_at=made, made_on=made.date(),
        due_on=due, status=status, postponed=0, position=0,
    )  # fmt: skip


def _watch(page: Any, base: str) -> list[str]:
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: None if r.url.startswith((base, "data:")) else problems.append(r.url))
    return problems


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/leads/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/leads/")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_lead_page_fits_the_screen_without_console_errors(
    browser: Any, live_server: str, busy_world: World, width: int
) -> None:
    world = busy_world
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = _watch(page, live_server)
    try:
        _sign_in(page, live_server, world.lead_a.email)
        page.goto(f"{live_server}/leads/tokens")
        page.fill("#token-name", "A report script with a rather long name for a token, to wrap")
        page.click("main form button[type=submit]")
        page.wait_for_selector("#token-secret")
        program = f"/leads/programs/{world.program_a}"
        pages = {
            "dashboard": f"{program}?period=ptd",
            "managers": f"{program}/managers",
            "timeline": f"{program}/managers/{world.manager_a}",
            "timeline-long": f"{program}/managers/{world.extra['long']}",
            "enrolment": f"{program}/enrol",
            "tokens": "/leads/tokens",
            "programs": "/leads/",
            "co-leads": f"{program}/leads",
            "account": "/leads/account",
        }
        for name, path in pages.items():
            page.goto(f"{live_server}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
        page.goto(f"{live_server}{pages['dashboard']}")
        smallest = page.evaluate(SMALLEST_CHART_TEXT)
        assert smallest is not None and smallest >= 11, f"chart text {smallest:.1f} px at {width} px"
        page.goto(f"{live_server}{pages['enrolment']}")
        assert page.locator("#waiting-table tbody tr").count() == 2
        assert (
            page.get_by_role("button", name=re.compile("^Send again: the invitation to b\\.long")).count()
            == 1
        )
        withdraw = page.get_by_role("button", name="Withdraw the invitation to fresh@example.com")
        page.once("dialog", lambda dialog: dialog.dismiss())  # asked first: "Cancel" keeps it
        withdraw.click()
        assert page.locator("#waiting-table tbody tr").count() == 2
        page.once("dialog", lambda dialog: dialog.accept())
        withdraw.click()
        page.wait_for_url(re.compile(r".*/enrol#waiting$"))
        expect(page.get_by_text("Invitation to fresh@example.com withdrawn")).to_be_in_viewport()
        assert page.locator("#waiting-table tbody tr").count() == 1
        page.goto(f"{live_server}{pages['dashboard']}")
        text = page.inner_text("main")
        assert "Is it working?" in text and "Commitments kept" in text
        assert QUOTE in text and LONG_NAME in text  # the quote, and the newly stalled manager
        for kpi in ("reply_rate", "commitments_kept", "active_managers"):
            assert page.inner_text(f"[data-kpi={kpi}] .kpi-def").strip()
        sample = page.inner_text("[data-kpi=reply_rate] .kpi-value")
        assert re.search(r"of \d+ prompts", sample), sample
    finally:
        context.close()
    assert problems == []


def test_the_printed_dashboard_is_a_tidy_pdf_of_one_or_two_pages(
    browser: Any, live_server: str, busy_world: World
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = _watch(page, live_server)
    try:
        _sign_in(page, live_server, busy_world.lead_a.email)
        page.goto(f"{live_server}/leads/programs/{busy_world.program_a}?period=ptd")
        assert page.is_visible("#print-report")  # the button appears where scripts run
        page.emulate_media(media="print")
        assert not page.is_visible(".site-header") and not page.is_visible("#manager-table")
        assert page.is_visible("svg.chart-wide") and not page.is_visible("svg.chart-narrow")
        assert page.is_visible(".report-meta")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    (ARTIFACTS / "dashboard.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= 2, f"{pages} pages"
    assert problems == []
