"""Email rendering: templates/emails/<kind>.{html,txt} to a subject, CSS-inlined HTML and plain text."""

from __future__ import annotations

from service.emails.render import EmailError, RenderedEmail, render_email, render_message

__all__ = ["EmailError", "RenderedEmail", "render_email", "render_message"]
