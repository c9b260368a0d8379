"""One check-in added to an objective file as text, in the file's own style: no other byte changes.

The file is not re-dumped from YAML (comments, key order and quoting would be lost): the new line
goes after the key result's last check-in, written like it (one line `- {date: …}` or a block
item), or under a new `checkins:` key when the key result has none yet. Where the new text goes
is found from the positions of the parsed front-matter's nodes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from okrsite.frontmatter import Document
from okrsite.yamlnodes import Mapping, Scalar, Sequence


class CheckinRefused(Exception):
    """The check-in cannot be added as text; the message says why and what to do instead."""


@dataclass(frozen=True, slots=True)
class NewCheckin:
    """A check-in as the user gave it; numbers are kept as written."""

    date: date
    value: str | None = None  # a metric's value
    done: bool | None = None  # a milestone's state
    confidence: str | None = None  # `0.8` or `80%`
    note: str | None = None

    def fields(self) -> list[tuple[str, str]]:
        """(key, value as YAML text), in the order people write them."""
        found = [("date", self.date.isoformat())]
        if self.value is not None:
            found.append(("value", self.value))
        if self.done is not None:
            found.append(("done", "true" if self.done else "false"))
        if self.confidence is not None:
            found.append(("confidence", f'"{self.confidence}"' if self.confidence.endswith("%") else self.confidence))
        if self.note:
            found.append(("note", json.dumps(self.note, ensure_ascii=False)))
        return found

    def flow(self) -> str:
        return "{" + ", ".join(f"{key}: {value}" for key, value in self.fields()) + "}"


def add_checkin(text: str, document: Document, key_result: str, checkin: NewCheckin,
                replace_line: int | None = None) -> str:
    """`text` (the file, as read) with `checkin` added to key result `key_result`; `replace_line`:
    the line of a check-in of the same day that the new one replaces. Raises CheckinRefused."""
    lines = text.split("\n")
    newline = "\r\n" if lines and lines[0].endswith("\r") else "\n"
    ending = "\r" if newline == "\r\n" else ""
    if "\r" in text.replace("\r\n", ""):
        raise CheckinRefused("the file ends its lines with a lone carriage return: save it with \\n or \\r\\n first")
    item, following = _key_result_item(document, key_result)
    if lines[item.line - 1].lstrip().startswith("- {"):
        raise CheckinRefused(f"key result `{key_result}` is written on one line (`- {{...}}`): write it as a block "
                             "(one key per line) to add check-ins with okrsite checkin")
    end = min(following - 1, len(lines))  # the index of the line where what follows the key result starts
    entry = item.entries.get("checkins")
    if replace_line is not None:
        old = lines[replace_line - 1]
        if not old.lstrip().startswith("- {") or not old.rstrip("\r").rstrip().endswith("}"):
            raise CheckinRefused(f"the check-in on line {replace_line} spans several lines: edit it by hand")
        lines[replace_line - 1] = old[:len(old) - len(old.lstrip())] + "- " + checkin.flow() + ending
        return "\n".join(lines)
    if entry is None:
        indent = " " * (item.column - 1)
        new = [f"{indent}checkins:", f"{indent}  - {checkin.flow()}"]
        at = _after_content(lines, item.line, end)
    elif isinstance(entry.value, Scalar) and entry.value.kind == "null":
        indent = " " * (entry.column - 1)
        new = [f"{indent}  - {checkin.flow()}"]
        at = entry.line
    elif isinstance(entry.value, Sequence) and entry.value.items and lines[entry.value.line - 1].lstrip().startswith("-"):
        last = entry.value.items[-1]
        source = lines[last.line - 1]
        indent = source[:len(source) - len(source.lstrip())]
        if source.lstrip().startswith("- {"):
            new = [f"{indent}- {checkin.flow()}"]
        else:
            inner = " " * (len(source) - len(source.lstrip()[1:].lstrip()))
            fields = checkin.fields()
            new = [f"{indent}- {fields[0][0]}: {fields[0][1]}", *(f"{inner}{key}: {value}" for key, value in fields[1:])]
        siblings = [e.line - 1 for e in item.entries.values() if e.line > last.line]  # keys after `checkins:`
        at = _after_content(lines, last.line, min([end, *siblings]))
    else:
        raise CheckinRefused(f"the `checkins:` of key result `{key_result}` (line {entry.line}) is not a list of "
                             "one item per line: write it as `checkins:` followed by `- {date: ..., value: ...}` lines")
    lines[at:at] = [line + ending for line in new]
    return "\n".join(lines)


def _key_result_item(document: Document, key_result: str) -> tuple[Mapping, int]:
    """The mapping of the key result with id `key_result` (`kr<n>` when it has no `id:`), and the
    line where what follows it starts (the next key result, the next key, or the closing `---`)."""
    found = document.front.entries.get("key_results")
    items = found.value.items if found is not None and isinstance(found.value, Sequence) else ()
    keys = [e.line for e in document.front.entries.values()]
    closing = document.body_line - 1
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            continue
        given = item.entries.get("id")
        its_id = given.value.text if given is not None and isinstance(given.value, Scalar) else f"kr{position}"
        if its_id == key_result:
            after = [n.line for n in items[position:]] + [line for line in keys if line > item.line] + [closing]
            return item, min(after)
    raise CheckinRefused(f"the objective has no key result `{key_result}`")


def _after_content(lines: list[str], first: int, end: int) -> int:
    """Where a line goes after what starts on line `first` (1-based) and ends before index `end`:
    after its last line that is neither blank nor a comment."""
    at = end
    while at > first and re.fullmatch(r"\s*(#.*)?", lines[at - 1].rstrip("\r")):
        at -= 1
    return at
