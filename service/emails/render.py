"""Render an email of any kind to subject, CSS-inlined HTML and plain text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

import css_inline
from jinja2 import TemplateError, UndefinedError

from service.emails.environment import html_environment, text_environment
from service.emails.formatting import one_line
from service.emails.lines import fold_html, fold_text
from service.enums import EMAIL_KINDS, EmailKind

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from service.emails.personalise import RenderCache
    from service.models import Message

MAX_SUBJECT_CHARS = 200


class EmailError(ValueError):
    """An email cannot be rendered: unknown kind, missing context, or data that no longer exists."""


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    """What the transport sends. The unsubscribe URL doubles as the RFC 8058 List-Unsubscribe target;
    both URLs are None for mail that has no subscription behind it (a lead's digest, an invitation)."""

    subject: str
    html: str
    text: str
    list_unsubscribe_url: str | None
    preferences_url: str | None


@cache
def _inliner() -> css_inline.CSSInliner:
    # Keep the <style> block: media queries and client resets only work from there. Never fetch.
    return css_inline.CSSInliner(keep_style_tags=True, load_remote_stylesheets=False)


def render_email(kind: str, context: Mapping[str, Any]) -> RenderedEmail:
    """Render `templates/emails/<kind>.{txt,html}`; the subject is the text template's `subject` block."""
    return fold(render_unfolded(kind, context))


def fold(rendered: RenderedEmail) -> RenderedEmail:
    """Lines within 998 octets, the last step of rendering (inlining makes long lines: fold after it)."""
    return replace(rendered, html=fold_html(rendered.html), text=fold_text(rendered.text))


def render_unfolded(kind: str, context: Mapping[str, Any]) -> RenderedEmail:
    """`render_email` before its lines are folded (the render cache folds after personalising)."""
    if kind not in EMAIL_KINDS:
        raise EmailError(f"unknown email kind {kind!r}; expected one of {', '.join(EmailKind)}")
    try:
        text_template = text_environment().get_template(f"{kind}.txt")
        subject_block = text_template.blocks["subject"]
        subject = one_line("".join(subject_block(text_template.new_context(dict(context)))))
        if not subject:
            raise EmailError(f"{kind} email: the subject is empty")
        values = {**context, "email_subject": subject[:MAX_SUBJECT_CHARS]}
        text = text_template.render(values)
        html = html_environment().get_template(f"{kind}.html").render(values)
    except UndefinedError as exc:
        raise EmailError(f"{kind} email: missing context: {exc.message}") from exc
    except TemplateError as exc:
        raise EmailError(f"{kind} email: template error: {exc}") from exc
    return RenderedEmail(
        subject=values["email_subject"],
        html=_inliner().inline(html),
        text=_tidy(text),
        list_unsubscribe_url=context.get("unsubscribe_url"),
        preferences_url=context.get("preferences_url"),
    )


def _tidy(text: str) -> str:
    """No trailing spaces (except the "-- " footer mark), at most one blank line in a row."""
    lines = [line if line == "-- " else line.rstrip() for line in text.strip().split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line == "" and tidy and tidy[-1] == "":
            continue
        tidy.append(line)
    return "\n".join(tidy) + "\n"


def render_message(message: Message, session: Session, cache: RenderCache | None = None) -> RenderedEmail:
    """Render an outbox row: its kind, the curriculum item it names, and links for its subscription.

    With `cache` (the send jobs' one), lesson emails reuse the templates rendered for the same item."""
    from service.emails.context import message_context

    context = message_context(message, session)
    if cache is not None:
        return cache.render(message.kind, context)
    return render_email(message.kind, context)
