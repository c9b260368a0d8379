"""A fast reader for the plain subset of YAML that front-matter almost always uses.

Block mappings with plain keys, block sequences, one-line flow collections, and one-line plain,
single- or double-quoted scalars. Scalars are resolved with PyYAML's own YAML 1.1 rules, and the
result (kinds, texts, lines, columns) is exactly what the PyYAML path builds; anything outside the
subset (anchors, tags, block scalars, multi-line values, duplicate keys, odd indentation, syntax
errors) returns None and the caller reads the document with PyYAML, which also words any error.
Differential tests hold the two readers to the same output.
"""

from __future__ import annotations

import re

import yaml

from okrsite.yamlnodes import Entry, Mapping, Node, Scalar, Sequence


class _NotInSubset(Exception):
    """The document needs the full YAML reader."""


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_KINDS = {
    "tag:yaml.org,2002:bool": "bool", "tag:yaml.org,2002:int": "int", "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:timestamp": "timestamp",
}
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*)[ ]*:(?: +|$)")
_PLAIN_START_FORBIDDEN = set("[]{},#&*!|>'\"%@`")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}
_resolved: dict[str, str] = {}


def _kind(text: str) -> str:
    """The kind YAML 1.1 gives a plain scalar, as PyYAML's resolver decides it."""
    kind = _resolved.get(text)
    if kind is None:
        kind = "str"
        for tag, regexp in _RESOLVERS.get(text[0] if text else "", []):
            if regexp.match(text):
                kind = _KINDS.get(tag, "other")
                break
        if len(_resolved) < 100_000:
            _resolved[text] = kind
    return kind


# What PyYAML should read: characters YAML refuses (outside its printable set), and the ones it reads
# as line breaks besides `\n` (\r, NEL, LS, PS) or drops (a BOM): one class, all but what is left.
_NOT_PLAIN = re.compile("[^\x09\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010ffff]")


