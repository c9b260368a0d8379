"""A fast reader for the plain subset of YAML that front-matter almost always uses.

Block mappings with plain keys, block lists, and values on one line (`okrsite.yamlflow`). It gives
exactly the nodes the PyYAML path builds (kinds, texts, quoted flags, lines, columns); anything
outside the subset (anchors, tags, block scalars, multi-line values, duplicate keys, odd
indentation, tabs, characters YAML refuses or reads as line breaks, syntax errors) returns None,
and the caller reads the document with PyYAML, which also words any error. Differential tests
hold the two readers to the same output. It knows nothing of okrsite's keys.
"""

from __future__ import annotations

import re

from okrsite.yamlflow import NotInSubset, flow_mapping_rows, inline_value, plain_kind
from okrsite.yamlnodes import Entry, Mapping, Node, Scalar, Sequence

# What PyYAML should read: characters YAML refuses (outside its printable set), tabs, and the ones
# it reads as line breaks besides `\n` (\r, NEL, LS, PS) or drops (a BOM): one class, all but what is left.
_NOT_IN_SUBSET = re.compile("[^\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\U00010000-\U0010ffff]")
_KEY_COLON = r"([A-Za-z0-9_][A-Za-z0-9_-]{0,200})[ ]*:"
_KEY = re.compile(_KEY_COLON + r"(?: +|$)")
# `key: "text"` without escapes, or `key: plain` without `:` or `#` in it, and nothing after.
_SIMPLE_ENTRY = re.compile(_KEY_COLON + r""" +(?:"([^"\\]*)"|([^-?:,\[\]{}#&*!|>'"%@` ][^:#]*))$""")

Line = tuple[int, int, str]  # line number in the file, indent, content (no indent or trailing spaces)


# Consecutive lines `- {...` at one indent: read together when they are all simple (`flow_mapping_rows`).
_RUN = re.compile(r"^( *)- \{[^\n]*\n(?:\1- \{[^\n]*\n)*", re.M)


def parse_subset(text: str, offset: int) -> Mapping | None:
    """The front-matter mapping when `text` (whose first line is line `offset + 1` of its file) is
    in the subset, else None: read it with PyYAML."""
    if _outside_subset(text):
        return None
    try:
        blocks = _Blocks(text, offset)
        if not blocks.lines or blocks.lines[0][1] != 0:
            return None
        node = blocks.block()
    except (NotInSubset, RecursionError):
        return None
    return node if blocks.index == len(blocks.lines) and isinstance(node, Mapping) else None


def _outside_subset(text: str) -> bool:
    """Whether `text` holds a character `_NOT_IN_SUBSET` finds (ASCII text, the usual, is checked faster)."""
    if text.isascii():
        return not text.replace("\n", " ").isprintable()  # printable ASCII is \x20-\x7E
    return _NOT_IN_SUBSET.search(text) is not None


def _is_item(content: str) -> bool:
    """Whether a line is a block list item (`- ...` or a lone `-`)."""
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


