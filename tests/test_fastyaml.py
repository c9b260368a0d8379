"""The fast subset reader gives exactly what the PyYAML path gives, or steps aside."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.diagnostics import Diagnostics
from okrsite.fastyaml import parse_subset
from okrsite.frontmatter import parse_with_pyyaml
from okrsite.yamlflow import flow_mapping_rows
from tests.conftest import FIXTURES, REPO
from tests.validate.test_properties import mutate


def front_matter_blocks():
    for root in (REPO / "content", FIXTURES):
        for path in sorted(root.rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if text.startswith("---\n") and "\n---" in text[3:]:
                yield path, text[4:text.index("\n---", 3) + 1]


def assert_same_or_fallback(text: str) -> bool:
    fast = parse_subset(text, 1)
    if fast is None:
        return False
    diagnostics = Diagnostics()
    slow = parse_with_pyyaml("x.md", text, 1, diagnostics)
    assert diagnostics.items == [], (text, diagnostics.items)
    assert fast == slow, text
    return True


def test_every_demo_and_fixture_file_reads_the_same():
    read_fast = [path for path, text in front_matter_blocks() if assert_same_or_fallback(text)]
    assert len(read_fast) > 100  # the subset covers what people write


@pytest.mark.parametrize("text", [
    "a: |\n  block\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: b: c\n", "a:\n- 1\n", "a: 'x\n  y'\n",
    "a: plain\n  continued\n", "a: 1\na: 2\n", "<<: {b: 1}\n", "- 1\n", "a: [1, 2,]\n", "a: {b: 1\n",
    "? a\n: b\n", "a: \"\\q\"\n", "  a: 1\nb: 2\n", "a:\n  b: 1\n c: 2\n",
])
def test_anything_outside_the_subset_goes_to_pyyaml(text):
    assert parse_subset(text, 1) is None


SCALARS = st.one_of(
    st.sampled_from(["no", "yes", "On", "~", "null", "1:30", "1_000", "0x1F", "0755", ".5", "-3", "+2", "1e3",
                     "2026-07-01", "2026-7-1", "70%", "RM 5,000", "a:b", "x #y", "#c", "-", "- x", "?", ":",
                     "'q'", '"q"', '"a\\"b"', "'it''s'", '"\\u00e9"', "[1, 2]", "{a: 1}", "[]", "{}",
                     "café", "a, b", "{a: [1, {b: c}]}", "@x", "`x`", "%x", "!x", "&x", "*x", "|", ">"]),
    st.text(alphabet=string.ascii_letters + string.digits + " -_.:#,'\"[]{}%", max_size=12),
)
KEYS = st.sampled_from(["title", "start", "target", "no", "1", "a-b", "key_results", "checkins", "x y"])


@st.composite
def documents(draw):
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(KEYS)
        shape = draw(st.sampled_from(["scalar", "flow", "list", "map", "empty"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(SCALARS)}")
        elif shape == "flow":
            entries = ", ".join(f"{draw(KEYS)}: {draw(SCALARS)}" for _ in range(draw(st.integers(0, 3))))
            lines.append(f"{key}: {{{entries}}}")
        elif shape == "list":
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                item = draw(st.sampled_from(["  - {s}", "  - k: {s}\n    j: {s}", "  - {{date: {s}, value: {s}}}"]))
                lines.append(item.format(s=draw(SCALARS)))
        elif shape == "map":
            lines.append(f"{key}:\n  inner: {draw(SCALARS)}\n  other: {draw(SCALARS)}")
        else:
            lines.append(f"{key}:")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# comment", "  # indented comment"])))
    return "\n".join(lines) + "\n"


@settings(max_examples=1500, deadline=None)
@given(documents())
def test_random_documents_read_the_same_or_fall_back(text):
    assert_same_or_fallback(text)


BLOCKS = [text for _, text in front_matter_blocks()][:40]


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_mutated_real_files_read_the_same_or_fall_back(data):
    assert_same_or_fallback(mutate(data.draw(st.sampled_from(BLOCKS)), data))


CHECKIN = "{date: 2026-07-06, value: 12}"
NOTED = '{date: 2026-07-13, value: 14, confidence: "70%", note: "Fine: ok, yes."}'


@pytest.mark.parametrize("text", [
    f"checkins:\n  - {CHECKIN}\n  - {NOTED}\n",  # one run: the whole list
    f"checkins:\n  - {CHECKIN}\n  # a comment\n  - {NOTED}\n\n  - {CHECKIN}\n",  # runs cut by other lines
    f"checkins:\n  - {CHECKIN}\n  - {{date: 2026-07-20, value: [1]}}\n  - {NOTED}\n",  # a line in another form
    f"checkins:\n  - {CHECKIN}   \n  - {NOTED}\ntitle: x\n",  # trailing spaces, then a key
    f"checkins:\n  - {CHECKIN}  # a comment\n  - {NOTED}\n",
    f"a:\n  checkins:\n    - {CHECKIN}\n  snapshots:\n    - {CHECKIN}\n    - {NOTED}\n",
    f"key_results:\n  - id: a\n    checkins:\n      - {CHECKIN}\n  - id: b\n    checkins:\n      - {NOTED}\n",
    f"tags:\n  - {CHECKIN}\n  - {NOTED}\n",  # the reader knows no key names: any list may hold such lines
    f"x:\n- {CHECKIN}\n",  # a list not indented under its key: PyYAML reads it
    "x:\n  - {a: 1, b: 2}\n    - {a: 1}\n",  # a deeper line after a run: PyYAML words the error
    "x:\n  - {a: 1, a: 2}\n",  # a repeated key: PyYAML reports it
    "x:\n  - {a: \"\\u00e9\", b: '\u00e9', c: \u00e9\u3000, d: \U0001F600\xa0}\n",
    f"checkins:\n  - {CHECKIN}\n  - {NOTED}",  # no line break at the end
])
def test_runs_of_flow_mapping_lines_read_like_pyyaml(text):
    assert_same_or_fallback(text)


@pytest.mark.parametrize("text", [
    f"checkins:\n  - {CHECKIN}\n  - {NOTED}\n    continued\n",  # a continuation line
    f"checkins:\n- {CHECKIN}\n",  # an indentless list
    f'checkins:\n  - {CHECKIN}\n  - {{date: 2026-07-13, value: 14, note: "\nFine."}}\n',  # a note on two lines
])
def test_runs_of_flow_mapping_lines_in_odd_places_go_to_pyyaml(text):
    assert parse_subset(text, 1) is None


@pytest.mark.parametrize("line, at_once", [
    ('{date: 2026-07-06, value: 12, confidence: 0.7, note: "Fine: yes, {really}."}', True),
    ("{a: plain words, b: -3, c: \u00e9\u3000x, d: '', e: 1e3}", False),  # a single-quoted value
    ("{a: plain words, b: -3, c: \u00e9\u3000x, e: 1e3}", True),
    ("{date: 2026-07-06, value: 12}  # a comment", False),
    ("{date: 2026-07-06, value: 12}   ", False),
    ("{ date: 2026-07-06 }", False),
    ("{date: 2026-07-06,value: 12}", False),
    ('{date: 2026-07-06, note: "a \\" quote"}', False),
    ("{date: 2026-07-06, note: a:b}", False),
    ("{date: 2026-07-06, date: 2026-07-07}", False),
])
def test_which_runs_are_read_at_once(line, at_once):
    text = f"  - {line}\n  - {{a: 1}}\n"
    assert (flow_mapping_rows(text, 0, len(text), 5, 2) is not None) is at_once
    assert_same_or_fallback("x:\n" + text)
