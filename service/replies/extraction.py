"""Only what the manager wrote this time: strip quoted history, quote headers and signatures.

The `mail-parser-reply` library does the heavy lifting (quote headers, signatures, disclaimers in
many languages). Before it runs we cut at what it misses (Spanish, Dutch and Portuguese Gmail
attributions, attributions wrapped over two or three lines, Outlook header blocks with
non-breaking spaces, "-----Original Message-----" in seven languages, phone signatures, quoted
">" lines) and we undo its signature cut when what it cut does not look like a signature (a line
such as "Thanks, that made me rethink the forecast call" starts a paragraph, not a sign-off).
"""

from __future__ import annotations

import re

from mailparser_reply.parser import EmailMessage, EmailReply

from service.replies import patterns
from service.replies.htmltext import html_to_text

MAX_JOINED_LINES = 3  # an attribution wrapped by the mail client spans at most this many lines
SIGNATURE_MAX_LINES = 10  # a block the library calls a signature is one only if it is this short…
SIGNATURE_MAX_LINE = 80  # …and made of short lines (a reflection paragraph is long)
MAX_TEXT_CHARS = 100_000  # the new text is at the top; the rest of a huge body is history or noise
MAX_HTML_CHARS = 2_000_000
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")


def extract_new_text(text: str | None, html: str | None = None) -> str:
    """The new text of a reply: the plain-text part if it has any, else the HTML part as text."""
    source = (text or "")[:MAX_TEXT_CHARS]
    if not source.strip() and html:
        source = html_to_text(html[:MAX_HTML_CHARS])[:MAX_TEXT_CHARS]
    source = source.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not source.strip():
        return ""
    lines = [line.rstrip() for line in source.split("\n")]
    head = _before_quote(lines)
    # Bottom-posted or inline answers: nothing above the quote, so the unquoted lines below it.
    new = head if not _blank(head) else _before_quote(_unquoted_after_header(lines))
    new = _strip_phone_signatures(_cut_signature_delimiter(new))
    return _library_clean("\n".join(new)).strip()


def word_count(text: str) -> int:
    """Words as a reader counts them: "didn't" and "follow-up" are one word each."""
    return len(_WORD.findall(text))


def _blank(lines: list[str]) -> bool:
    return not any(line.strip() for line in lines)


def _before_quote(lines: list[str]) -> list[str]:
    """Lines above the first quote header, separator, Outlook header block or ">" line."""
    return lines[: _quote_start(lines)]


def _quote_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        stripped = _plain(line)
        if line.lstrip().startswith(">"):
            return _attribution_above(lines, index)
        if patterns.SEPARATOR.match(stripped) or _is_attribution(lines, index):
            return index
        if patterns.HEADER_FROM.match(stripped) and _header_block_follows(lines, index):
            return index
    return len(lines)


def _attribution_above(lines: list[str], index: int) -> int:
    """A ">" block may sit right under an attribution we failed to recognise: cut at a trailing ':' line."""
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and lines[above].rstrip().endswith(":") and _has_date_or_address(lines[above]):
        return above
    return index


def _plain(line: str) -> str:
    return line.strip().replace("\u00a0", " ")


def _is_attribution(lines: list[str], index: int) -> bool:
    return _attribution_span(lines, index) > 0


def _attribution_span(lines: list[str], index: int) -> int:
    """Lines taken by "On … wrote:" (or a sibling) at `index`, wrapped over up to three; 0 if none."""
    first = _plain(lines[index])
    if not patterns.ATTRIBUTION_START.match(first):
        return 0
    joined = first
    for extra in range(MAX_JOINED_LINES):
        if extra:
            if index + extra >= len(lines) or not lines[index + extra].strip():
                return 0
            joined = f"{joined} {_plain(lines[index + extra])}"
        if patterns.ATTRIBUTION.match(joined) and _has_date_or_address(joined):
            return extra + 1
    return 0


def _has_date_or_address(text: str) -> bool:
    """Attributions carry a date or an address; "On Monday I wrote:" in a reflection does not."""
    return bool(re.search(r"\d|@", text))


def _header_block_follows(lines: list[str], index: int) -> bool:
    """A "From:" line starts an Outlook header block when another header label follows within 3 lines."""
    return any(patterns.HEADER_OTHER.match(_plain(line)) for line in lines[index + 1 : index + 4])


def _unquoted_after_header(lines: list[str]) -> list[str]:
    """For answers written below or between quoted lines: drop quoted lines and quote headers."""
    kept: list[str] = []
    index = 0
    while index < len(lines):
        span = _attribution_span(lines, index)
        if span:
            index += span
            continue
        if not lines[index].lstrip().startswith(">"):
            kept.append(lines[index])
        index += 1
    return kept


def _cut_signature_delimiter(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if patterns.SIGNATURE_DELIMITER.match(line) and index > 0:
            return lines[:index]
    return lines


def _strip_phone_signatures(lines: list[str]) -> list[str]:
    return [line for line in lines if not patterns.PHONE_SIGNATURE.match(_plain(line))]


def _library_clean(text: str) -> str:
    """mail-parser-reply's fragments up to its first real quote header, minus disclaimers and signature.

    The library splits at any "On … wrote:" line, so a header without a date or an address ("On
    Monday I wrote:") is taken back into the text; its signature cut is kept only when what it cut
    looks like a signature.
    """
    if not text.strip():
        return ""
    message = EmailMessage(text=text, languages=list(patterns.LIBRARY_LANGUAGES), keep_hyphen_lists=True)
    message.read()
    kept: list[EmailReply] = []
    for fragment in message.replies:
        if kept and fragment.headers and _has_date_or_address(fragment.headers):
            break
        kept.append(fragment)
    if not kept:
        return text
    parts: list[str] = []
    for index, fragment in enumerate(kept):
        content = str(fragment.content)
        for disclaimer in fragment.disclaimers:
            content = content.replace(disclaimer, "")
        last = index == len(kept) - 1
        if last and fragment.signatures and _looks_like_signature(fragment.signatures):
            without = content.replace(fragment.signatures, "").strip()
            content = without or content
        parts.append(content.strip())
    return "\n".join(part for part in parts if part)


def _looks_like_signature(block: str) -> bool:
    lines = [line for line in block.splitlines() if line.strip()]
    return len(lines) <= SIGNATURE_MAX_LINES and all(len(line) <= SIGNATURE_MAX_LINE for line in lines)
