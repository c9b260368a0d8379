"""KPI snapshots from a CSV file beside the KPI (`date,value[,note]`)."""

from __future__ import annotations

import csv
import io
import math

from okrsite.config import parse_date
from okrsite.diagnostics import Diagnostics
from okrsite.files import CSV_ROWS
from okrsite.frontmatter import decode
from okrsite.model import Snapshot, Source
from okrsite.validate.fields import TOO_LARGE_HINT, too_large


MAX_REPORTED = 100  # bad rows reported per file: a broken export of a million rows stays readable and small


def read_snapshot_csv(path: str, data: bytes, diagnostics: Diagnostics, max_rows: int = CSV_ROWS) -> list[Snapshot]:
    """Every good row as a snapshot; every bad row a diagnostic at its CSV line (the first
    `MAX_REPORTED` of them). A file of more than `max_rows` rows is one error and no snapshots."""
    text = decode(path, data, diagnostics)
    if text is None:
        return []
    rows = csv.reader(io.StringIO(text))
    reported = 0

    def error(line: int, column: int, message: str, hint: str) -> None:
        nonlocal reported
        reported += 1
        if reported <= MAX_REPORTED:
            diagnostics.error(path, line, column, "csv", message, hint)
        elif reported == MAX_REPORTED + 1:
            diagnostics.error(path, line, column, "csv", f"more bad rows from here on; only the first {MAX_REPORTED} "
                              "are reported", "fix the export that wrote this file")

    snapshots: list[Snapshot] = []
    header_hint = "the first line must be `date,value` or `date,value,note`"
    try:
        header = next(rows, None)
        if header is None:
            diagnostics.error(path, 1, 1, "csv", "CSV file is empty", header_hint)
            return []
        names = [name.strip().lower() for name in header]
        if names not in (["date", "value"], ["date", "value", "note"]):
            diagnostics.error(path, 1, 1, "csv", f"unexpected CSV header `{','.join(header)}`", header_hint)
            return []
        for count, row in enumerate(rows, start=2):
            line = rows.line_num
            if count > max_rows + 1:
                diagnostics.error(path, line, 1, "csv", f"the file has more than {max_rows:,} rows",
                                  "keep one row per snapshot date, or raise `csv_rows` in the [limits] table of "
                                  "okrsite.toml")
                return []
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names) or len(row) < 2:
                error(line, 1, f"row has {len(row)} fields, expected {len(names)}", "quote a note that contains commas")
                continue
            day = parse_date(row[0])
            if day is None:
                error(line, 1, f"`{row[0].strip()[:40]}` is not a date (YYYY-MM-DD)", "check the day and month")
                continue
            if too_large(row[1]):
                error(line, len(row[0]) + 2, f"`{row[1].strip()[:40]}` is too large a number", TOO_LARGE_HINT)
                continue
            try:
                value = float(row[1].strip().replace("_", ""))
                if not math.isfinite(value):
                    raise ValueError(row[1])
            except ValueError:
                error(line, len(row[0]) + 2, f"`{row[1].strip()[:40]}` is not a number",
                      "write a plain number without units or thousands separators")
                continue
            note = row[2].strip() if len(row) > 2 else ""
            snapshots.append(Snapshot(day, value, note, Source(path, line)))
    except csv.Error as error:
        diagnostics.error(path, rows.line_num, 1, "csv", f"CSV syntax error: {error}", "check the quotes on this line")
    return snapshots
