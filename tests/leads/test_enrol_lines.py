"""Enrolment loses nothing: property tests over random CSV files. Every line is read on its own (no
merging), and an import accounts for every line once: each valid line's address is invited, a line
fails only for its own problems, and the failed-lines file holds exactly the lines that failed."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from redis import Redis
from sqlalchemy import select

from service.accounts import assign_program, create_account, create_program
from service.db import Database
from service.enrolment import create_upload, parse_upload, run_upload
from service.enrolment.uploads import failed_lines
from service.models import ProgramInvitation, utcnow
from service.settings import Settings

# Cells chosen to make lines valid or not, and to repeat addresses across lines.
ADDRESSES = ("ann@example.com", "BOB@example.com", "bob@example.com", "cy@example.com", "not-an-email", "")
TIMEZONES = {"": True, "UTC": True, "Europe/Berlin": True, "Europe/Berln": False, "Mars/Olympus": False}
FOCUS = {"": True, "3": True, "share-credit": True, "no-such-lesson": False}
NAMES = ("", "Ann", 'Fay, "boss"', "Zoë Ünal", "=1+2")

row = st.tuples(st.sampled_from(ADDRESSES), st.sampled_from(NAMES), st.sampled_from(sorted(TIMEZONES)),
                st.sampled_from(sorted(FOCUS)))  # fmt: skip
files = st.lists(row, min_size=1, max_size=25)


def _file(rows: list[tuple[str, str, str, str]], blank_every: int = 0) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(("email", "name", "timezone", "focus"))
    for index, cells in enumerate(rows):
        if blank_every and index % blank_every == 0:
            writer.writerow(("", "", "", ""))
        writer.writerow(cells)
    return buffer.getvalue().encode()


def _valid(cells: tuple[str, str, str, str]) -> bool:
    email, _name, timezone, focus = cells
    return "@" in email and TIMEZONES[timezone] and FOCUS[focus]


def _lines(rows: list[tuple[str, str, str, str]]) -> Iterator[tuple[int, tuple[str, str, str, str]]]:
    """(line number, cells) of the lines that hold anything, as the parser numbers them."""
    line = 1
    for cells in rows:
        line += 1
        if any(cells):
            yield line, cells


@given(files, st.integers(min_value=0, max_value=4))
def test_every_line_is_read_on_its_own_with_its_own_number(
    rows: list[tuple[str, str, str, str]], blank_every: int
) -> None:
    if not any(any(cells) for cells in rows):
        return  # a file of blank lines is refused as a whole
    parsed = parse_upload(_file(rows, blank_every), {"3": "prepare-for-conflict"})
    expected = [cells for cells in rows if any(cells)]
    assert len(parsed.rows) == len(parsed.lines) == len(expected)  # nothing merged, nothing dropped
    assert parsed.lines == sorted(set(parsed.lines))
    for got, cells in zip(parsed.rows, expected, strict=True):
        assert got.get("email", "") == cells[0] and got.get("name", "") == cells[1]


_programs = itertools.count(1)


@pytest.fixture()
def program_maker(db: Database) -> Iterator[object]:
    def make() -> tuple[int, int]:
        """A new program and its lead, so each example starts with nobody invited."""
        number = next(_programs)
        with db.transaction() as session:
            program = create_program(session, f"Random file {number}")
            lead = create_account(session, f"lead{number}@example.com", "a long enough password")
            assign_program(session, lead.id, program.id)
            return program.id, lead.id

    yield make


@examples(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files)
def test_an_import_invites_every_valid_line_and_offers_exactly_the_failed_ones(
    settings: Settings, db: Database, redis: Redis, program_maker: object,
    rows: list[tuple[str, str, str, str]],
) -> None:  # fmt: skip
    if not any(any(cells) for cells in rows):
        return
    program_id, lead_id = program_maker()  # type: ignore[operator]
    upload_id = create_upload(redis, program_id, lead_id, "random.csv", _file(rows))
    state = run_upload(redis, db, upload_id, utcnow())
    assert state is not None and state.state == "done"
    lines = list(_lines(rows))
    valid = [(line, cells) for line, cells in lines if _valid(cells)]
    failed = [(line, cells) for line, cells in lines if not _valid(cells)]
    addresses = {cells[0].lower() for _, cells in valid}
    assert state.total == state.done == len(lines)
    assert (state.invited, state.already_enrolled, state.repeated, state.errors) == (
        len(addresses), 0, len(valid) - len(addresses), len(failed),
    )  # fmt: skip
    with db.session() as session:
        invited = set(
            session.scalars(select(ProgramInvitation.email).where(ProgramInvitation.program_id == program_id))
        )
    assert invited == addresses
    offered = list(failed_lines(redis, upload_id))
    assert [item.line for item in offered] == [line for line, _ in failed]
    for item, (_, cells) in zip(offered, failed, strict=True):
        assert (item.cells.get("email", ""), item.cells.get("timezone", "")) == (cells[0], cells[2])
        assert item.problem
        if not TIMEZONES[cells[2]] and cells[2] == "Europe/Berln":
            assert "Did you mean Europe/Berlin?" in item.problem