class _Reader:
    def __init__(self, text: str, offset: int) -> None:
        if _NOT_PLAIN.search(text):
            raise _NotInSubset
        self.offset = offset
        self.lines: list[tuple[int, int, str]] = []  # (line number in the file, indent, content)
        # Runs of check-in lines (what most of a large site's lines are) are cut out with one regex
        # and stand as one line here, their first; `runs` holds their rows by that line's index.
        self.runs: dict[int, list[tuple[str, ...]]] = {}
        position, number = 0, offset + 1
        for run in _RUN.finditer(text) if "{date: " in text else ():
            number = self.add_lines(text[position:run.start() - 1], number) if run.start() > position else number
            rows = _ROW.findall(text, run.start(), run.end())
            indent = len(run.group(1))
            self.runs[len(self.lines)] = rows
            self.lines.append((number, indent, "- " + rows[0][0]))
            position, number = run.end(), number + len(rows)
        self.add_lines(text[position:], number)
        self.index = 0

    def add_lines(self, text: str, number: int) -> int:
        """Adds the lines of `text`, the first being line `number`; returns the number after the last."""
        for raw in text.split("\n"):
            content = raw.lstrip(" ")
            if content and not content.startswith("#"):
                if content.startswith(("---", "...")):
                    raise _NotInSubset
                self.lines.append((number, len(raw) - len(content), content.rstrip()))
            number += 1
        return number

    # -- blocks ----------------------------------------------------------------------------

    def block(self, indent: int, checkins: bool = False) -> Node:
        _, column, content = self.lines[self.index]
        if content == "-" or content.startswith("- "):
            return self.sequence(column, checkins)
        return self.mapping(column)

    def mapping(self, indent: int) -> Mapping:
        entries: dict[str, Entry] = {}
        first_line, first_column = self.lines[self.index][0], indent + 1
        while self.index < len(self.lines):
            line, column, content = self.lines[self.index]
            if column < indent:
                break
            if column > indent or content == "-" or content.startswith("- "):
                raise _NotInSubset
            match = _KEY.match(content)
            if not match:
                raise _NotInSubset
            key = match.group(1)
            if key in entries or key == "<<":
                raise _NotInSubset
            rest = content[match.end():]
            self.index += 1
            if not rest or rest.startswith("#"):
                value = self.nested(indent, line, column + content.index(":", len(key)), key in _DATED_LISTS)
            else:
                value = self.inline(rest, line, column + match.end(), indent)
            entries[key] = Entry(key, line, column + 1, value)
        return Mapping(entries, first_line, first_column)

    def nested(self, indent: int, line: int, colon: int, checkins: bool = False) -> Node:
        """The value of `key:` with nothing after the colon (at 0-based `colon`): a deeper block, or null."""
        if self.index < len(self.lines):
            _, next_indent, content = self.lines[self.index]
            if next_indent > indent:
                return self.block(next_indent, checkins)
            if next_indent == indent and (content == "-" or content.startswith("- ")):
                raise _NotInSubset  # an indentless sequence
        return Scalar("null", "", False, line, colon + 2)

    def sequence(self, indent: int, checkins: bool = False) -> Sequence:
        items: list[Node] = []
        first_line = self.lines[self.index][0]
        while self.index < len(self.lines):
            line, column, content = self.lines[self.index]
            if column < indent:
                break
            if column > indent or not (content == "-" or content.startswith("- ")):
                raise _NotInSubset
            rows = self.runs.get(self.index)
            if rows is not None:
                if not checkins:
                    raise _NotInSubset  # check-in lines where no check-ins go: rare, leave it to PyYAML
                self.index += 1
                if self.index < len(self.lines) and self.lines[self.index][1] > indent:
                    raise _NotInSubset  # a continuation line
                run = CheckinRun(rows, line, indent + 1)
                if not items and (self.index == len(self.lines) or self.lines[self.index][1] < indent):
                    return run  # the whole list is one run
                items.extend(run.items)
                continue
            rest = content[1:].lstrip(" ")
            item_column = column + len(content) - len(rest)
            if not rest or rest.startswith("#"):
                self.index += 1
                if self.index < len(self.lines) and self.lines[self.index][1] > indent:
                    items.append(self.block(self.lines[self.index][1]))
                else:
                    raise _NotInSubset  # an empty item: rare, leave it to PyYAML
            elif checkins and rest[0] == "{" and (match := _CHECKIN.fullmatch(rest)) is not None:
                self.index += 1
                if self.index < len(self.lines) and self.lines[self.index][1] > indent:
                    raise _NotInSubset  # a continuation line
                items.append(CheckinLine(rest, line, item_column, match.groups()))
            elif _KEY.match(rest):
                self.lines[self.index] = (line, item_column, rest)
                items.append(self.mapping(item_column))
            else:
                self.index += 1
                items.append(self.inline(rest, line, item_column, indent))
        return Sequence(tuple(items), first_line, indent + 1)

    def inline(self, text: str, line: int, column: int, owner_indent: int) -> Node:
        """A value on the rest of one line; a deeper line after it would continue it (not in the subset)."""
        if text[0] in "[{":
            flat = _flat_mapping(text, line, column) if text[0] == "{" else None
            node, end = flat if flat is not None else _Flow(text, line, column).collection(0)
            tail = text[end:].lstrip(" ")
            if tail and not tail.startswith("#"):
                raise _NotInSubset
        else:
            node, end = _scalar(text, 0, line, column, flow=False)
            tail = text[end:].lstrip(" ")
            if tail and not tail.startswith("#"):
                raise _NotInSubset
        if self.index < len(self.lines) and self.lines[self.index][1] > owner_indent:
            raise _NotInSubset
        return node


_DATED_LISTS = ("checkins", "snapshots")  # lists whose one-line items may be a CheckinLine
_CHECKIN_FORM = (
    r"\{date: (\d{4}-\d\d-\d\d), (?:value: (-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?)|done: (true|false))"
    r"(?:, confidence: (?:(0(?:\.\d{1,15})?|1(?:\.0{1,15})?)|\"(\d{1,2}(?:\.\d{1,15})?|100)%\"))?"
    r"(?:, note: \"([^\"\\\n]*)\")?\}"
)
_CHECKIN = re.compile(_CHECKIN_FORM)
# Consecutive lines `- {date: ...}` at one indent, each in the form above, then each line's groups.
_FORM_UNCAPTURED = re.sub(r"\((?!\?)", "(?:", _CHECKIN_FORM)
_RUN = re.compile(r"^( *)- " + _FORM_UNCAPTURED + r"[ ]*\n(?:\1- " + _FORM_UNCAPTURED + r"[ ]*\n)*", re.M)
_ROW = re.compile(r"^ *- (" + _CHECKIN_FORM + r")[ ]*\n", re.M)


