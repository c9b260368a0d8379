"""KPI snapshots from a CSV file beside the KPI (`date,value[,note]`)."""

from __future__ import annotations

import csv
import io
import math

from okrsite.config import parse_date
from okrsite.diagnostics import Diagnostics
from okrsite.frontmatter import decode
from okrsite.model import Snapshot, Source


def read_snapshot_csv(path: str, data: bytes, diagnostics: Diagnostics) -> list[Snapshot]:
    """Every good row as a snapshot; every bad row a diagnostic at its CSV line."""
    text = decode(path, data, diagnostics)
    if text is None:
        return []
    rows = csv.reader(io.StringIO(text))
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
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(names) or len(row) < 2:
                diagnostics.error(path, line, 1, "csv", f"row has {len(row)} fields, expected {len(names)}",
                                  "quote a note that contains commas")
                continue
            day = parse_date(row[0])
            if day is None:
                diagnostics.error(path, line, 1, "csv", f"`{row[0].strip()}` is not a date (YYYY-MM-DD)",
                                  "check the day and month")
                continue
            try:
                value = float(row[1].strip().replace("_", ""))
                if not math.isfinite(value):
                    raise ValueError(row[1])
            except ValueError:
                diagnostics.error(path, line, len(row[0]) + 2, "csv", f"`{row[1].strip()}` is not a number",
                                  "write a plain number without units or thousands separators")
                continue
            note = row[2].strip() if len(row) > 2 else ""
            snapshots.append(Snapshot(day, value, note, Source(path, line)))
    except csv.Error as error:
        diagnostics.error(path, rows.line_num, 1, "csv", f"CSV syntax error: {error}", "check the quotes on this line")
    return snapshots
