"""Email rendering: templates/emails/<kind>.{html,txt} to a subject, CSS-inlined HTML and plain text."""

from __future__ import annotations

from service.emails.render import KINDS, EmailError, RenderedEmail, render_email, render_message

__all__ = ["KINDS", "EmailError", "RenderedEmail", "render_email", "render_message"]
