"""Enrolling managers from a lead's CSV file: one row per line, an import's progress and its failed lines."""

from __future__ import annotations

from service.enrolment.csv_upload import MAX_BYTES, MAX_ROWS, CsvProblem, ParsedUpload, RowIssue, parse_upload
from service.enrolment.uploads import UploadState, create_upload, load_upload, run_upload

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "CsvProblem",
    "ParsedUpload",
    "RowIssue",
    "UploadState",
    "create_upload",
    "load_upload",
    "parse_upload",
    "run_upload",
]
