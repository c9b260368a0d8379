"""Check-ins and snapshots read the short way (the fast YAML reader, then straight from the nodes)
give exactly what the general reading gives (PyYAML, then the `Reader` that words every problem)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite import frontmatter, schema
from okrsite.config import Config
from okrsite.diagnostics import Diagnostics
from okrsite.frontmatter import parse_yaml, read_document
from okrsite.periods import parse_period
from okrsite.validate import checkins
from okrsite.validate.documents import read_kpi, read_objective

PERIOD = parse_period("2026-Q3")
DATES = ["2026-07-06", "2026-09-30", "2026-07-01", "2026-06-30", "2026-10-01", "2026-02-30", "2026-13-01", "2025-07-06",
         '"2026-07-08"', "2026-7-9", "~"]
VALUES = ["0", "-0", "12", "-3.5", "0.65", "007", "1e3", "12345678901234567", "1.50", "1:30", ".inf", '"12"', "x", "~"]
CONFIDENCES = ["0", "1", "0.7", "1.0", "1.5", "0.999", '"70%"', '"100%"', '"150%"', '"7.5%"', "70%", '"x%"', "~"]
NOTES = ['"Ahead of plan."', '"It\'s fine, really: yes."', '""', '"a \\" quote"', "plain note", '"#hash"', "no", "12",
         '"café \u3000"', "~"]


@st.composite
def checkin_lines(draw):
    parts = [f"date: {draw(st.sampled_from(DATES))}"]
    if draw(st.booleans()):
        parts.append(f"value: {draw(st.sampled_from(VALUES))}")
    else:
        parts.append(f"done: {draw(st.sampled_from(['true', 'false', 'yes', '1']))}")
    if draw(st.booleans()):
        parts.append(f"confidence: {draw(st.sampled_from(CONFIDENCES))}")
    if draw(st.booleans()):
        parts.append(f"note: {draw(st.sampled_from(NOTES))}")
    if not draw(st.integers(0, 9)):
        parts.append("colour: red")
    return "{" + ", ".join(draw(st.permutations(parts)) if not draw(st.integers(0, 4)) else parts) + "}"


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
        objective, _ = read_objective(PERIOD, "sales", "grow", Config(root=Path(".")), document, diagnostics)
    return objective, diagnostics.items


@contextmanager
def the_general_way():
    """Every document read by PyYAML, every check-in and snapshot by the `Reader`."""
    with mock.patch.object(frontmatter, "parse_subset", lambda text, offset: None), \
            mock.patch.object(checkins, "_as_written", lambda mapping, keys: None):
        yield


def general_reading(read_it, data: bytes):
    with the_general_way():
        return read_it(data)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.sampled_from(["metric", "milestone"]), st.lists(checkin_lines(), min_size=1, max_size=5))
def test_checkins_read_the_short_way_read_like_the_general_reading(kr_type, lines):
    data = document_text(kr_type, lines)
    assert read(data) == general_reading(read, data)


@pytest.mark.parametrize("line, short", [
    ('{date: 2026-07-06, value: 12, confidence: 0.7, note: "Fine."}', True),
    ('{date: 2026-07-06, done: true, confidence: "70%"}', True),
    ("{value: 12, date: 2026-07-06}", True),
    ("{date: 2026-07-06, value: 1e3, note: plain}", True),
    ('{date: 2026-07-06, value: 12, note: "a \\" quote"}', True),
    ("{date: 2026-07-06}", True),
    ("{date: 2026-07-06, value: 12, confidence: 1.5}", False),  # out of range: the Reader says so
    ("{date: 2026-02-30, value: 12}", False),
    ("{date: 2026-07-06, value: 1:30}", False),
    ("{date: 2026-07-06, value: ~}", False),
    ("{date: 2026-07-06, value: 12, colour: red}", False),
    ("{date: 2026-07-06, done: maybe}", False),
    ("{date: 2026-07-06, note: no}", False),
])
def test_which_checkins_are_read_straight_from_their_nodes(line, short):
    front = parse_yaml("x.md", f"checkins:\n  - {line}\n", 1, Diagnostics())
    mapping = front.entries["checkins"].value.items[0]
    assert (checkins._as_written(mapping, schema.CHECKIN) is not None) is short


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
    kpi = read_kpi("sales", "mrr", {}, 1000, document, diagnostics) if document is not None else None
    return kpi, diagnostics.items


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(snapshot_lines(), min_size=1, max_size=5))
def test_snapshots_read_the_short_way_read_like_the_general_reading(lines):
    data = "\n".join(["---", "title: MRR", "target: 100", "snapshots:"] + [f"  - {line}" for line in lines]
                     + ["---", ""]).encode()
    assert read_kpi_text(data) == general_reading(read_kpi_text, data)


def test_checkins_written_as_block_mappings_read_like_one_line_ones():
    one_line = document_text("metric", ['{date: 2026-07-06, value: 12, confidence: "70%", note: "Fine."}'])
    block = one_line.replace(b'{date: 2026-07-06, value: 12, confidence: "70%", note: "Fine."}',
                             b'date: 2026-07-06\n        value: 12\n        confidence: "70%"\n        note: "Fine."')
    (objective, found), (other, other_found) = read(one_line), read(block)
    assert found == other_found == []
    assert [c[:5] for c in objective.key_results[0].checkins] == [c[:5] for c in other.key_results[0].checkins]
