"""Suggest the timezone a person probably meant ("Europe/Berln" -> "Europe/Berlin"); pure, no I/O."""

from __future__ import annotations

import difflib
from functools import lru_cache

from service.subscriptions.validation import timezone_names

# Zones people mean: a region and a city. Legacy aliases (US/Eastern, Brazil/West) stay valid input
# but are never suggested, nor Etc/GMT+1, whose sign is the opposite of what a person expects.
REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian",
           "Pacific")  # fmt: skip
FULL_CUTOFF = 0.8  # "Europe/Berln" is 0.96 of "Europe/Berlin"; "Europe/Paris" vs "Europe/Prague" 0.64
CITY_CUTOFF = 0.85  # "Kolkatta" -> "Kolkata" (0.93); "Lagos" vs "Lisbon" is not close
MAX_INPUT = 64  # longer text is not a zone name mistyped (the longest zone has 32 characters)


def _key(text: str) -> str:
    return "_".join(text.strip().replace("\\", "/").split()).lower()


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(every zone by lower-cased name, region zones by lower-cased name, region zones by city)."""
    every = {name.lower(): name for name in timezone_names()}
    regional = {key: name for key, name in every.items() if name.split("/", 1)[0] in REGIONS and "/" in name}
    cities: dict[str, str] = {}
    for key, name in sorted(regional.items(), key=lambda item: item[1].count("/")):
        cities.setdefault(key.rsplit("/", 1)[-1], name)  # America/Indiana/Knox: Knox's shortest zone
    return every, regional, cities


def suggest_timezone(value: object) -> str | None:
    """The known zone closest to `value` (case, spaces, a typo or a bare city), or None when nothing is
    close enough to offer. Never returns `value` itself."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_INPUT:
        return None
    return _suggest(value)


@lru_cache(maxsize=4096)  # a file repeats its typos; a fuzzy look-up costs up to ~20 ms
def _suggest(value: str) -> str | None:
    every, regional, cities = _tables()
    key = _key(value)
    suggestion = every.get(key) or cities.get(key)
    if suggestion is None:
        close = difflib.get_close_matches(key, regional, n=1, cutoff=FULL_CUTOFF)
        suggestion = regional[close[0]] if close else None
    if suggestion is None:
        close = difflib.get_close_matches(key.rsplit("/", 1)[-1], cities, n=1, cutoff=CITY_CUTOFF)
        suggestion = cities[close[0]] if close else None
    return suggestion if suggestion != value else None
