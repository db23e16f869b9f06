"""Free text typed by people (labels, names, search terms), made safe to store and query."""

from __future__ import annotations

import re
import unicodedata

JOINERS = frozenset("\u200c\u200d")  # ZWNJ and ZWJ: emoji sequences (👩🏽‍💼), Persian and Indic scripts
EMOJI_TAGS = ("\U000e0020", "\U000e007f")  # the tag characters of subdivision flags (🏴 England)


def single_spaced(text: str) -> str:
    """Runs of whitespace become one space and NUL goes: PostgreSQL text cannot hold NUL, and a label
    or search term has no use for line breaks."""
    return " ".join(text.replace("\x00", "").split())


def whole_number(text: str, max_digits: int = 18) -> int | None:
    """The non-negative integer `text` spells in ASCII digits, else None. Not `str.isdigit()`: it also
    accepts "²" or "①", which `int()` then refuses with a ValueError."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= max_digits else None


def unusable_character(text: str) -> str | None:
    """The first character a name shown to other people must not hold: control, surrogate or
    private-use, or an invisible format character such as a bidi override (U+202E turns "evil" round
    in every list, title and subject it appears in); the joiners emoji and scripts need are fine."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co"):
            return char
        if category == "Cf" and char not in JOINERS and not EMOJI_TAGS[0] <= char <= EMOJI_TAGS[1]:
            return char
    return None


# A web or email address in a name or label shown in our emails becomes a link in mail programs, so
# whoever typed it (a stranger subscribing an address, a lead naming a program or inviting someone)
# could put a link of theirs into emails that come from us.
_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|@|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|io|co|ly|app|dev|xyz|top"
    r"|site|online|link|click|ru|cn|tk|de|uk|fr|nl|es|it|eu|us)\b",
    re.IGNORECASE,
)


def holds_address(text: str) -> bool:
    """Whether a name shown in emails holds a web or email address ("win at evil.com", "http://x")."""
    return _ADDRESS.search(text) is not None
