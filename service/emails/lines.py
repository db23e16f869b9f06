"""Keep every line of an outgoing HTML part within RFC 5322's 998 octets, without changing how it shows.

CSS inlining puts a whole table row with its style attributes on one line (the digest reached 1,212
characters), and a line over 998 octets may be cut or rejected by a relay. A long line is folded by
turning one of its spaces into a newline, chosen where HTML treats the two alike: between a tag's
attributes, inside a `style` value, or in running text (never inside <pre> or <textarea>, nor in
another attribute's value, where the newline would change a URL). Where a stretch offers no such
space, the line is broken at a tag boundary: before a block-level tag (a row, a cell, a paragraph),
where the whitespace a newline adds is not rendered. An unbreakable run (a very long URL) is left
whole and the line broken at the first safe place after it.
"""

from __future__ import annotations

import textwrap

MAX_LINE_OCTETS = 998  # RFC 5322 section 2.1.1, without the CRLF
_VERBATIM = ("pre", "textarea")
# Tags whose surrounding whitespace is not rendered, so a newline may go before them.
_BLOCK_TAGS = frozenset(
    {"html", "head", "body", "meta", "title", "style", "link", "table", "thead", "tbody", "tfoot", "tr",
     "td", "th", "p", "div", "center", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
     "!doctype"}
)  # fmt: skip


def longest_line(text: str) -> int:
    """The longest line's length in UTF-8 octets (what the 998 limit counts)."""
    return max((len(line.encode()) for line in text.splitlines()), default=0)


def fold_html(html: str, limit: int = MAX_LINE_OCTETS) -> str:
    """`html` with every line over `limit` octets folded at spaces HTML ignores, else at tag boundaries."""
    if _longest_octets(html) <= limit:
        return html
    return "\n".join(_fold_line(line, limit) for line in html.split("\n"))


def _longest_octets(text: str) -> int:
    """The longest "\n"-separated line in UTF-8 octets, measured in C: this runs on every email sent.
    An ASCII string's length is its octet count (and str.isascii is O(1)); others are encoded once."""
    if text.isascii():
        return max(map(len, text.split("\n")))
    return max(map(len, text.encode().split(b"\n")))


def fold_text(text: str, limit: int = MAX_LINE_OCTETS, width: int = 72) -> str:
    """Plain text with any line over `limit` octets rewrapped at `width` (templates already wrap at 72;
    this catches what they cannot, such as a long unbroken paste inside a quoted reply)."""
    if _longest_octets(text) <= limit:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line.encode()) <= limit:
            lines.append(line)
        else:
            lines += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def _fold_line(line: str, limit: int) -> str:
    if len(line.encode()) <= limit:
        return line
    spaces, tags = _break_points(line)
    out: list[str] = []
    start = 0  # index in `line` where the current output line begins
    width = 0  # octets since `start`
    last_space = last_tag = -1
    for index, char in enumerate(line):
        if index in spaces:
            last_space = index
        elif index in tags and index > start:
            last_tag = index
        width += len(char.encode())
        if width <= limit:
            continue
        if last_space > start:  # the space becomes the newline
            out.append(line[start:last_space])
            start = last_space + 1
        elif last_tag > start:  # a newline before this `<`
            out.append(line[start:last_tag])
            start = last_tag
        else:
            continue  # one unbreakable run (a 1,000-character URL): nothing safe to do
        width = len(line[start : index + 1].encode())
        last_space = last_space if last_space >= start else -1
        last_tag = last_tag if last_tag > start else -1
    out.append(line[start:])
    return "\n".join(out)


def _break_points(line: str) -> tuple[set[int], set[int]]:
    """Indexes of spaces where a newline shows the same, and of `<` that start a tag."""
    spaces: set[int] = set()
    tags: set[int] = set()
    in_tag = False
    quote = ""
    attribute = ""  # the name of the attribute whose value is being read
    name_start = -1
    verbatim = ""  # inside <pre> or <textarea>: whitespace shows as it is
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == " " and attribute == "style":
                spaces.add(index)
        elif in_tag:
            if char in "\"'":
                quote = char
            elif char == ">":
                in_tag = False
            elif char == " ":
                spaces.add(index)
                name_start = index + 1
            elif char == "=":
                attribute = line[name_start:index].strip().lower()
        elif char == "<":
            if _tag_name(line, index) in _BLOCK_TAGS or line.startswith("<!--", index):
                tags.add(index)
            in_tag = True
            attribute = ""
            name_start = index + 1
            verbatim = _verbatim_after(line, index, verbatim)
        elif char == " " and not verbatim:
            spaces.add(index)
        index += 1
    return spaces, tags


def _tag_name(line: str, index: int) -> str:
    """The lower-case name of the tag opening or closing at `index` ("td" for both <td> and </td>)."""
    end = index + 1
    if end < len(line) and line[end] == "/":
        end += 1
    start = end
    while end < len(line) and (line[end].isalnum() or line[end] == "!"):
        end += 1
    return line[start:end].lower()


def _verbatim_after(line: str, index: int, current: str) -> str:
    """Entering or leaving <pre>/<textarea> at the tag that starts at `index`."""
    head = line[index + 1 : index + 12].lower()
    for name in _VERBATIM:
        if head.startswith(name) and not head[len(name) : len(name) + 1].isalnum():
            return name
        if head.startswith("/" + name) and current == name:
            return ""
    return current
