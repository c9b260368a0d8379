"""The one reader of content files: front-matter YAML kept with line and column of every node.

PyYAML's composer (the C one where libyaml is present) gives us nodes with marks; we turn
them into small located values ourselves so that duplicate keys are caught and YAML 1.1
surprises (`no` -> false, `1:30` -> 90) stay visible to the validator instead of being
silently constructed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from okrsite.diagnostics import Diagnostics
from okrsite.fastyaml import parse_subset
from okrsite.yamlnodes import Entry, Mapping, Node, Scalar, Sequence

try:  # libyaml's composer is several times faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_FENCE = re.compile(r"---[ \t]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
_MAX_DEPTH = 64

_TAGS = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
}


@dataclass(frozen=True, slots=True)
class Document:
    """A content file split into its front-matter and its Markdown body."""

    path: str
    front: Mapping
    body: str
    body_line: int


@dataclass(slots=True)
class _Builder:
    path: str
    offset: int
    diagnostics: Diagnostics
    nodes: int = 0
    ok: bool = True
    path_ids: set[int] = field(default_factory=set)

    def position(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return mark.line + 1 + self.offset, mark.column + 1

    def build(self, node: yaml.Node, depth: int = 0) -> Node:
        self.nodes += 1
        line, column = self.position(node)
        if self.nodes > _MAX_NODES or depth > _MAX_DEPTH or id(node) in self.path_ids:
            if self.ok:
                self.diagnostics.error(
                    self.path, line, column, "yaml-syntax",
                    "front-matter is too deeply nested or uses recursive aliases",
                    "write the values out instead of using YAML anchors and aliases",
                )
            self.ok = False
            return Scalar("null", "", False, line, column)
        if isinstance(node, yaml.ScalarNode):
            self.check_characters(node, line, column)
            kind = _TAGS.get(node.tag, "other")
            return Scalar(kind, node.value, node.style not in (None, ""), line, column)
        self.path_ids.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return Sequence(tuple(self.build(item, depth + 1) for item in node.value), line, column)
            return self.build_mapping(node, depth, line, column)
        finally:
            self.path_ids.discard(id(node))

    def check_characters(self, node: yaml.ScalarNode, line: int, column: int) -> None:
        """PyYAML without libyaml reads `"\\ud800"` (libyaml refuses it): a string no file can hold."""
        surrogate = _SURROGATE.search(node.value) if node.style == '"' else None
        if surrogate:
            self.diagnostics.error(self.path, line, column, "yaml-syntax",
                                   *_escape_problem(f"\\u{ord(surrogate.group()):04x}"))
            self.ok = False

    def build_mapping(self, node: yaml.MappingNode, depth: int, line: int, column: int) -> Mapping:
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            key_line, key_column = self.position(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.error(
                    self.path, key_line, key_column, "yaml-syntax",
                    "a key must be a plain word, not a list or mapping",
                )
                continue
            self.check_characters(key_node, key_line, key_column)
            key = key_node.value
            if key == "<<" and node.tag == "tag:yaml.org,2002:map":
                self.diagnostics.error(
                    self.path, key_line, key_column, "yaml-syntax",
                    "YAML merge keys (`<<`) are not supported", "write the keys out",
                )
                continue
            if key in entries:
                first = entries[key]
                self.diagnostics.error(
                    self.path, key_line, key_column, "duplicate-key",
                    f"duplicate key `{key}` (first given on line {first.line})",
                    "remove one of them: YAML would silently keep only the last",
                )
                continue
            entries[key] = Entry(key, key_line, key_column, self.build(value_node, depth + 1))
        return Mapping(entries, line, column)


def decode(path: str, data: bytes, diagnostics: Diagnostics) -> str | None:
    """UTF-8 text with a BOM dropped and line endings made `\\n`, or None with a diagnostic."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        diagnostics.error(
            path, line, column, "encoding",
            f"file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded)",
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_document(path: str, data: bytes, diagnostics: Diagnostics) -> Document | None:
    """Split and parse one content file; problems go to `diagnostics`, never raised."""
    text = decode(path, data, diagnostics)
    if text is None:
        return None
    example = "start the file with a line `---`, the keys, then another `---`"
    if not text.strip():
        diagnostics.error(path, 1, 1, "empty-file", "file is empty", example)
        return None
    first_end = text.find("\n")
    if not _FENCE.fullmatch(text[:first_end] if first_end >= 0 else text):
        diagnostics.error(path, 1, 1, "front-matter", "file does not start with a front-matter block", example)
        return None
    close = _closing_fence(text, first_end + 1) if first_end >= 0 else None
    if close is None:
        diagnostics.error(
            path, 1, 1, "front-matter",
            "front-matter block opened on line 1 is never closed",
            "add a line `---` after the last key",
        )
        return None
    start, end = close
    front = parse_yaml(path, text[first_end + 1:start] or "\n", 1, diagnostics)
    if front is None:
        return None
    return Document(path, front, text[end + 1:], text.count("\n", 0, start) + 2)