class _Blocks:
    """Block mappings and lists read from `lines`, the next one to read at `index`.

    `lines` holds the lines that are not blank or comments, but for a run of lines `- {...` at
    one indent, which stands there as its first line, with its place in `text` in `runs`.
    """

    def __init__(self, text: str, offset: int) -> None:
        self.text = text
        self.lines: list[Line] = []
        self.runs: dict[int, re.Match[str]] = {}
        self.index = 0
        position, number = 0, offset + 1
        for run in _RUN.finditer(text) if "- {" in text else ():
            number = self.add_lines(text[position:run.start()], number)
            self.runs[len(self.lines)] = run
            self.lines.append((number, len(run.group(1)), "- {"))
            position, number = run.end(), number + text.count("\n", run.start(), run.end())
        self.add_lines(text[position:], number)

    def add_lines(self, text: str, number: int) -> int:
        """Adds the lines of `text` (ending with a line break, or the end of the document), the
        first being line `number`; returns the number of the line after them."""
        lines = self.lines
        for raw in text.split("\n"):
            content = raw.lstrip(" ")
            if content and content[0] != "#":
                if content.startswith(("---", "...")):
                    raise NotInSubset  # a document marker
                lines.append((number, len(raw) - len(content), content.rstrip(" ")))
            number += 1
        return number - 1

    def line_at(self, indent: int) -> tuple[int, int, str] | None:
        """The next line when it stands at `indent`; None at the end of the block (no more lines, or
        a shallower one). A deeper line would continue the value before it: not in the subset."""
        if self.index == len(self.lines):
            return None
        line = self.lines[self.index]
        if line[1] != indent:
            if line[1] < indent:
                return None
            raise NotInSubset
        return line

    def block(self) -> Node:
        """The mapping or list that starts at the next line."""
        _, indent, content = self.lines[self.index]
        return self.sequence(indent) if _is_item(content) else self.mapping(indent)

    def mapping(self, indent: int) -> Mapping:
        lines = self.lines
        entries: dict[str, Entry] = {}
        first_line = lines[self.index][0]
        while (line := self.line_at(indent)) is not None:
            number, _, content = line
            self.index += 1
            simple = _SIMPLE_ENTRY.match(content)
            if simple is not None:  # the usual `key: "text"` or `key: plain`, read here for speed
                key, quoted, plain = simple.groups()
                if quoted is not None:
                    value: Node = Scalar("str", quoted, True, number, indent + len(content) - len(quoted) - 1)
                else:
                    value = Scalar(plain_kind(plain), plain, False, number, indent + len(content) - len(plain) + 1)
            else:
                match = _KEY.match(content)
                if match is None:
                    raise NotInSubset  # not `key: ...`, a list where keys go included
                key, after = match.group(1), match.end()
                if after == len(content) or content[after] == "#":
                    colon = content.index(":", len(key))
                    value = self.nested(indent, Scalar("null", "", False, number, indent + colon + 2))
                else:
                    value = inline_value(content, after, number, indent + 1)
            if key in entries:
                raise NotInSubset  # PyYAML's path reports it
            entries[key] = Entry(key, number, indent + 1, value)
        return Mapping(entries, first_line, indent + 1)

    def nested(self, indent: int, null: Scalar) -> Node:
        """The value of a key with nothing after its colon: a deeper block, or `null`. (A list
        not indented under its key is valid YAML, but rare: `mapping` leaves it to PyYAML.)"""
        if self.index < len(self.lines) and self.lines[self.index][1] > indent:
            return self.block()
        return null

    def sequence(self, indent: int) -> Sequence:
        lines = self.lines
        items: list[Node] = []
        first_line = lines[self.index][0]
        while (line := self.line_at(indent)) is not None:
            number, _, content = line
            if not _is_item(content):
                raise NotInSubset
            rest = content[1:].lstrip(" ")
            item_indent = indent + len(content) - len(rest)
            if not rest or rest[0] == "#":
                self.index += 1
                if self.index == len(lines) or lines[self.index][1] <= indent:
                    raise NotInSubset  # an empty item: rare, leave it to PyYAML
                items.append(self.block())
            elif self.index in self.runs:
                items.extend(self.flow_mapping_lines(indent))
            elif _KEY.match(rest):
                lines[self.index] = (number, item_indent, rest)  # `- key: value` starts a mapping
                items.append(self.mapping(item_indent))
            elif _is_item(rest):
                raise NotInSubset  # `- - x`
            else:
                self.index += 1
                items.append(inline_value(rest, 0, number, item_indent + 1))
        return Sequence(tuple(items), first_line, indent + 1)

    def flow_mapping_lines(self, indent: int) -> list[Node]:
        """The items of a run of lines `- {...}`: in the usual simple form all at once, else each on its own."""
        run = self.runs[self.index]
        number = self.lines[self.index][0]
        items: list[Node] | None = flow_mapping_rows(self.text, run.start(), run.end(), number, indent)
        if items is None:
            lines = self.text[run.start():run.end() - 1].split("\n")
            items = [inline_value(line, indent + 2, number + k, 1) for k, line in enumerate(lines)]
        self.index += 1
        return items
