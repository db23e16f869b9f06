"""What each headline figure means: the one registry the dashboard, digest, API and OpenAPI read.

A figure's key, label, one-line definition, unit, which direction of change is good and its place
in the display order live here and nowhere else; `kpis.py` only computes the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.analytics.periods import ACTIVE_DAYS


class Unit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"  # 0-100 in the API and on the dashboard; the digest's context stores 0..1
    HOURS = "hours"


class Good(StrEnum):
    """Which way a change is good news for a program lead."""

    UP = "up"
    DOWN = "down"


@dataclass(frozen=True, slots=True)
class KpiDefinition:
    """One figure's meaning; `in_digest` picks the figures the weekly digest repeats."""

    key: str
    label: str
    definition: str
    unit: Unit
    good: Good
    in_digest: bool

    @property
    def higher_is_better(self) -> bool:
        return self.good is Good.UP


# In display order. Pending (invited or subscribed, not yet confirmed) is a queue of people who do not
# get coaching yet, so fewer is better, like paused and unsubscribed; enrolled counts everyone.
KPI_DEFINITIONS: tuple[KpiDefinition, ...] = (
    KpiDefinition("enrolled", "Enrolled", "Managers in the program, whatever their status.",
                  Unit.COUNT, Good.UP, True),
    KpiDefinition("pending", "Pending", "Managers invited or subscribed who have not confirmed yet.",
                  Unit.COUNT, Good.DOWN, False),
    KpiDefinition("active", "Active", "Managers whose coaching emails are running.",
                  Unit.COUNT, Good.UP, True),
    KpiDefinition("paused", "Paused", "Managers whose emails are paused, by themselves or for silence.",
                  Unit.COUNT, Good.DOWN, False),
    KpiDefinition("unsubscribed", "Unsubscribed", "Managers who stopped their coaching emails.",
                  Unit.COUNT, Good.DOWN, True),
    KpiDefinition("sent", "Emails sent", "Emails sent to the program's managers in the period.",
                  Unit.COUNT, Good.UP, True),
    KpiDefinition("delivered", "Emails delivered", "Emails of the period the provider reported delivered.",
                  Unit.COUNT, Good.UP, True),
    KpiDefinition("reply_rate", "Reply rate to prompts",
                  "Share of the period's reflection prompts answered.", Unit.PERCENT, Good.UP, True),
    KpiDefinition("commitments_kept", "Commitments kept",
                  "Of managers' commitments that fell due in the period, the share marked done.",
                  Unit.PERCENT, Good.UP, False),
    KpiDefinition("median_reply_hours", "Median time to reply",
                  "Median hours from an email to its first reply, over the period's answered emails.",
                  Unit.HOURS, Good.DOWN, True),
    KpiDefinition("active_managers", f"Managers active (last {ACTIVE_DAYS} days)",
                  f"Managers who answered an email in the {ACTIVE_DAYS} days up to the end of the period.",
                  Unit.COUNT, Good.UP, True),
)  # fmt: skip

KPI_KEYS: tuple[str, ...] = tuple(d.key for d in KPI_DEFINITIONS)
_BY_KEY = {d.key: d for d in KPI_DEFINITIONS}


def kpi_definition(key: str) -> KpiDefinition:
    """The definition of `key`; KeyError for a figure nobody defined."""
    return _BY_KEY[key]
