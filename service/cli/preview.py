"""`coach preview KIND --focus SLUG`: render any email with sample data, to a file or stdout."""

from __future__ import annotations

from pathlib import Path

import click

from service.emails import EmailError, render_email
from service.emails.sample import SAMPLE_SITE, SAMPLE_STEPS, sample_context
from service.enums import EmailKind


def _focus_slugs() -> tuple[str, ...]:
    from service.curriculum import load_curriculum

    return load_curriculum().slugs


KINDS_HELP = (
    "Render a KIND of email with sample data about lesson SLUG.\n\n"
    f"KIND is one of: {', '.join(kind.value for kind in EmailKind)}. "
    "Lesson slugs: `coach curriculum`."
)


@click.command("preview", help=KINDS_HELP)
@click.argument("kind", metavar="KIND", type=click.Choice([kind.value for kind in EmailKind]))
@click.option("--focus", "focus", metavar="SLUG", default=None, help="Lesson slug (default: lesson 1).")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write to this file instead of stdout.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("html", "text")),
    default="html",
    show_default=True,
    help="The HTML part (CSS inlined) or the plain-text alternative.",
)
@click.option("--site-url", default=SAMPLE_SITE, show_default=True, help="Base URL for the sample links.")
@click.option(
    "--step",
    type=click.Choice(tuple(SAMPLE_STEPS)),
    default=None,
    help="followup only: the quoted reply already chose a step whose date is ahead, has passed, "
    "or was marked done (the follow-up then asks no second step).",
)
def preview(
    kind: str, focus: str | None, out: Path | None, fmt: str, site_url: str, step: str | None
) -> None:
    """Render a KIND of email with sample data (help text: KINDS_HELP)."""
    if focus is not None and focus not in _focus_slugs():
        raise click.BadParameter(
            f"unknown lesson {focus!r}; choose one of: {', '.join(_focus_slugs())}", param_hint="--focus"
        )
    if step is not None and kind != EmailKind.FOLLOWUP:
        raise click.BadParameter(f"is for followup only, not {kind}", param_hint="--step")
    try:
        rendered = render_email(kind, sample_context(kind, focus, site_url=site_url, step=step))
    except EmailError as exc:
        raise click.ClickException(str(exc)) from None
    body = rendered.html if fmt == "html" else rendered.text
    if out is None:
        click.echo(f"Subject: {rendered.subject}", err=True)
        click.echo(body, nl=False)
        return
    out.write_text(body, encoding="utf-8")
    click.echo(f"{kind} ({fmt}) written to {out}; subject: {rendered.subject}", err=True)


commands: list[click.Command] = [preview]
