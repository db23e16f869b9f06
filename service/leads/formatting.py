"""How figures and times read on the leads' pages (registered for this blueprint's templates)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_login import current_user

from service.analytics import Kpi
from service.leads import blueprint
from service.spacing import zone


def _tz() -> ZoneInfo:
    try:
        return zone(current_user.timezone if current_user.is_authenticated else "UTC")
    except ValueError:
        return ZoneInfo("UTC")


def when(value: datetime | None, with_time: bool = True) -> str:
    """A timestamp in the signed-in lead's timezone, or an em dash."""
    if value is None:
        return "—"
    local = value.astimezone(_tz())
    return local.strftime("%d %b %Y %H:%M %Z" if with_time else "%d %b %Y")


def number(value: float | None, unit: str = "count") -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.1f}%"
    if unit == "hours":
        return f"{value:.1f} h"
    return f"{value:,.0f}"


def kpi_value(kpi: Kpi) -> str:
    return number(kpi.value, kpi.unit)


def kpi_change(kpi: Kpi) -> tuple[str, str]:
    """(text, css class) of the change against the previous period, good or bad as the registry says."""
    change = kpi.change
    if change is None:
        return "no earlier data", ""
    if change == 0:
        return "no change", ""
    unit = {"percent": " pts", "hours": " h"}.get(kpi.unit, "")
    magnitude = f"{abs(change):,.1f}" if kpi.unit in ("percent", "hours") else f"{abs(change):,.0f}"
    text = f"{'▲' if change > 0 else '▼'} {magnitude}{unit} vs previous"
    good = change > 0 if kpi.higher_is_better else change < 0
    return text, "up" if good else "down"


@blueprint.context_processor
def _helpers() -> dict[str, object]:
    return {"when": when, "number": number, "kpi_value": kpi_value, "kpi_change": kpi_change}
