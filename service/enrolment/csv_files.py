"""The CSV files enrolment offers: a template to fill in, and the lines that failed with their problems.

Both start with a UTF-8 byte order mark so Excel reads accented names; the failed lines keep the
template's columns first, so a lead fixes them in place and uploads the same file again (the parser
ignores the extra `line` and `problem` columns).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from service.csv_cells import safe_cell
from service.enrolment.csv_upload import FIELDS

BOM = "\ufeff"
FAILED_EXTRA = ("line", "problem")
FLUSH_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class FailedLine:
    """One line that was not imported: its number, its cells as read, and what was wrong."""

    line: int
    cells: Mapping[str, str] = field(default_factory=dict)
    problem: str = ""


def template_csv() -> str:
    """The header a lead fills in, with one line per manager below it."""
    return BOM + ",".join(FIELDS) + "\r\n"


def failed_lines_csv(lines: Iterable[FailedLine]) -> Iterator[str]:
    """The failed lines in the template's columns plus `line` and `problem`, in ~64 KB pieces."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow((*FIELDS, *FAILED_EXTRA))
    for failed in lines:
        cells = (safe_cell(failed.cells.get(name, "")) for name in FIELDS)
        writer.writerow((*cells, failed.line, safe_cell(failed.problem)))
        if buffer.tell() >= FLUSH_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
