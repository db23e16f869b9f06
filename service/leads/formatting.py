"""How figures and times read on the leads' pages (registered for this blueprint's templates).

Times are shown in the viewer's chosen timezone, without a per-time abbreviation (which would mix
GMT and BST on one page); each page names the zone once. Every percentage goes out with its sample
size, and lessons with their titles, never their slugs.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import g, has_app_context
from flask_login import current_user

from service.analytics import Kpi
from service.curriculum import load_curriculum
from service.leads import blueprint
from service.spacing import zone

UNIT_BASES = {"reply_rate": "prompts", "commitments_kept": "due"}


def viewer_zone_name() -> str:
    """The zone a rendered report asked for, else the signed-in account's timezone (UTC for anyone
    else, or for an unusable name)."""
    if has_app_context() and "report_zone" in g:
        name = g.report_zone
    else:
        name = current_user.timezone if current_user.is_authenticated else "UTC"
    try:
        zone(name)
    except ValueError:
        return "UTC"
    return str(name)


def viewer_zone() -> ZoneInfo:
    return zone(viewer_zone_name())


def when(value: datetime | None, with_time: bool = True, tz: ZoneInfo | None = None) -> str:
    """A timestamp in the viewer's timezone ("03 Mar 2025 09:30"), or an em dash."""
    if value is None:
        return "—"
    local = value.astimezone(tz or viewer_zone())
    return local.strftime("%d %b %Y %H:%M" if with_time else "%d %b %Y")


def number(value: float | None, unit: str = "count") -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    return f"{value:,.0f}"


def share(part: int, whole: int, noun: str = "") -> str:
    """A percentage with its sample size: "62.5% (30 of 48 prompts)"; "—" when there is no sample."""
    if whole <= 0:
        return f"— (0 {noun})".replace(" )", ")") if noun else "—"
    suffix = f" {noun}" if noun else ""
    return f"{100.0 * part / whole:.1f}% ({part:,} of {whole:,}{suffix})"


def kpi_value(kpi: Kpi) -> str:
    return number(kpi.value, kpi.unit)


def kpi_sample(kpi: Kpi) -> str:
    """The sample size under a percentage card ("of 48 prompts"); empty for other units."""
    if kpi.unit != "percent" or kpi.base is None:
        return ""
    return f"of {kpi.base:,} {UNIT_BASES.get(kpi.key, 'items')}"


def kpi_change(kpi: Kpi) -> tuple[str, str]:
    """(text, css class) of the change against the previous period, good or bad as the registry says."""
    change = kpi.change
    if kpi.previous is None and kpi.value is not None:
        return "", ""  # the page says once that there is no earlier period
    if change is None:
        return "no earlier data", ""
    if change == 0:
        return "no change", ""
    unit = {"percent": " pts", "hours": " h"}.get(kpi.unit, "")
    magnitude = f"{abs(change):,.1f}" if kpi.unit in ("percent", "hours") else f"{abs(change):,.0f}"
    text = f"{'▲' if change > 0 else '▼'} {magnitude}{unit} vs previous"
    if kpi.unit == "percent" and kpi.previous_base is not None:
        text += f" ({kpi.previous:.1f}% of {kpi.previous_base:,})"
    good = change > 0 if kpi.higher_is_better else change < 0
    return text, "up" if good else "down"


@lru_cache(maxsize=1)
def lesson_titles() -> dict[str, str]:
    """Slug -> "N. Title" for every lesson."""
    return {lesson.slug: f"{lesson.number}. {lesson.title}" for lesson in load_curriculum().lessons}


def lesson_title(slug: str | None) -> str:
    """A lesson's number and title for its slug; an unknown slug is shown as is, none as a dash."""
    if not slug:
        return "—"
    return lesson_titles().get(slug, slug)


def content_subject(content_id: str | None) -> str:
    """The subject of a curriculum email (what a prompt asked), or empty if unknown."""
    if not content_id:
        return ""
    try:
        return load_curriculum().item(content_id).subject
    except KeyError:
        return ""


@blueprint.context_processor
def template_helpers() -> dict[str, object]:
    return {
        "when": when,
        "number": number,
        "share": share,
        "kpi_value": kpi_value,
        "kpi_sample": kpi_sample,
        "kpi_change": kpi_change,
        "lesson_title": lesson_title,
        "content_subject": content_subject,
        "viewer_zone_name": viewer_zone_name,
    }
