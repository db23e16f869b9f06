"""A timezone list people can use: canonical IANA names (one per place, from tzdata's zone.tab) plus
UTC, grouped by region with the current UTC offset; legacy and browser aliases (Asia/Calcutta,
Europe/Kiev, US/Eastern) read as their canonical zone; Etc/*, Factory and the like are not offered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

UTC_NAME = "UTC"
UTC_ALIASES = ("Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu", "Etc/GMT",
               "GMT", "Etc/Greenwich", "Greenwich", "GMT0", "GMT+0", "GMT-0", "Etc/GMT0", "Etc/GMT+0",
               "Etc/GMT-0")  # fmt: skip


def _tzdata_text(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def canonical_names() -> tuple[str, ...]:
    """The zones offered: zone.tab's (one canonical name per country and region) and UTC, sorted."""
    names = {
        line.split("\t")[2]
        for line in _tzdata_text("zone.tab").splitlines()
        if line and not line.startswith("#") and line.count("\t") >= 2
    }
    return (UTC_NAME, *sorted(names))


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Every other name tzdata knows for an offered zone (its `backward` links) -> the offered name."""
    offered = set(canonical_names())
    links: dict[str, str] = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()
            links[alias] = target
    found: dict[str, str] = dict.fromkeys(UTC_ALIASES, UTC_NAME)
    for alias in links:
        target, hops = links[alias], 0
        while target not in offered and target in links and hops < 5:
            target, hops = links[target], hops + 1
        if target in offered and alias not in offered:
            found[alias] = target
    return found


def canonical(name: str) -> str | None:
    """The offered zone `name` means (itself, or the zone an alias points to), else None."""
    if name in _offered():
        return name
    return aliases().get(name)


@lru_cache(maxsize=1)
def _offered() -> frozenset[str]:
    return frozenset(canonical_names())


def _known(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError; a malformed name a ValueError
        return False
    return True


def offset_label(name: str, now: datetime) -> str:
    """ "UTC+05:30" for `name` at `now` (daylight saving time included)."""
    offset = now.astimezone(ZoneInfo(name)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True, slots=True)
class ZoneOption:
    """One <option>: the IANA name as value, "Kolkata (UTC+05:30)" as label."""

    name: str
    label: str


def place(name: str) -> str:
    """The readable place of a zone name: "America/Argentina/Buenos_Aires" -> "Argentina / Buenos Aires"."""
    parts = name.split("/")
    return " / ".join(part.replace("_", " ") for part in (parts[1:] or parts))


def grouped(now: datetime, current: str | None = None) -> list[tuple[str, list[ZoneOption]]]:
    """The offered zones grouped by region ("Africa", "America"…), each with its offset at `now`; a
    `current` value that is not offered (a zone chosen before this list existed) is kept, first."""
    groups: dict[str, list[ZoneOption]] = {}
    if current and current not in _offered() and _known(current):
        groups["Your current setting"] = [ZoneOption(current, f"{current} ({offset_label(current, now)})")]
    groups[UTC_NAME] = [ZoneOption(UTC_NAME, f"UTC ({offset_label(UTC_NAME, now)})")]
    for name in canonical_names()[1:]:
        region = name.split("/", 1)[0]
        groups.setdefault(region, []).append(ZoneOption(name, f"{place(name)} ({offset_label(name, now)})"))
    return list(groups.items())
