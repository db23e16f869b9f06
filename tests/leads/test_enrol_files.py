"""The CSV files enrolment hands out: the template, and the failed lines a lead fixes and uploads again."""

from __future__ import annotations

import csv
import io

import pytest

from service.csv_cells import restored_cell, safe_cell
from service.enrolment.csv_files import FailedLine, failed_lines_csv, template_csv
from service.enrolment.csv_upload import parse_upload


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_template_is_the_header_the_parser_reads() -> None:
    assert _rows(template_csv()) == [["email", "name", "timezone", "focus"]]
    with pytest.raises(ValueError, match="no managers"):  # a header alone imports nobody
        parse_upload(template_csv().encode())


def test_failed_lines_keep_their_cells_then_line_and_problem() -> None:
    failed = [
        FailedLine(3, {"email": "zoë@example.com", "name": "Zoë", "timezone": "Europe/Berln"},
                   "timezone: Choose a timezone… Did you mean Europe/Berlin?"),
        FailedLine(9, {"email": "broken"}, "email: That doesn't look like a valid email address."),
    ]  # fmt: skip
    rows = _rows("".join(failed_lines_csv(failed)))
    assert rows == [
        ["email", "name", "timezone", "focus", "line", "problem"],
        ["zoë@example.com", "Zoë", "Europe/Berln", "", "3",
         "timezone: Choose a timezone… Did you mean Europe/Berlin?"],
        ["broken", "", "", "", "9", "email: That doesn't look like a valid email address."],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1 555", "'+1 555"),
        ("-x@example.com", "'-x@example.com"),
        ("@home", "'@home"),
        ("'quoted", "'quoted"),  # an ordinary apostrophe stays as it is, both ways
        ("plain", "plain"),
    ],
)
def test_cells_are_defused_for_spreadsheets_and_restored_on_upload(value: str, written: str) -> None:
    assert safe_cell(value) == written
    assert restored_cell(written) == value


def test_a_failed_lines_file_uploaded_again_reads_the_same_cells() -> None:
    cells = {"email": "=cmd@example.com", "name": 'Ann, "boss"', "timezone": "berlin"}
    failed = [FailedLine(2, cells, "x")]
    parsed = parse_upload("".join(failed_lines_csv(failed)).encode())
    assert parsed.rows == [{"email": "=cmd@example.com", "name": 'Ann, "boss"', "timezone": "berlin"}]
    assert parsed.ignored_columns == []  # line and problem are ours: not reported as unknown


def test_many_failed_lines_stream_in_pieces() -> None:
    failed = (FailedLine(n, {"email": f"m{n}@example.com"}, "problem " * 20) for n in range(2, 3000))
    pieces = list(failed_lines_csv(failed))
    assert len(pieces) > 2 and len(_rows("".join(pieces))) == 2999
