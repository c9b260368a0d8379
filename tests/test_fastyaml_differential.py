"""The fast reader against PyYAML on arbitrary Unicode: the same nodes, or it steps aside.

Scalars are drawn from any character (astral ones, NEL, LS/PS, BOM, NBSP, ideographic space,
control characters) in every quoting style and with every escape, surrogate escapes included;
documents put them in block mappings, block lists, flow collections and runs of one-line flow
mappings. Whatever PyYAML refuses, the fast reader must refuse too (by returning None).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from okrsite.diagnostics import Diagnostics
from okrsite.fastyaml import parse_subset
from okrsite.frontmatter import parse_with_pyyaml
from tests.test_fastyaml import BLOCKS

SPECIAL = list(
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9f\xa0\u1680\u2000\u200b\u2028\u2029\u202f\u3000\ufeff\ufffe\uffff"
    "\ue000\U00010000\U0001F600\U0010FFFF\u00e9 \t\r\n#:,-?[]{}'\"\\%@&*!|>`~=<."
)
CHARACTERS = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIAL), st.sampled_from("abc019 "))
ESCAPES = ["\\\\", '\\"', "\\/", "\\n", "\\t", "\\0", "\\a", "\\b", "\\v", "\\f", "\\r", "\\e", "\\ ", "\\N", "\\_",
           "\\L", "\\P", "\\q", "\\x41", "\\xe9", "\\x4", "\\u00e9", "\\u12", "\\ud800", "\\uDFFF", "\\uD83D\\uDE00",
           "\\U0001F600", "\\U00110000", "\\U0000004", "\\\t", "\\'"]
RAW = st.text(CHARACTERS, max_size=8)


@st.composite
def double_quoted(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(
        RAW.map(lambda text: text.replace("\\", "").replace('"', "")),
        st.sampled_from(ESCAPES),
        st.integers(0, 0xFFFF).map(lambda code: f"\\u{code:04x}"),
        st.integers(0, 0x11FFFF).map(lambda code: f"\\U{code:08X}"),
        st.integers(0, 0xFF).map(lambda code: f"\\x{code:02x}"),
        RAW,  # stray quotes and backslashes too
    ), max_size=4))
    return '"' + "".join(pieces) + '"'


PLAIN = st.one_of(RAW, st.sampled_from(["no", "~", "1:30", "0x1F", "2026-07-01", "12.5", "-3", ".inf", "a b", "x #y",
                                        "a:b", "-", "- x", "?x", "70%", "café", "1e3", "é\u3000", "a\xa0", "\ufeffx", "x ", "a  b ",
                                        " x", "-x", "x}", "x]"]))
SINGLE = RAW.map(lambda text: "'" + text.replace("'", "''") + "'")
SCALARS = st.one_of(PLAIN, SINGLE, double_quoted(), RAW.map(lambda text: "'" + text + "'"))
KEYS = st.one_of(st.sampled_from(["title", "a-b", "x_1", "no", "1", "é", "a b", "k\u3000", "<<"]), RAW)
SPACES = st.sampled_from(["", "", "", " ", "  ", "\t", "\u3000", "\xa0", " # c", "#c", " \u2028", "\x85"])


@st.composite
def flow(draw: st.DrawFn, depth: int = 0) -> str:
    """`[...]` or `{...}` on one line, with odd spacing sometimes."""
    sep = draw(st.sampled_from([", ", ",", " , ", ",  "]))
    if depth < 1 and draw(st.booleans()):
        values = [draw(flow(depth + 1)) if draw(st.integers(0, 4)) == 0 else draw(SCALARS)
                  for _ in range(draw(st.integers(0, 3)))]
    else:
        values = [draw(SCALARS) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        return "[" + sep.join(values) + draw(st.sampled_from(["]", ",]", " ]"])) + ""
    colon = draw(st.sampled_from([": ", ": ", ":", ":  "]))
    return "{" + sep.join(f"{draw(KEYS)}{colon}{value}" for value in values) + draw(st.sampled_from(["}", " }", ",}"]))


# Values near the simple form a run of flow-mapping lines is read in at once: few characters, most of them tricky.
NEAR_SIMPLE = st.text("ab1-._ \xa0\u3000é\U0001F600:#?'\"%,{}", min_size=1, max_size=5)
ROW_VALUES = st.one_of(
    st.sampled_from(["2026-07-06", "12", "0.5", "-3", "true", "~", '"70%"', '"Fine: yes, ok."', '""']),
    NEAR_SIMPLE, NEAR_SIMPLE.map(lambda text: '"' + text.replace('"', "") + '"'), SCALARS,
)


@st.composite
def row(draw: st.DrawFn) -> str:
    """A one-line flow mapping as check-ins and snapshots are written, its values anything."""
    keys = draw(st.lists(st.sampled_from(["date", "value", "done", "note", "x"]), min_size=1, max_size=4))
    return "{" + ", ".join(f"{key}: {draw(ROW_VALUES)}" for key in keys) + "}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        shape = draw(st.sampled_from(["scalar", "scalar", "flow", "rows", "list", "map", "empty"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(SCALARS)}{draw(SPACES)}")
        elif shape == "flow":
            lines.append(f"{key}: {draw(flow())}{draw(SPACES)}")
        elif shape == "rows":
            lines.append(f"{key}:")
            indent = draw(st.sampled_from(["  ", "  ", "", "    "]))
            lines += [f"{indent}- {draw(row())}{draw(SPACES)}" for _ in range(draw(st.integers(1, 4)))]
        elif shape == "list":
            lines.append(f"{key}:")
            lines += [f"  - {draw(st.one_of(SCALARS, flow()))}{draw(SPACES)}" for _ in range(draw(st.integers(1, 3)))]
        elif shape == "map":
            lines += [f"{key}:", f"  {draw(KEYS)}: {draw(SCALARS)}", f"  {draw(KEYS)}: {draw(SCALARS)}{draw(SPACES)}"]
        else:
            lines.append(f"{key}:{draw(SPACES)}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n", "\n# end\n"]))


def assert_same_or_refused(text: str) -> None:
    fast = parse_subset(text, 1)
    if fast is None:
        return
    diagnostics = Diagnostics()
    slow = parse_with_pyyaml("x.md", text, 1, diagnostics)
    assert not diagnostics.items, f"PyYAML refuses what the fast reader read: {text!r}: {diagnostics.items}"
    assert fast == slow, text


@settings(max_examples=700, deadline=None, derandomize=True)
@given(documents())
def test_unicode_documents_read_like_pyyaml_or_fall_back(text):
    assert_same_or_refused(text)


VALUE = re.compile(r"(?<=: )[^\n,{}]+")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_real_files_with_one_value_changed_read_like_pyyaml_or_fall_back(data):
    text = data.draw(st.sampled_from(BLOCKS))
    values = list(VALUE.finditer(text))
    value = values[data.draw(st.integers(0, len(values) - 1))]
    assert_same_or_refused(text[:value.start()] + data.draw(st.one_of(SCALARS, ROW_VALUES)) + text[value.end():])


@settings(max_examples=600, deadline=None, derandomize=True)
@given(SCALARS, SPACES)
def test_every_scalar_reads_like_pyyaml_or_falls_back(scalar, spaces):
    assert_same_or_refused(f"key: {scalar}{spaces}\n")
    assert_same_or_refused(f"key:\n  - {{a: {scalar}, b: {scalar}}}{spaces}\n  - {{a: {scalar}}}\n")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(row(), min_size=1, max_size=4), st.sampled_from(["", "  ", "    "]))
def test_runs_of_flow_mapping_lines_read_like_pyyaml_or_fall_back(rows, indent):
    assert_same_or_refused("key:\n" + "".join(f"{indent}  - {line}\n" for line in rows))


YAML_ESCAPES = ["\\\\", '\\"', "\\/", "\\n", "\\t", "\\0", "\\a", "\\b", "\\v", "\\f", "\\r", "\\e", "\\ ", "\\N",
                "\\_", "\\L", "\\P", "\\x41", "\\xe9", "\\u00e9", "\\uD7FF", "\\uE000", "\\uFFFD", "\\U0001F600",
                "\\U0010FFFF", "\\x7f", "\\x85"]


@pytest.mark.parametrize("escape", YAML_ESCAPES)
def test_every_yaml_escape_is_read_like_pyyaml(escape):
    text = f'key: "a{escape}b"\nrows:\n  - {{x: "{escape}"}}\n'
    assert parse_subset(text, 1) is not None
    assert_same_or_refused(text)


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDFFF", "\\uD83D\\uDE00", "\\U00110000", "\\q", "\\x4", "\\u12"])
def test_escapes_yaml_refuses_are_left_to_pyyaml(escape):
    assert parse_subset(f'key: "a{escape}z"\n', 1) is None


def test_ascii_text_is_screened_as_any_other_text():
    from okrsite.fastyaml import _NOT_IN_SUBSET, _outside_subset

    for code in range(0x80):
        text = f"key: a{chr(code)}b\n"
        assert _outside_subset(text) is (_NOT_IN_SUBSET.search(text) is not None), hex(code)
