"""Render each lesson email once per content item, then personalise copies by substitution.

A wave sends the same nudge to thousands of managers; only the greeting's first name, the
footer's links and a nudge's "take it on" link (with the day it proposes) differ.
`RenderCache.render(kind, context)` renders the templates (Jinja, then CSS inlining, the costly
part) once with a placeholder for each of those values and fills them in per recipient. It gives
byte for byte what `render_email(kind, context)` gives:
- the placeholders reach the output only where the templates print those values unfiltered or
  through `first_name` (the greeting): never wrapped, clipped, or used in a condition beyond
  "is it empty", and emptiness is part of the cache key;
- a value with a character that HTML escaping or the CSS inliner's serializer would rewrite
  (`& < > " '`, a no-break space, a control character), or that looks like a placeholder, is
  rendered in full, not substituted;
- only kinds whose context is a pure function of the content item and hashable settings are cached;
- lines are folded to 998 octets (service/emails/lines.py) after the values are filled in, as a
  full render folds after inlining; a template knows how long its lines can get with the values in,
  so an email whose lines all stay within the limit is not measured again.
tests/emails/test_personalise.py compares both paths over every lesson item and awkward values.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.emails.formatting import first_name
from service.emails.lines import MAX_LINE_OCTETS
from service.emails.render import RenderedEmail, fold, render_email, render_unfolded
from service.enums import EmailKind

CACHED_KINDS = frozenset({EmailKind.NUDGE, EmailKind.PROMPT, EmailKind.REVIEW})
PERSONAL = ("recipient_name", "preferences_url", "unsubscribe_url", "reflections_url", "move_url", "move_due")
LINKS = PERSONAL[1:]  # printed as they are: the links, and the day a nudge's move is checked back after
# Plain ASCII letters: Jinja's escaping and the inliner's serializer leave them alone.
MARK = "QzPersonal"
PLACEHOLDERS = {key: f"{MARK}{index}Placeholderq" for index, key in enumerate(PERSONAL)}
_SPLIT = re.compile("(" + "|".join(PLACEHOLDERS.values()) + ")")
_KEY_OF = {placeholder: key for key, placeholder in PLACEHOLDERS.items()}
UNSAFE = frozenset("&<>\"'\u00a0")
MAX_ENTRIES = 512  # one per (content item, shared context): the curriculum has a few hundred items


class RenderCache:
    """Rendered templates with placeholders, per process; safe to share between threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[tuple[Any, ...], _Template] = {}
        self._lock = threading.Lock()
        self._max = max_entries
        self.hits = 0
        self.misses = 0

    def render(self, kind: str, context: Mapping[str, Any]) -> RenderedEmail:
        """The same result as `render_email(kind, context)`, from the cache when the values allow it."""
        values = _personal_values(context)
        key = _key(kind, context, values) if values is not None else None
        if key is None or values is None:
            return render_email(kind, context)
        with self._lock:
            template = self._entries.get(key)
        if template is None:
            self.misses += 1
            template = _Template.of(render_unfolded(kind, {**context, **_placeholders(values)}))
            with self._lock:
                if len(self._entries) >= self._max:
                    self._entries.clear()
                self._entries[key] = template
        else:
            self.hits += 1
        return template.fill(values)


def _personal_values(context: Mapping[str, Any]) -> dict[str, str] | None:
    """What each placeholder stands for in the output, or None when substitution could differ."""
    values: dict[str, str] = {}
    name = context.get("recipient_name")
    if not isinstance(name, str):
        return None
    values["recipient_name"] = first_name(name) or "there"  # the greeting: `name | first_name or "there"`
    for key in LINKS:
        url = context.get(key)
        if url is None:
            continue
        if not isinstance(url, str) or not url:
            return None
        values[key] = url
    for value in values.values():
        if not value.isprintable() or not UNSAFE.isdisjoint(value) or MARK in value:
            return None
    return values


def _key(kind: str, context: Mapping[str, Any], values: dict[str, str]) -> tuple[Any, ...] | None:
    """Everything but the personal values, and which links are present; None when not cacheable."""
    if kind not in CACHED_KINDS:
        return None
    shared = tuple(sorted((k, v) for k, v in context.items() if k not in PERSONAL))
    try:
        hash(shared)
    except TypeError:
        return None
    return (kind, shared, tuple(key in values for key in PERSONAL))


def _placeholders(values: dict[str, str]) -> dict[str, str | None]:
    return {key: PLACEHOLDERS[key] if key in values else None for key in PERSONAL}


@dataclass(frozen=True, slots=True)
class _Template:
    """A rendered email cut at its placeholders: literal text at even positions, value names at odd;
    with, for the HTML and the text, what bounds their longest line once the values are in."""

    subject: tuple[str, ...]
    html: tuple[str, ...]
    text: tuple[str, ...]
    html_lines: _LineBound
    text_lines: _LineBound

    @classmethod
    def of(cls, rendered: RenderedEmail) -> _Template:
        subject, html, text = (_cut(part) for part in (rendered.subject, rendered.html, rendered.text))
        return cls(subject, html, text, _LineBound.of(html), _LineBound.of(text))

    def fill(self, values: dict[str, str]) -> RenderedEmail:
        """The email with `values` in, its lines folded as a full render folds them (only when a line
        could pass 998 octets: folding depends on line lengths, so it comes after the values)."""
        widest = max((len(value.encode()) for value in values.values()), default=0)
        html, text = _join(self.html, values), _join(self.text, values)
        rendered = RenderedEmail(
            subject=_join(self.subject, values),
            html=html,
            text=text,
            list_unsubscribe_url=values.get("unsubscribe_url"),
            preferences_url=values.get("preferences_url"),
        )
        if self.html_lines.fits(widest) and self.text_lines.fits(widest):
            return rendered
        return fold(rendered)


@dataclass(frozen=True, slots=True)
class _LineBound:
    """The longest line's octets with its placeholders left out, and the most placeholders on one line:
    no filled-in line can be longer than `longest + most * widest value`."""

    longest: int
    most: int

    @classmethod
    def of(cls, parts: tuple[str, ...]) -> _LineBound:
        longest = most = length = count = 0
        for index, part in enumerate(parts):
            if index % 2:  # a value's name: one more value on the current line
                count += 1
                continue
            for piece_index, piece in enumerate(part.split("\n")):
                if piece_index:  # a newline ends the current line
                    longest, most, length, count = max(longest, length), max(most, count), 0, 0
                length += len(piece.encode())
        return cls(max(longest, length), max(most, count))

    def fits(self, widest: int) -> bool:
        return self.longest + self.most * widest <= MAX_LINE_OCTETS


def _cut(rendered: str) -> tuple[str, ...]:
    parts = _SPLIT.split(rendered)
    return tuple(part if index % 2 == 0 else _KEY_OF[part] for index, part in enumerate(parts))


def _join(parts: tuple[str, ...], values: dict[str, str]) -> str:
    return "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts))
