"""Template helpers of the managers' pages: the curated, grouped timezone list (service/timezones.py)."""

from __future__ import annotations

from service.models import utcnow
from service.public import blueprint
from service.timezones import ZoneOption, aliases, grouped


@blueprint.app_template_global("timezone_groups")
def timezone_groups(current: str | None = None) -> list[tuple[str, list[ZoneOption]]]:
    """The offered zones by region, with today's offsets; `current` is kept if it is not offered."""
    return grouped(utcnow(), current)


@blueprint.app_template_global("timezone_aliases")
def timezone_aliases() -> dict[str, str]:
    """Alias -> canonical name, for the browser's detected zone (Asia/Calcutta -> Asia/Kolkata)."""
    return aliases()
