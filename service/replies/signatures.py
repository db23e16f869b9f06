"""Where the manager's words end: a "-- " delimiter, phone signatures, a sign-off and signature, a disclaimer.

Precision first: a block is cut only when it is shaped like one and sits at the end of the text. A
sign-off ("Best regards,", "Mit freundlichen Grüßen", "Cordialement", …, `patterns.SIGN_OFF`) ends
the text only when every line below it is signature-like (a capitalised name or title, a phone number,
an address, a company, a link); a disclaimer is a paragraph among the last lines that opens like one
(`patterns.DISCLAIMER_OPENING`) and carries a legal phrase (`patterns.DISCLAIMER_LEGAL`). A sentence
that mentions "regards" or "confidential" is neither, and neither is "Thanks, that made me rethink…".
"""

from __future__ import annotations

import re

from service.replies import patterns

SIGNATURE_MAX_LINES = 10  # a name, a title, phones, an address, a company, a link: more is not a signature
SIGNATURE_MAX_LINE = 80  # …and each line is short (a reflection's sentence is long)
SIGNATURE_MAX_WORDS = 8
ABBREVIATION_MAX = 5  # "Inc.", "Ltd.", "S.": a signature line may end with a short word and a dot
DISCLAIMER_MAX_LINES = 25  # a disclaimer is among the last lines; more text below it means it is not one
_LETTER_WORD = re.compile(r"[^\W\d_][\w'\u2019.\-]*")
_POSTSCRIPT = re.compile(r"^p\.?\s?s\b", re.IGNORECASE)


def strip_client_signature(lines: list[str]) -> list[str]:
    """Lines above a "-- " delimiter, without "Sent from my iPhone" lines: both are the mail client's."""
    return [line for line in _above_delimiter(lines) if not patterns.PHONE_SIGNATURE.match(_plain(line))]


def strip_sign_off(text: str) -> str:
    """The text without a trailing disclaimer, then without a sign-off followed only by a signature."""
    lines = _above_disclaimer(text.split("\n"))
    return "\n".join(_above_sign_off(lines)).strip()


def signature_like(line: str) -> bool:
    """A name, title, company or contact line, as a signature holds them (no sentence of a reply)."""
    return _signature_like(_plain(line))


def _plain(line: str) -> str:
    return line.strip().replace("\u00a0", " ")


def _above_delimiter(lines: list[str]) -> list[str]:
    """ "-- " on its own line is the conventional start of a signature (not on the first line: text first)."""
    for index, line in enumerate(lines):
        if patterns.SIGNATURE_DELIMITER.match(line) and index > 0:
            return lines[:index]
    return lines


def _above_disclaimer(lines: list[str]) -> list[str]:
    """Lines above the first disclaimer paragraph among the last DISCLAIMER_MAX_LINES; all if none."""
    for index in range(_last_lines_start(lines, DISCLAIMER_MAX_LINES), len(lines)):
        if _opens_disclaimer(lines, index):
            return lines[:index]
    return lines


def _last_lines_start(lines: list[str], count: int) -> int:
    """Index of the `count`-th non-blank line from the end (0 when there are fewer)."""
    seen = 0
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            seen += 1
            if seen == count:
                return index
    return 0


def _opens_disclaimer(lines: list[str], index: int) -> bool:
    """A disclaimer starts a paragraph (or follows a signature line), opens like one, says something legal."""
    plain = _plain(lines[index])
    if not plain or not patterns.DISCLAIMER_OPENING.match(plain):
        return False
    above = _plain(lines[index - 1]) if index else ""
    if above and not _signature_like(above):
        return False  # a wrapped sentence of the manager's, not a paragraph of its own
    return bool(patterns.DISCLAIMER_LEGAL.search("\n".join(lines[index:])))


def _above_sign_off(lines: list[str]) -> list[str]:
    """Lines above the lowest sign-off under which only signature lines follow, if text remains above it."""
    signature_lines = 0
    for index in range(len(lines) - 1, 0, -1):
        plain = _plain(lines[index])
        if not plain:
            continue
        if _is_sign_off(plain):
            above = lines[:index]
            return above if any(line.strip() for line in above) else lines
        signature_lines += 1
        if signature_lines > SIGNATURE_MAX_LINES or not _signature_like(plain):
            return lines
    return lines


def _is_sign_off(plain: str) -> bool:
    """ "Best regards," or "Thanks, Anna": a sign-off phrase, then nothing or a name on the same line."""
    found = patterns.SIGN_OFF.match(plain)
    if found is None:
        return False
    rest = (found.group("rest") or "").strip(" \t,.!-\u2013\u2014")
    return not rest or _signature_like(rest)


def _signature_like(plain: str) -> bool:
    """A name, title, company, phone, address or link: short, capitalised or contact details, no sentence."""
    if len(plain) > SIGNATURE_MAX_LINE or _POSTSCRIPT.match(plain):
        return False
    if patterns.SIGNATURE_CONTACT.search(plain):
        return True
    words = _LETTER_WORD.findall(plain)
    if len(words) > SIGNATURE_MAX_WORDS or plain.endswith(("!", "?", ":", ";")):
        return False
    if plain.endswith(".") and len(plain.split()[-1]) > ABBREVIATION_MAX:
        return False
    return all(word[0].isupper() or word.lower() in patterns.SIGNATURE_SMALL_WORDS for word in words)
