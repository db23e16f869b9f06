"""HTML-only replies to plain text, leaving out the quoted original that mail clients wrap in markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Elements whose content is never text a person wrote.
_INVISIBLE = frozenset({"script", "style", "head", "title", "template", "noscript", "svg", "object"})

#: Elements that start a new line.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
        "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

#: Elements with no end tag: they never open a skipped subtree.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr"}
)

#: Classes of containers that hold the quoted original (Gmail, Yahoo, Thunderbird, Proton, Zoho).
_QUOTE_CLASSES = frozenset(
    {"gmail_quote", "gmail_attr", "gmail_extra", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote",
     "zmail_extra", "ms-outlook-mobile-reference-message"}
)  # fmt: skip

#: Ids after which everything is the quoted original (Outlook desktop, web and mobile; Windows Mail).
_STOP_IDS = frozenset(
    {"divrplyfwdmsg", "x_divrplyfwdmsg", "appendonsend", "x_appendonsend", "stopspelling",
     "mail-editor-reference-message-container", "reply-intro", "outlookmessageheader"}
)  # fmt: skip

#: Outlook desktop draws its reply divider as a border on the header block's div.
_OUTLOOK_DIVIDER = re.compile(r"border-top:\s*solid\s*#(?:e1e1e1|b5c4df)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class _TextCollector(HTMLParser):
    """Collects visible text; skips quote containers; stops at Outlook's reply divider."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stopped = False
        self._skip_tag: str | None = None
        self._skip_depth = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.stopped:
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        if _starts_quote(values):
            self.stopped = True
            return
        if tag not in _VOID and (tag in _INVISIBLE or tag == "blockquote" or _is_quote_container(values)):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self._break()
            self.parts.append("- ")
        elif tag in _BLOCKS:
            self._break()
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID or tag in ("div", "p"):
            if tag in _VOID:
                self.handle_starttag(tag, attrs)
            elif not self.stopped and self._skip_tag is None:
                self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.stopped:
            return
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth <= 0:
                    self._skip_tag = None
            return
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCKS:
            self._break()

    def _break(self) -> None:
        """A block boundary: one line break, however many blocks open or close here."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.stopped or self._skip_tag is not None:
            return
        text = data if self._pre else _SPACES.sub(" ", data)
        if not self._pre and not text.strip() and (not self.parts or self.parts[-1].endswith("\n")):
            return  # indentation between blocks
        self.parts.append(text)


def _starts_quote(attrs: dict[str, str]) -> bool:
    if attrs.get("id", "").lower() in _STOP_IDS:
        return True
    return bool(_OUTLOOK_DIVIDER.search(attrs.get("style", "").replace("\n", " ")))


def _is_quote_container(attrs: dict[str, str]) -> bool:
    classes = {name.lower() for name in attrs.get("class", "").split()}
    return bool(classes & _QUOTE_CLASSES) or attrs.get("type", "").lower() == "cite"


def html_to_text(markup: str) -> str:
    """The text a person typed above the quoted original, one paragraph per block element."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [line.strip() for line in "".join(collector.parts).replace("\u00a0", " ").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