class CheckinLine:
    """A check-in written the usual way, `- {date: 2026-04-07, value: 229, confidence: 0.85, note: "..."}`
    (or a KPI snapshot, `- {date: 2026-03-31, value: 41200}`), in a `checkins:` or `snapshots:` list.

    The whole line matched one pattern, so its values are known without building nodes for them:
    `groups` holds date, value, done, confidence, percentage (without `%`) and note, each text, or
    empty or None when not given. The validator reads them directly; anything else asks for
    `mapping()`, the very nodes the general reader gives (built on first use).
    """

    __slots__ = ("text", "line", "column", "groups", "_mapping")

    def __init__(self, text: str, line: int, column: int, groups: tuple[str | None, ...]) -> None:
        self.text, self.line, self.column, self.groups = text, line, column, groups
        self._mapping: Mapping | None = None

    def mapping(self) -> Mapping:
        if self._mapping is None:
            flat = _flat_mapping(self.text, self.line, self.column)
            node = flat[0] if flat is not None else _Flow(self.text, self.line, self.column).collection(0)[0]
            assert isinstance(node, Mapping)
            self._mapping = node
        return self._mapping

    @property
    def entries(self) -> dict[str, Entry]:
        return self.mapping().entries


class CheckinRun(Sequence):
    """A `checkins:` or `snapshots:` list whose items are all `CheckinLine`s on consecutive lines.

    `rows` holds each line's text and groups (as `re.findall` gives them: "" for a group not
    given), which the validator reads in one loop; `items`, the CheckinLines, are made on first use.
    """

    __slots__ = ("rows", "_items")

    def __init__(self, rows: list[tuple[str, ...]], line: int, column: int) -> None:
        self.rows, self.line, self.column = rows, line, column
        self._items: tuple[CheckinLine, ...] | None = None

    @property
    def items(self) -> tuple[CheckinLine, ...]:  # type: ignore[override]
        if self._items is None:
            line, column = self.line, self.column + 1
            self._items = tuple(CheckinLine(row[0], line + k, column, row[1:]) for k, row in enumerate(self.rows))
        return self._items


def materialize(node: Node | CheckinLine) -> Node:
    """`node` with every `CheckinLine` replaced by its mapping: what PyYAML gives for the same text."""
    if isinstance(node, CheckinLine):
        return node.mapping()
    if isinstance(node, Mapping):
        return Mapping({key: Entry(e.key, e.line, e.column, materialize(e.value)) for key, e in node.entries.items()},
                       node.line, node.column)
    if isinstance(node, Sequence):
        return Sequence(tuple(materialize(item) for item in node.items), node.line, node.column)
    return node


def _scalar(text: str, start: int, line: int, column: int, flow: bool) -> tuple[Scalar, int]:
    """One scalar starting at `text[start]`; returns it and the index after it."""
    first = text[start]
    position = column + start + 1
    if first == '"':
        out, i = [], start + 1
        while True:
            j = text.find('"', i)
            k = text.find("\\", i)
            if j < 0:
                raise _NotInSubset
            if 0 <= k < j:
                out.append(text[i:k])
                escape = text[k + 1: k + 2]
                if escape in _ESCAPES:
                    out.append(_ESCAPES[escape])
                    i = k + 2
                elif escape == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[k + 2: k + 6]):
                    out.append(chr(int(text[k + 2: k + 6], 16)))
                    i = k + 6
                else:
                    raise _NotInSubset
                continue
            out.append(text[i:j])
            return Scalar("str", "".join(out), True, line, position), j + 1
    if first == "'":
        out, i = [], start + 1
        while True:
            j = text.find("'", i)
            if j < 0:
                raise _NotInSubset
            out.append(text[i:j])
            if text[j + 1: j + 2] == "'":
                out.append("'")
                i = j + 2
                continue
            return Scalar("str", "".join(out), True, line, position), j + 1
    follower = text[start + 1: start + 2]
    if first in _PLAIN_START_FORBIDDEN or (first in "-?:" and (follower in ("", " ") or flow and follower in ",[]{}")) \
            or (flow and first in "?:"):  # PyYAML: in flow context `?` and `:` are always indicators
        raise _NotInSubset
    end = len(text)
    comment = text.find(" #", start)
    if comment >= 0:
        end = comment
    colon = text.find(": ", start, end)
    if text.endswith(":", start, end) and not flow:
        raise _NotInSubset
    if flow:
        stops = [p for p in (text.find(c, start, end) for c in ",[]{}") if p >= 0]
        if colon >= 0:
            stops.append(colon)
        if text[start:end].rstrip().endswith(":"):
            stops.append(start + len(text[start:end].rstrip()) - 1)
        end = min(stops, default=end)
    elif colon >= 0:
        raise _NotInSubset  # `a: b: c` is an error PyYAML words better
    value = text[start:end].rstrip(" ")
    if not value or "\t" in value or (flow and ":" in value):
        raise _NotInSubset  # `:` inside flow scalars has rules of its own: leave them to PyYAML
    return Scalar(_kind(value), value, False, line, position), start + len(value)


