"""One-line YAML values for the fast reader: scalars, and flow collections such as `[a, b]` or `{k: v}`.

Each function reads one line's value and gives the very nodes PyYAML's path builds for it (kinds
resolved by PyYAML's own YAML 1.1 rules, texts, quoted flags, lines and columns), or raises
`NotInSubset` so that the whole document is read by PyYAML, which also words any error. The
rules follow libyaml (the reader PyYAML uses where present); where YAML readers disagree, or a
case is rare, this module steps aside rather than pick a side.
"""

from __future__ import annotations

import functools
import re

import yaml

from okrsite.yamlnodes import Entry, Mapping, Node, Scalar, Sequence


class NotInSubset(Exception):
    """The document needs the full YAML reader."""


_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_KINDS = {
    "tag:yaml.org,2002:bool": "bool", "tag:yaml.org,2002:int": "int", "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:timestamp": "timestamp",
}

# YAML's escapes in double quotes (those libyaml knows), and the hexadecimal ones by their length.
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b",
    " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")
# What may not start a plain scalar (YAML's indicators), and what ends or complicates one in a
# flow collection: such values are left to PyYAML.
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_FLOW_STOP = re.compile(r"[,\[\]{}]")
_FLOW_TRICKY = frozenset(":#?")
_FLOW_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*)[ ]*: ")


@functools.lru_cache(maxsize=65536)
def plain_kind(text: str) -> str:
    """The kind YAML 1.1 gives a plain scalar, as PyYAML's resolver decides it (the same few
    thousand values recur on every line: asked once each)."""
    for tag, regexp in _RESOLVERS.get(text[0] if text else "", []):
        if regexp.match(text):
            return _KINDS.get(tag, "other")
    return "str"


def double_quoted(text: str, start: int, line: int, column: int) -> tuple[Scalar, int]:
    """The `"..."` scalar at `text[start]` (ending on this line); returns it and the index after it."""
    end = text.find('"', start + 1)
    backslash = text.find("\\", start + 1)
    if 0 <= end and (backslash < 0 or backslash > end):  # no escapes: the usual case
        return Scalar("str", text[start + 1:end], True, line, column + start), end + 1
    out: list[str] = []
    i = start + 1
    while True:
        end = text.find('"', i)
        backslash = text.find("\\", i, end if end >= 0 else len(text))
        if backslash < 0:
            if end < 0:
                raise NotInSubset  # the scalar goes on over the next line
            out.append(text[i:end])
            return Scalar("str", "".join(out), True, line, column + start), end + 1
        out.append(text[i:backslash])
        i = _escape(text, backslash + 1, out)


