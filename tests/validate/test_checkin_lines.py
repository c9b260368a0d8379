"""Check-ins read from a recognised one-line form give exactly what the general reading gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import okrsite.fastyaml as fastyaml
from okrsite.config import Config
from okrsite.diagnostics import Diagnostics
from okrsite.fastyaml import CheckinLine
from okrsite.frontmatter import read_document
from okrsite.periods import parse_period
from okrsite.validate.documents import read_kpi, read_objective

PERIOD = parse_period("2026-Q3")
DATES = ["2026-07-06", "2026-09-30", "2026-07-01", "2026-06-30", "2026-10-01", "2026-02-30", "2026-13-01", "2025-07-06"]
VALUES = ["0", "-0", "12", "-3.5", "0.65", "007", "1e3", "12345678901234567", "1.50"]
CONFIDENCES = ["0", "1", "0.7", "1.0", "1.5", "0.999", '"70%"', '"100%"', '"150%"', '"7.5%"', "70%"]
NOTES = ['"Ahead of plan."', '"It\'s fine, really: yes."', '""', '"a \\" quote"', "plain note", '"#hash"']


@st.composite
def checkin_lines(draw):
    parts = [f"date: {draw(st.sampled_from(DATES))}"]
    if draw(st.booleans()):
        parts.append(f"value: {draw(st.sampled_from(VALUES))}")
    else:
        parts.append(f"done: {draw(st.sampled_from(['true', 'false', 'yes']))}")
    if draw(st.booleans()):
        parts.append(f"confidence: {draw(st.sampled_from(CONFIDENCES))}")
    if draw(st.booleans()):
        parts.append(f"note: {draw(st.sampled_from(NOTES))}")
    return "{" + ", ".join(parts) + "}"


def document_text(kr_type: str, lines: list[str]) -> bytes:
    head = ["---", "title: Grow", "key_results:", "  - id: a", "    title: A", f"    type: {kr_type}"]
    if kr_type == "metric":
        head += ["    start: 0", "    target: 100"]
    return "\n".join(head + ["    checkins:"] + [f"      - {line}" for line in lines] + ["---", ""]).encode()


def read(data: bytes):
    diagnostics = Diagnostics()
    document = read_document("x.md", data, diagnostics)
    objective = None
    if document is not None:
        objective, _ = read_objective(PERIOD, "sales", "grow", document, Config(root=Path(".")), diagnostics)
    return objective, diagnostics.items


def general_reading(read_it, data: bytes):
    """What `read_it(data)` gives when no line is recognised: every check-in takes the general reading."""
    saved = fastyaml._CHECKIN, fastyaml._RUN
    fastyaml._CHECKIN = fastyaml._RUN = re.compile(r"(?!)")
    try:
        return read_it(data)
    finally:
        fastyaml._CHECKIN, fastyaml._RUN = saved


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["metric", "milestone"]), st.lists(checkin_lines(), min_size=1, max_size=5))
def test_recognised_lines_read_like_the_general_reading(kr_type, lines):
    data = document_text(kr_type, lines)
    assert read(data) == general_reading(read, data)


@pytest.mark.parametrize("line, recognised", [
    ('{date: 2026-07-06, value: 12, confidence: 0.7, note: "Fine."}', True),
    ('{date: 2026-07-06, done: true, confidence: "70%"}', True),
    ("{date: 2026-07-06, value: 12}", True),
    ("{date: 2026-07-06, value: 12}  # a comment", False),
    ("{value: 12, date: 2026-07-06}", False),
    ("{date: 2026-07-06, value: 1e3}", False),
    ('{date: 2026-07-06, value: 12, note: "a \\" quote"}', False),
])
def test_which_lines_are_recognised(line, recognised):
    front = fastyaml.parse_subset("key_results:\n  - checkins:\n      - " + line + "\n", 1)
    assert front is not None
    item = front.entries["key_results"].value.items[0].entries["checkins"].value.items[0]
    assert isinstance(item, CheckinLine) is recognised


@st.composite
def snapshot_lines(draw):
    parts = [f"date: {draw(st.sampled_from(DATES))}"]
    if draw(st.integers(0, 5)):
        parts.append(f"value: {draw(st.sampled_from(VALUES))}")
    else:
        parts.append(f"done: {draw(st.sampled_from(['true', 'false']))}")
    if not draw(st.integers(0, 5)):
        parts.append(f"confidence: {draw(st.sampled_from(CONFIDENCES))}")
    if draw(st.booleans()):
        parts.append(f"note: {draw(st.sampled_from(NOTES))}")
    return "{" + ", ".join(parts) + "}"


def read_kpi_text(data: bytes):
    diagnostics = Diagnostics()
    document = read_document("content/kpis/sales/mrr.md", data, diagnostics)
    kpi = read_kpi("sales", "mrr", document, {}, diagnostics) if document is not None else None
    return kpi, diagnostics.items


@settings(max_examples=200, deadline=None)
@given(st.lists(snapshot_lines(), min_size=1, max_size=5))
def test_recognised_snapshots_read_like_the_general_reading(lines):
    data = "\n".join(["---", "title: MRR", "target: 100", "snapshots:"] + [f"  - {line}" for line in lines]
                     + ["---", ""]).encode()
    assert read_kpi_text(data) == general_reading(read_kpi_text, data)
