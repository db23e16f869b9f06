"""`coach report --program ID --out FILE.html`: the dashboard as a self-contained page to forward."""

from __future__ import annotations

from pathlib import Path

import click

from service.analytics.figures import program_start
from service.analytics.periods import PERIOD_DAYS, PROGRAM_TO_DATE, RANGE, choose_period
from service.app import create_app
from service.cli.errors import settings_or_exit
from service.db import database
from service.instance_files import write_private
from service.leads.report import render_report
from service.models import Program, utcnow
from service.spacing import zone

PERIODS = (PROGRAM_TO_DATE, *(str(days) for days in PERIOD_DAYS))


@click.command("report")
@click.option("--program", "program_id", type=click.IntRange(1, 2**31 - 1), required=True, help="Program id.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The HTML file to write, readable by you only (replaced if it exists).",
)
@click.option(
    "--period",
    type=click.Choice(PERIODS),
    default=PROGRAM_TO_DATE,
    show_default=True,
    help="Program to date, or the last N days.",
)
@click.option(
    "--from", "first", metavar="YYYY-MM-DD", default=None, help="Start of a custom range (with --to)."
)
@click.option("--to", "last", metavar="YYYY-MM-DD", default=None, help="End of a custom range (with --from).")
@click.option(
    "--timezone", "tz_name", default="UTC", show_default=True, help="IANA zone for dates and times."
)
def report(
    program_id: int, out: Path, period: str, first: str | None, last: str | None, tz_name: str
) -> None:
    """Write a program's dashboard figures as one HTML file (styles inside, no scripts)."""
    settings = settings_or_exit()
    try:
        tz = zone(tz_name)
    except ValueError:
        raise click.BadParameter(f"unknown timezone {tz_name!r}", param_hint="--timezone") from None
    args = {"period": period}
    if first is not None or last is not None:
        args = {"period": RANGE, "from": first or "", "to": last or ""}
    app = create_app({"SETTINGS": settings})
    now = utcnow()
    with database(settings.database_url).session() as session:
        program = session.get(Program, program_id)
        if program is None:
            raise click.ClickException(f"no program with id {program_id}")
        chosen, error = choose_period(args, now, program_start(session, program.id), tz)
        if error:
            raise click.BadParameter(error, param_hint="--from/--to")
        page = render_report(app, session, program, chosen, now, tz)
    try:
        write_private(out, page)  # names, addresses and shared words: for its owner to forward
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
    click.echo(f"report for {program.name!r} written to {out}")


commands: list[click.Command] = [report]