def _closing_fence(text: str, start: int) -> tuple[int, int] | None:
    """Where the first line `---` (spaces or tabs may follow) from `text[start]`, a line's start,
    begins and ends; None when there is none."""
    at = start - 1
    while True:
        at = text.find("\n---", at)
        if at < 0:
            return None
        end = text.find("\n", at + 4)
        end = len(text) if end < 0 else end
        if not text[at + 4:end].strip(" \t"):
            return at + 1, end
        at += 1


_BAD_ESCAPE = "invalid Unicode character escape"  # what libyaml says of `"\ud800"` and `"\U00110000"`
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")


def _escape_at(text: str, line: int, column: int) -> tuple[int, str] | None:
    """The 1-based column and the text of the `\\u` or `\\U` escape whose digits start at 0-based
    `line` and `column` (where libyaml points), or None."""
    lines = text.split("\n")
    match = _ESCAPE.match(lines[line], column - 2) if line < len(lines) and column >= 2 else None
    return (match.start() + 1, match.group()) if match else None


def _escape_problem(escape: str) -> tuple[str, str]:
    """Message and hint for a `\\u` or `\\U` escape of something that is not a character."""
    if 0xD800 <= int(escape[2:], 16) <= 0xDFFF:
        return (f"YAML syntax error: `{escape}` is a lone surrogate, not a character",
                "write the character itself (or, for one beyond \\uffff, an escape such as \\U0001F600)")
    return (f"YAML syntax error: `{escape}` is beyond the last Unicode character (\\U0010FFFF)",
            "check the escape's hex digits, or write the character itself")


def _tab_diagnostics(path: str, text: str, offset: int, diagnostics: Diagnostics) -> bool:
    if "\t" not in text:
        return False
    found = False
    for number, line in enumerate(text.split("\n"), start=offset + 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            diagnostics.error(
                path, number, indent.index("\t") + 1, "tab-indent",
                "tab character in indentation", "YAML indents with spaces only: replace the tab by spaces",
            )
            found = True
    return found


def parse_yaml(path: str, text: str, offset: int, diagnostics: Diagnostics) -> Mapping | None:
    """Parse a YAML mapping whose first line is line `offset + 1` of the file.

    The plain subset most front-matter uses is read by `fastyaml` (same result, several times
    faster); everything else, and every error, goes through PyYAML.
    """
    if _tab_diagnostics(path, text, offset, diagnostics):
        return None
    fast = parse_subset(text, offset)
    if fast is not None:
        return fast
    return parse_with_pyyaml(path, text, offset, diagnostics)


def parse_with_pyyaml(path: str, text: str, offset: int, diagnostics: Diagnostics) -> Mapping | None:
    """The full YAML reader (the C one where present), with our own node building."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else offset + 1
        column = mark.column + 1 if mark else 1
        escape = _escape_at(text, mark.line, mark.column) if mark and _BAD_ESCAPE in (error.problem or "") else None
        if escape is not None:
            diagnostics.error(path, line, escape[0], "yaml-syntax", *_escape_problem(escape[1]))
            return None
        context = error.context
        if context and error.context_mark and mark and error.context_mark.line != mark.line:
            context += f" that starts on line {error.context_mark.line + 1 + offset}"
        message = " ".join(part for part in (context, error.problem) if part)
        diagnostics.error(
            path, line, column, "yaml-syntax", f"YAML syntax error: {message}",
            "check indentation and quote values that contain `: `, `#` or start with a special character",
        )
        return None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow anywhere (NUL, other controls)
        at = min(error.position, len(text))
        line, column = text.count("\n", 0, at) + 1 + offset, at - text.rfind("\n", 0, at)
        character = error.character if isinstance(error.character, int) else ord(error.character or "\0")
        diagnostics.error(path, line, column, "yaml-syntax",
                          f"YAML syntax error: the control character U+{character:04X} is not allowed in front-matter",
                          "delete it: most editors do not show it" + (f"; a double-quoted string can have it as the "
                          f"escape \\x{character:02x}" if character < 0x100 else ""))
        return None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: PyYAML without libyaml on `"\U00110000"`
        diagnostics.error(path, offset + 1, 1, "yaml-syntax", "YAML syntax error: " + " ".join(str(error).split()))
        return None
    finally:
        loader.dispose()
    if node is None:
        return Mapping({}, offset + 1, 1)
    builder = _Builder(path, offset, diagnostics)
    result = builder.build(node)
    if not builder.ok:
        return None
    if not isinstance(result, Mapping):
        diagnostics.error(
            path, result.line, result.column, "front-matter",
            "front-matter must be a set of `key: value` lines",
        )
        return None
    return result
