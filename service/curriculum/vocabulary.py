"""The five qualities and nine benefits of collaborative leadership, as lesson files may name them."""

from __future__ import annotations

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