def _escape(text: str, i: int, out: list[str]) -> int:
    """Appends what the escape after a backslash (at `text[i]`) means; returns the index after it."""
    code = text[i:i + 1]
    if code in _ESCAPES:
        out.append(_ESCAPES[code])
        return i + 1
    length = _HEX_DIGITS.get(code)
    digits = text[i + 1:i + 1 + length] if length else ""
    if not length or len(digits) != length or not _HEX.issuperset(digits):
        raise NotInSubset  # an unknown escape, or one at the end of the line
    value = int(digits, 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise NotInSubset  # a surrogate or beyond Unicode: not a character, and YAML says so
    out.append(chr(value))
    return i + 1 + length


def single_quoted(text: str, start: int, line: int, column: int) -> tuple[Scalar, int]:
    """The `'...'` scalar at `text[start]` (ending on this line); returns it and the index after it."""
    out: list[str] = []
    i = start + 1
    while True:
        end = text.find("'", i)
        if end < 0:
            raise NotInSubset
        out.append(text[i:end])
        if text.startswith("'", end + 1):  # '' stands for one quote
            out.append("'")
            i = end + 2
            continue
        return Scalar("str", "".join(out), True, line, column + start), end + 1


def block_plain(text: str, start: int, line: int, column: int) -> Scalar:
    """A plain scalar that is the rest of a block line (a comment after ` #` aside)."""
    comment = text.find(" #", start)
    value = text[start:comment if comment >= 0 else len(text)].rstrip(" ")
    first = value[:1]
    if not value or first in _NOT_PLAIN_START and not (first == "-" and value[1:2] not in ("", " ")) \
            or ": " in value or value.endswith(":"):
        raise NotInSubset  # an indicator, or `a: b: c` and the like, which PyYAML words better
    return Scalar(plain_kind(value), value, False, line, column + start)


def inline_value(text: str, start: int, line: int, column: int) -> Node:
    """The value that fills the rest of a block line from `text[start]`, followed by nothing but
    spaces or a comment. As everywhere here, `column` is the (1-based) column of `text[0]`."""
    first = text[start]
    if first == '"':
        node, end = double_quoted(text, start, line, column)
    elif first == "'":
        node, end = single_quoted(text, start, line, column)
    elif first == "[" or first == "{":
        node, end = _Flow(text, line, column).collection(start)
    else:
        return block_plain(text, start, line, column)
    tail = text[end:].lstrip(" ")
    if tail and tail[0] != "#":
        raise NotInSubset
    return node


class _Flow:
    """`[a, b]` and `{k: v, ...}` on one line, nesting allowed; `column` is that of `text[0]`."""

    def __init__(self, text: str, line: int, column: int) -> None:
        self.text, self.line, self.column = text, line, column

    def skip(self, i: int) -> int:
        text = self.text
        while i < len(text) and text[i] == " ":
            i += 1
        return i

    def value(self, i: int) -> tuple[Node, int]:
        text = self.text
        first = text[i:i + 1]
        if first == "[" or first == "{":
            return self.collection(i)
        if first == '"':
            return double_quoted(text, i, self.line, self.column)
        if first == "'":
            return single_quoted(text, i, self.line, self.column)
        stop = _FLOW_STOP.search(text, i)
        value = text[i:stop.start() if stop else len(text)].rstrip(" ")
        if not value or first in _NOT_PLAIN_START and not (first == "-" and value[1:2] not in ("", " ")) \
                or not _FLOW_TRICKY.isdisjoint(value):
            raise NotInSubset  # `:`, `#` and `?` inside flow scalars have rules YAML readers differ on
        return Scalar(plain_kind(value), value, False, self.line, self.column + i), i + len(value)

    def key(self, i: int) -> tuple[str, int]:
        """A plain key and the index after its `: `."""
        match = _FLOW_KEY.match(self.text, i)
        if match is None:
            raise NotInSubset
        return match.group(1), match.end()

    def collection(self, i: int) -> tuple[Node, int]:
        text = self.text
        opening = text[i]
        closing = "]" if opening == "[" else "}"
        items: list[Node] = []
        entries: dict[str, Entry] = {}
        start_column = self.column + i
        i = self.skip(i + 1)
        while True:
            if i >= len(text):
                raise NotInSubset  # the collection goes on over the next line
            if text[i] == closing:
                i += 1
                break
            if opening == "[":
                node, i = self.value(i)
                items.append(node)
            else:
                key, after = self.key(i)
                if key in entries:
                    raise NotInSubset
                node, end = self.value(self.skip(after))
                entries[key] = Entry(key, self.line, self.column + i, node)
                i = end
            i = self.skip(i)
            if text.startswith(",", i):
                i = self.skip(i + 1)
                if text.startswith(closing, i):
                    raise NotInSubset  # a trailing comma: let PyYAML decide
            elif not text.startswith(closing, i):
                raise NotInSubset
        if opening == "[":
            return Sequence(tuple(items), self.line, start_column), i
        return Mapping(entries, self.line, start_column), i


# One entry of a line `- {k: v, k: v}` whose values are plain, or double-quoted without escapes:
# key, quoted text, plain text, and the `}` that ends the line (with the next line's `- {`) or nothing (`, `).
_ROW_PLAIN = r"(?:[^\n ,\[\]{}#&*!|>'\"%@`?:-]|-(?=[^\n ,\[\]{}]))[^\n,\[\]{}#:?]*(?<! )"
_ROW_ENTRY = re.compile(
    r'([A-Za-z0-9_][A-Za-z0-9_-]*): (?:"([^"\\\n]*)"|(' + _ROW_PLAIN + r"))(?:, |(\})\n(?: *- \{)?)")


def flow_mapping_rows(text: str, start: int, end: int, line: int, indent: int) -> list[Mapping] | None:
    """The mappings of the lines `- {k: v, ...}` that `text[start:end]` is made of (each line at
    `indent`, ending with a line break, the first being line `line`), read with one regex and a
    tight loop, for such lines are most of a large site's front-matter. None when a line is not in
    the simple form above: plain values or double-quoted ones without escapes, `, ` between entries,
    nothing after the `}`."""
    found = _ROW_ENTRY.findall(text, start + indent + 3, end)
    rows: list[Mapping] = []
    first_key = key_column = indent + 4
    entries: dict[str, Entry] = {}
    line_ends = entry_count = 0
    for key, quoted, plain, brace in found:
        value_column = key_column + len(key) + 2
        if plain:
            kind = plain_kind(plain)
            entries[key] = Entry(key, line, key_column, Scalar(kind, plain, False, line, value_column))
            key_column = value_column + len(plain) + 2
        else:
            entries[key] = Entry(key, line, key_column, Scalar("str", quoted, True, line, value_column))
            key_column = value_column + len(quoted) + 4
        if brace:
            rows.append(Mapping(entries, line, indent + 3))
            line_ends += key_column  # two more than the length of the line, when nothing was skipped
            entry_count += len(entries)
            entries = {}
            line += 1
            key_column = first_key
    # The entries read fill every line (the regex skipped nothing it does not know), and no key is repeated.
    if line_ends != end - start + len(rows) or entry_count != len(found) or len(rows) != text.count("\n", start, end):
        return None
    return rows
