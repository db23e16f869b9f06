"""Only what the manager wrote this time: strip quoted history, quote headers and signatures.

The `mail-parser-reply` library splits the text at quote headers in many languages. Before it runs we
cut at what it misses (Spanish, Dutch and Portuguese Gmail attributions, attributions wrapped over two
or three lines, Outlook header blocks with non-breaking spaces, "-----Original Message-----" in seven
languages, quoted ">" lines) and keep the answers a manager writes between or below ">" blocks (inline
and bottom-posted replies). Signatures and disclaimers are `service.replies.signatures`'s: the
library's cut everything below a "Thanks," line and missed disclaimers without a "Disclaimer:" label.
"""

from __future__ import annotations

import re

from mailparser_reply.parser import EmailMessage, EmailReply

from service.replies import patterns
from service.replies.htmltext import html_to_text
from service.replies.signatures import strip_client_signature, strip_sign_off

MAX_JOINED_LINES = 3  # an attribution wrapped by the mail client spans at most this many lines
MAX_TEXT_CHARS = 100_000  # the new text is at the top; the rest of a huge body is history or noise
MAX_HTML_CHARS = 2_000_000
LIBRARY_MAX_LINE = 200  # longer lines are never quote headers; the library's header search is slow on them
_HIDDEN = ("\ue000", "\ue001")  # private-use characters around a hidden line's number; dropped from input
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")


def extract_new_text(text: str | None, html: str | None = None) -> str:
    """The new text of a reply: the plain-text part if it has any, else the HTML part as text."""
    source = (text or "")[:MAX_TEXT_CHARS]
    if not source.strip() and html:
        source = html_to_text(html[:MAX_HTML_CHARS])[:MAX_TEXT_CHARS]
    source = source.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    source = source.replace(_HIDDEN[0], "").replace(_HIDDEN[1], "")
    if not source.strip():
        return ""
    lines = [line.rstrip() for line in source.split("\n")]
    new = strip_client_signature(_manager_lines(lines))
    return strip_sign_off(_library_clean("\n".join(new)))


def word_count(text: str) -> int:
    """Words as a reader counts them: "didn't" and "follow-up" are one word each."""
    return len(_WORD.findall(text))


def _blank(lines: list[str]) -> bool:
    return not any(line.strip() for line in lines)


def _manager_lines(lines: list[str]) -> list[str]:
    """The lines above the quote, then the answers written between or below its ">" blocks, if any."""
    start = _quote_start(lines)
    head = lines[:start]
    top_posted = not _blank(head)
    answers = _collapse_blank_runs(_answers_below(lines, start, top_posted=top_posted))
    if not top_posted:
        return answers
    if _blank(answers):
        return head
    return [*_trim_blank_end(head), "", *answers]


def _quote_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if _quoted(line):
            return _attribution_above(lines, index)
        if _starts_history(lines, index) or _is_attribution(lines, index):
            return index
    return len(lines)


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _starts_header_block(lines: list[str], index: int) -> bool:
    return bool(patterns.HEADER_FROM.match(_plain(lines[index]))) and _header_block_follows(lines, index)


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


def _answers_below(lines: list[str], start: int, *, top_posted: bool) -> list[str]:
    """Unquoted lines from the quote on: answers between or below ">" blocks, up to an unquoted history.

    Below a top-posted text, a quote header must head a ">" block (unquoted lines under it are the
    original, from a client that does not mark quotes), and text only below the last ">" line is a
    footer added by a server or client: answers count there only when some sit between ">" blocks.
    """
    kept: list[str] = []
    wrote = interleaved = False
    index = start
    while index < len(lines):
        if _quoted(lines[index]):
            interleaved = interleaved or wrote
            index += 1
            continue
        header = _header_span(lines, index, start)
        if header and top_posted and not _quote_follows(lines, index + header):
            break
        if header:
            index += header
            continue
        if _starts_history(lines, index):
            break
        kept.append(lines[index])
        wrote = wrote or bool(lines[index].strip())
        index += 1
    return kept if interleaved or not top_posted else []


def _header_span(lines: list[str], index: int, start: int) -> int:
    """Lines of a quote header at `index`: an attribution, or the unknown ':' line the quote opens with."""
    span = _attribution_span(lines, index)
    if span:
        return span
    return 1 if index == start and lines[index].strip() and not _starts_history(lines, index) else 0


def _starts_history(lines: list[str], index: int) -> bool:
    """A separator or an Outlook header block: everything below is the quoted original, unmarked."""
    return bool(patterns.SEPARATOR.match(_plain(lines[index]))) or _starts_header_block(lines, index)


def _quote_follows(lines: list[str], index: int) -> bool:
    """The next non-blank line is quoted: what was just passed headed a ">" block."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index < len(lines) and _quoted(lines[index])


def _collapse_blank_runs(lines: list[str]) -> list[str]:
    """One blank line where quoted blocks left several, none at either end: answers read as paragraphs."""
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line if line.strip() else "")
    return _trim_blank_end(kept)


def _trim_blank_end(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]


def _library_clean(text: str) -> str:
    """mail-parser-reply's fragments up to its first real quote header.

    The library splits at any "On … wrote:" line, so a header without a date or an address ("On
    Monday I wrote:") is taken back into the text.
    """
    if not text.strip():
        return ""
    shown, hidden = _hide_long_lines(text)
    message = EmailMessage(text=shown, languages=list(patterns.LIBRARY_LANGUAGES), keep_hyphen_lists=True)
    message.read()
    kept: list[EmailReply] = []
    for fragment in message.replies:
        if kept and fragment.headers and _has_date_or_address(fragment.headers):
            break
        kept.append(fragment)
    if not kept:
        return text
    joined = "\n".join(part for part in (str(fragment.content).strip() for fragment in kept) if part)
    for key, line in hidden.items():
        joined = joined.replace(key, line)
    return joined


def _hide_long_lines(text: str) -> tuple[str, dict[str, str]]:
    """Long lines swapped for numbered placeholders: the library's header search is quadratic in a line."""
    hidden: dict[str, str] = {}
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > LIBRARY_MAX_LINE:
            key = f"{_HIDDEN[0]}{len(hidden)}{_HIDDEN[1]}"
            hidden[key] = line.strip()
            lines[index] = key
    return "\n".join(lines), hidden
