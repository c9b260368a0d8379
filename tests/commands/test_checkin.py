"""`okrsite checkin`: one check-in added as text in the file's own style, nothing else changed."""

from __future__ import annotations

import json

import pytest

from tests.conftest import copy_fixture, okrsite

FILE = "content/okrs/2026-Q3/sales/revenue-growth.md"
FLOW = """---
title: Win the mid-market
owner: Priya Nair  # the sales lead
aligns_to: acme/grow#revenue
key_results:
  - id: mrr
    title: Raise new monthly revenue
    kpi: sales/mrr
    target: 150000
    unit: RM
  - id: outlets
    title: Sign new outlets
    start: 0
    target: 40
    checkins:
      - {date: 2026-07-10, value: 10, confidence: 0.8}
      # a comment people leave
      - {date: 2026-08-07, value: 20, confidence: "60%", note: Two deals slipped}

    weight: 3
  - id: launch
    title: Launch the partner programme
    type: milestone
---
Body text."""
BLOCK = FLOW.replace("""      - {date: 2026-07-10, value: 10, confidence: 0.8}
      # a comment people leave
      - {date: 2026-08-07, value: 20, confidence: "60%", note: Two deals slipped}
""", """      - date: 2026-07-10
        value: 10
      - date: 2026-08-07
        value: 20
        note: Two deals slipped
""")


def site_with(tmp_path, text: str, newline: str = "\n"):
    site = copy_fixture("tiny", tmp_path)  # as_of = 2026-08-15: the default date of a check-in
    (site / FILE).write_bytes(text.replace("\n", newline).encode("utf-8"))
    return site


def outlets_value(site) -> float:
    exported = json.loads(okrsite("export", cwd=site).stdout)
    objective = next(o for o in exported["objectives"] if o["ref"] == "2026-Q3/sales/revenue-growth")
    return next(k for k in objective["key_results"] if k["id"] == "outlets")["value"]


@pytest.mark.parametrize("style, newline", [("flow", "\n"), ("flow", "\r\n"), ("block", "\n"), ("block", "\r\n")])
def test_a_check_in_is_added_in_the_files_own_style_and_nothing_else_changes(tmp_path, style, newline):
    text = FLOW if style == "flow" else BLOCK
    site = site_with(tmp_path, text, newline)
    done = okrsite("checkin", "sales/revenue-growth#outlets", "--value", "24", "--confidence", "70%",
                   "--note", 'Deal "B" signed', cwd=site)
    assert done.returncode == 0, done.stderr
    if style == "flow":
        anchor = '      - {date: 2026-08-07, value: 20, confidence: "60%", note: Two deals slipped}\n'
        added = '      - {date: 2026-08-15, value: 24, confidence: "70%", note: "Deal \\"B\\" signed"}\n'
    else:
        anchor = "        note: Two deals slipped\n"
        added = ('      - date: 2026-08-15\n        value: 24\n        confidence: "70%"\n'
                 '        note: "Deal \\"B\\" signed"\n')
    expected = text.replace(anchor, anchor + added).replace("\n", newline)
    assert (site / FILE).read_bytes() == expected.encode("utf-8")  # no final newline stays none
    assert outlets_value(site) == 24


def test_a_key_result_without_check_ins_gets_its_first(tmp_path):
    site = site_with(tmp_path, FLOW)
    done = okrsite("checkin", "2026-Q3/sales/revenue-growth#launch", "--done", "--date", "2026-08-18", cwd=site)
    assert done.returncode == 0, done.stderr
    anchor = "    type: milestone\n"
    assert (site / FILE).read_text() == FLOW.replace(anchor, anchor + "    checkins:\n      - {date: 2026-08-18, done: true}\n")


def test_an_invalid_check_in_leaves_the_file_byte_identical_and_says_why_as_check_does(tmp_path):
    site = site_with(tmp_path, FLOW)
    before = (site / FILE).read_bytes()
    refused = okrsite("checkin", "sales/revenue-growth#outlets", "--value", "24", "--confidence", "1.5", cwd=site)
    assert refused.returncode == 1
    assert f"{FILE}:" in refused.stderr and "outside 0-1" in refused.stderr
    assert (site / FILE).read_bytes() == before


def test_a_second_check_in_on_the_same_day_needs_replace(tmp_path):
    site = site_with(tmp_path, FLOW)
    before = (site / FILE).read_bytes()
    again = okrsite("checkin", "sales/revenue-growth#outlets", "--value", "21", "--date", "2026-08-07", cwd=site)
    assert again.returncode == 2 and "already has a check-in on 2026-08-07" in again.stderr and "--replace" in again.stderr
    assert (site / FILE).read_bytes() == before
    replaced = okrsite("checkin", "sales/revenue-growth#outlets", "--value", "21", "--date", "2026-08-07", "--replace",
                       cwd=site)
    assert replaced.returncode == 0, replaced.stderr
    assert (site / FILE).read_text() == FLOW.replace(
        '      - {date: 2026-08-07, value: 20, confidence: "60%", note: Two deals slipped}',
        "      - {date: 2026-08-07, value: 21}")


@pytest.mark.parametrize("args, message", [
    (["sales/revenue-growth", "--value", "1"], "is not a key result reference"),
    (["sales/revenue-growth#nope", "--value", "1"], "has no key result `nope`"),
    (["sales/nowhere#outlets", "--value", "1"], "no objective sales/nowhere"),
    (["sales/revenue-growth#outlets", "--done"], "takes --value"),
    (["sales/revenue-growth#launch", "--value", "1"], "takes --done or --not-done"),
    (["sales/revenue-growth#outlets", "--value", "many"], "--value must be a number"),
])
def test_mistakes_on_the_command_line_are_usage_errors(tmp_path, args, message):
    site = site_with(tmp_path, FLOW)
    result = okrsite("checkin", *args, cwd=site)
    assert result.returncode == 2 and message in result.stderr
