"""The five qualities and nine benefits of collaborative leadership, and the sales routines coaching uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Term:
    """A quality or benefit: the slug lesson files use, the name readers see, one line of meaning."""

    slug: str
    name: str
    description: str


def _index(*terms: Term) -> MappingProxyType[str, Term]:
    return MappingProxyType({term.slug: term for term in terms})


# Carter's five qualities of a collaborative leader.
QUALITIES = _index(
    Term("risk-taking", "Willingness to take risks", "Trying the unproven move before anyone asks you to."),
    Term("listening", "Eager listening", "Hearing out partners and reps before deciding for them."),
    Term("passion", "Passion for the cause", "Caring visibly about the outcome, not only the number."),
    Term("optimism", "Optimism about the future", "Describing a better next quarter people can picture."),
    Term(
        "sharing",
        "Sharing knowledge, power and credit",
        "Handing out information, decisions and recognition freely.",
    ),
)

# The nine benefits collaborative leadership brings to an organisation.
BENEFITS = _index(
    Term("buy-in", "Buy-in", "People own the plan because they helped shape it."),
    Term(
        "implementation",
        "More involvement in implementation",
        "Those who built the plan carry it out.",
    ),
    Term("trust", "Trust", "An open process lets partners rely on each other."),
    Term("turf", "Fewer turf battles", "Shared ground replaces fights over territory and ownership."),
    Term(
        "information",
        "More and better information and ideas",
        "Everyone involved brings facts and angles you lacked.",
    ),
    Term("results", "Substantive results", "Ownership, trust and planning add up to real wins."),
    Term("new-leaders", "New leaders from within", "Collaboration grows the next generation of leaders."),
    Term(
        "empowerment",
        "Stakeholder empowerment",
        "People with a stake take more responsibility and care more.",
    ),
    Term(
        "change",
        "Lasting change in how the organisation works",
        "Collaboration breeds more collaboration and wider solutions.",
    ),
)


def quality_name(slug: str) -> str:
    """Display name of a quality slug; KeyError names an unknown slug."""
    return QUALITIES[slug].name


def benefit_name(slug: str) -> str:
    """Display name of a benefit slug; KeyError names an unknown slug."""
    return BENEFITS[slug].name


@dataclass(frozen=True, slots=True)
class Routine:
    """A meeting a sales manager already runs, where a follow-up's next step can happen."""

    slug: str
    name: str
    pattern: re.Pattern[str]


def _routine(slug: str, name: str, pattern: str) -> Routine:
    return Routine(slug, name, re.compile(pattern, re.IGNORECASE))


# Every follow-up names at least one of these, so its next step lands in the manager's real week.
ROUTINES = MappingProxyType(
    {
        routine.slug: routine
        for routine in (
            _routine("one-on-one", "One-on-ones (1:1s)", r"\bone-on-ones?\b|\b1:1s?\b"),
            _routine("pipeline-review", "Pipeline reviews", r"\bpipeline reviews?\b"),
            _routine("forecast-call", "Forecast calls and reviews", r"\bforecast (?:calls?|reviews?)\b"),
            _routine("ride-along", "Ride-alongs", r"\bride-alongs?\b"),
            _routine(
                "qbr", "QBRs (quarterly business reviews)", r"\bQBRs?\b|\bquarterly business reviews?\b"
            ),
            _routine("win-post", "Win posts and announcements", r"\bwin (?:posts?|announcements?)\b"),
        )
    }
)


def routines_in(text: str) -> tuple[str, ...]:
    """Slugs of the sales routines `text` mentions, in vocabulary order."""
    return tuple(slug for slug, routine in ROUTINES.items() if routine.pattern.search(text))
