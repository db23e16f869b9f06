"""The dashboard's figures as one self-contained HTML file (styles inlined, no script, no link back),
for `coach report`: the same page a lead prints from the dashboard, ready to forward."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask, g, render_template
from sqlalchemy.orm import Session

from service.analytics.figures import compute_figures
from service.analytics.periods import Period
from service.curriculum import load_curriculum
from service.leads.dashboard import dashboard_context
from service.leads.formatting import template_helpers
from service.models import Program

STATIC = Path(__file__).resolve().parents[1] / "static"
STYLESHEETS = (STATIC / "app.css", STATIC / "leads" / "leads.css")


def report_css() -> str:
    """The app's and the leads' stylesheets, to inline into the report's <style>."""
    return "\n".join(path.read_text(encoding="utf-8") for path in STYLESHEETS)


def render_report(
    app: Flask, session: Session, program: Program, period: Period, now: datetime, tz: ZoneInfo
) -> str:
    """The report page for `program` over `period`, with times in `tz`."""
    figures = compute_figures(session, program.id, now, period, load_curriculum())
    with app.test_request_context("/"):
        g.report_zone = tz.key
        context = dashboard_context(program, figures, tz, report=True)
        return render_template("leads/report.html", css=report_css(), **template_helpers(), **context)
