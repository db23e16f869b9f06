"""The two Jinja environments over templates/emails: HTML autoescaped, plain text not; both strict."""

from __future__ import annotations

import re
import textwrap
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from service.emails.followup import followup_words
from service.emails.formatting import first_name, split_prompt
from service.settings import PROJECT_ROOT

TEMPLATE_DIR = PROJECT_ROOT / "templates" / "emails"
TEXT_WIDTH = 72  # plain-text lines wrap here so every client shows them the same way

_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """Split plain text on blank lines; lesson texts and replies arrive as plain text."""
    return [part.strip() for part in _BLANK_LINES.split(text.replace("\r\n", "\n")) if part.strip()]


def wrap(text: str, width: int = TEXT_WIDTH, prefix: str = "", hang: str = "") -> str:
    """Wrap each line of plain text without breaking URLs or hyphenated words.

    `prefix` starts every output line ("> " for quotes); `hang` indents continuation lines (lists)."""
    inner = max(20, width - len(prefix))
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        pieces = textwrap.wrap(
            line, inner, subsequent_indent=hang, break_long_words=False, break_on_hyphens=False
        )
        lines += [(prefix + piece).rstrip() for piece in pieces or [""]]
    return "\n".join(lines)


def _common(env: Environment) -> Environment:
    env.filters["paragraphs"] = paragraphs
    env.filters["wrap"] = wrap
    env.filters["first_name"] = first_name
    env.filters["split_prompt"] = split_prompt
    env.filters["followup_words"] = followup_words
    return env


@cache
def html_environment() -> Environment:
    """HTML templates: every value is escaped unless a template marks it safe (none do)."""
    return _common(
        Environment(
            loader=FileSystemLoader(TEMPLATE_DIR),
            autoescape=True,
            undefined=StrictUndefined,
            auto_reload=False,  # templates ship with the code; stat()ing them per email costs ~1 ms
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )


@cache
def text_environment() -> Environment:
    """Plain-text templates and subjects: no escaping, but an .html file loaded here is still escaped."""
    return _common(
        Environment(
            loader=FileSystemLoader(TEMPLATE_DIR),
            autoescape=select_autoescape(
                enabled_extensions=("html",), default_for_string=False, default=False
            ),
            undefined=StrictUndefined,
            auto_reload=False,  # templates ship with the code; stat()ing them per email costs ~1 ms
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    )


def compile_templates() -> int:
    """Compile every email template now, each in the environment that renders it; how many.

    Workers call it as they start (workers/rq_config.py): otherwise the first send job of each new
    worker compiles ~30 templates (~0.13 s of CPU) while its thread pool waits for work."""
    names = sorted(path.name for path in TEMPLATE_DIR.iterdir() if path.suffix in (".html", ".txt"))
    for name in names:
        environment = html_environment() if name.endswith(".html") else text_environment()
        environment.get_template(name)
    return len(names)
