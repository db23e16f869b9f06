"""Read a lead's CSV of managers: header aliases, size limits, one row per line (pure, no I/O).

Nothing is merged here: a repeated address is judged line by line at import, so a line that fails
never takes a valid repeat of its address down with it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from service.csv_cells import restored_cell

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_FIELD = 1000  # longer cells are rejected by the row checks anyway; this bounds memory per cell
FIELDS = ("email", "name", "timezone", "focus")
ALIASES = {
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "name": "name",
    "full name": "name",
    "timezone": "timezone",
    "time zone": "timezone",
    "tz": "timezone",
    "focus": "focus",
    "lesson": "focus",
}
OUR_COLUMNS = frozenset({"line", "problem"})  # the failed-lines file's extras: uploading it again is fine


class CsvProblem(ValueError):
    """The file as a whole cannot be read (encoding, header, size): nothing is imported."""


@dataclass(frozen=True, slots=True)
class RowIssue:
    """Something about one line: an error (not imported) or a note (a repeat of line 3)."""

    line: int
    email: str
    message: str


@dataclass
class ParsedUpload:
    """Every line that holds anything, in file order: its cells by field name and its line number."""

    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise CsvProblem(
            f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvProblem("The file is not UTF-8 text. Save it as 'CSV UTF-8' and upload it again.") from None
    if "\x00" in text:
        raise CsvProblem("This is not valid CSV text (a spreadsheet file?). Save it as 'CSV UTF-8'.")
    return text


def _header(raw: list[str]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    ignored = []
    for index, name in enumerate(raw):
        label = " ".join(name.strip().lower().split())
        key = ALIASES.get(label)
        if key is None or key in columns.values():
            if name.strip() and label not in OUR_COLUMNS:
                ignored.append(name.strip()[:50])
            continue
        columns[index] = key
    if "email" not in columns.values():
        raise CsvProblem("The first line must be a header naming the columns: email, name, timezone, focus.")
    return columns, ignored


def _focus(value: str, lesson_numbers: dict[str, str]) -> str:
    """A lesson slug, or its number ("3") for convenience."""
    return lesson_numbers.get(value, value)


def parse_upload(data: bytes, lesson_numbers: dict[str, str] | None = None) -> ParsedUpload:
    """One row per line that holds anything, keyed by field name, with its line number (blank lines
    are skipped but counted, so numbers match the file). Row-level checks happen at import."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvProblem("The file is empty.") from None
    except csv.Error as exc:
        raise CsvProblem(f"The file is not valid CSV: {exc}.") from None
    columns, ignored = _header(header)
    parsed = ParsedUpload(ignored_columns=ignored)
    end = reader.line_num
    try:
        for record in reader:
            line, end = end + 1, reader.line_num  # a quoted cell may span lines: the record's first
            if not any(cell.strip() for cell in record):
                continue
            if len(parsed.rows) >= MAX_ROWS:
                raise CsvProblem(
                    f"The file has more than {MAX_ROWS:,} managers; split it into smaller files."
                )
            row = {
                key: restored_cell(record[index].strip()[:MAX_FIELD])
                for index, key in columns.items()
                if index < len(record)
            }
            row = {key: value for key, value in row.items() if value}
            if "focus" in row:
                row["focus"] = _focus(row["focus"], lesson_numbers or {})
            parsed.rows.append(row)
            parsed.lines.append(line)
    except csv.Error as exc:
        raise CsvProblem(f"Line {reader.line_num} is not valid CSV: {exc}.") from None
    if not parsed.rows:
        raise CsvProblem("The file has a header but no managers.")
    return parsed
