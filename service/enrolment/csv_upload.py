"""Read a lead's CSV of managers: header aliases, size limits, duplicates merged (pure, no I/O)."""

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
    """Something about one line: an error (not imported) or a note (e.g. merged into line 3)."""

    line: int
    email: str
    message: str


@dataclass
class ParsedUpload:
    """Rows to import with their line numbers, and the duplicates merged into earlier lines."""

    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    merged: list[RowIssue] = field(default_factory=list)
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
    """Rows keyed by field name; a repeated address is merged into its first line (blank cells of
    the first are filled from the repeat) and reported. Row-level checks happen at import."""
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
    first_index: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(parsed.rows) + len(parsed.merged) >= MAX_ROWS:
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
            key = row.get("email", "").lower()
            if key and key in first_index:
                target = parsed.rows[first_index[key]]
                earlier = parsed.lines[first_index[key]]
                for name, value in row.items():
                    target.setdefault(name, value)
                parsed.merged.append(RowIssue(line, row["email"], f"Same address as line {earlier}: merged."))
                continue
            if key:
                first_index[key] = len(parsed.rows)
            parsed.rows.append(row)
            parsed.lines.append(line)
    except csv.Error as exc:
        raise CsvProblem(f"Line {reader.line_num} is not valid CSV: {exc}.") from None
    if not parsed.rows:
        raise CsvProblem("The file has a header but no managers.")
    return parsed