_FLAT_ENTRY = re.compile(
    r"[ ]*([A-Za-z0-9_][A-Za-z0-9_-]*):[ ]+"
    r"(\"[^\"\\]*\"|'[^']*'|[^ ,\[\]{}#&*!|>'\"%@`][^,\[\]{}]*?)[ ]*(,|\})"
)


def _flat_mapping(text: str, line: int, column: int) -> tuple[Mapping, int] | None:
    """The common `{date: ..., value: ..., note: "..."}`: one regex per entry, no nesting or escapes."""
    entries: dict[str, Entry] = {}
    i = 1
    while True:
        match = _FLAT_ENTRY.match(text, i)
        if match is None:
            return None
        key, value = match.group(1), match.group(2)
        if key in entries or key == "<<":
            return None
        value_at = match.start(2)
        if value[0] in "\"'":
            node = Scalar("str", value[1:-1], True, line, column + value_at + 1)
        else:
            if ":" in value or " #" in value or "\t" in value or value[0] == "?" or (
                    value[0] == "-" and value[1:2] in ("", " ")):
                return None
            node = Scalar(_kind(value), value, False, line, column + value_at + 1)
        entries[key] = Entry(key, line, column + match.start(1) + 1, node)
        i = match.end()
        if match.group(3) == "}":
            return Mapping(entries, line, column + 1), i


class _Flow:
    """`[a, b]` and `{k: v, ...}` on one line, nesting allowed."""

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text, self.line, self.column = text, line, column

    def skip(self, i: int) -> int:
        while i < len(self.text) and self.text[i] == " ":
            i += 1
        return i

    def value(self, i: int) -> tuple[Node, int]:
        if i >= len(self.text):
            raise _NotInSubset
        if self.text[i] in "[{":
            return self.collection(i)
        return _scalar(self.text, i, self.line, self.column, flow=True)

    def collection(self, i: int) -> tuple[Node, int]:
        opening = self.text[i]
        closing = "]" if opening == "[" else "}"
        items: list[Node] = []
        entries: dict[str, Entry] = {}
        start_column = self.column + i + 1
        i = self.skip(i + 1)
        while True:
            if i >= len(self.text):
                raise _NotInSubset
            if self.text[i] == closing:
                i += 1
                break
            if opening == "[":
                node, i = self.value(i)
                items.append(node)
            else:
                match = _KEY.match(self.text, i)
                if not match or match.end() == len(self.text):
                    raise _NotInSubset
                key = match.group(1)
                if key in entries or key == "<<":
                    raise _NotInSubset
                key_column = self.column + i + 1
                node, i = self.value(self.skip(match.end()))
                entries[key] = Entry(key, self.line, key_column, node)
            i = self.skip(i)
            if i < len(self.text) and self.text[i] == ",":
                i = self.skip(i + 1)
                if i < len(self.text) and self.text[i] == closing:
                    raise _NotInSubset  # a trailing comma: let PyYAML decide
            elif i < len(self.text) and self.text[i] != closing:
                raise _NotInSubset
        if opening == "[":
            return Sequence(tuple(items), self.line, start_column), i
        return Mapping(entries, self.line, start_column), i


def parse_subset(text: str, offset: int) -> Mapping | None:
    """The front-matter mapping when `text` is in the subset, else None (read it with PyYAML)."""
    try:
        reader = _Reader(text, offset)
        if not reader.lines:
            return None
        if reader.lines[0][1] != 0:
            return None
        node = reader.block(0)
        if reader.index != len(reader.lines) or not isinstance(node, Mapping):
            return None
        return node
    except (_NotInSubset, IndexError, RecursionError):
        return None
