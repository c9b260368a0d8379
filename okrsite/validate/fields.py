"""Typed reading of front-matter values, each problem a diagnostic pointing at the value."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from okrsite.config import parse_date
from okrsite.diagnostics import Diagnostics, did_you_mean
from okrsite.frontmatter import Entry, Mapping, Node, Scalar, Sequence

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_DATE_LIKE = re.compile(r"\s*\d{4}-\d{1,2}-\d{1,2}\s*")
_NUMBER = re.compile(r"[-+]?(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?|[-+]?\d[\d_]*\.")
_KIND_WORDS = {
    "str": "text", "int": "a number", "float": "a number", "bool": "true/false",
    "null": "empty", "timestamp": "a date", "other": "a tagged value",
}


# What a scalar of that kind, text and quoting holds, else None: the one reading of each type of
# value, by the `Reader` and by the short way of `validate.checkins`. Remembered where a site
# repeats its values (dates and numbers).

def text_of(kind: str, text: str, quoted: bool) -> str | None:
    """Text, unless YAML read it as empty (null) or as a yes/no value; plain text is trimmed."""
    if kind == "bool" or kind == "null":
        return None
    return text if quoted else text.strip()


LARGEST = 1e15  # beyond this, sums and differences of numbers (target - start) could overflow to infinity


@functools.lru_cache(maxsize=65536)
def number_of(kind: str, text: str, quoted: bool) -> float | None:
    """A number of at most `LARGEST` either way, as people read it (`0755` is 755)."""
    if (kind == "int" or kind == "float") and ":" not in text or (
            kind == "str" and not quoted and _NUMBER.fullmatch(text)):
        try:
            value = to_number(text)
        except ValueError:
            return None
        return value if abs(value) <= LARGEST else None  # False for nan too
    return None


def too_large(text: str) -> bool:
    """Whether `text` is a number, but one beyond what okrsite computes with."""
    try:
        value = to_number(text.strip())
    except ValueError:
        return False
    return abs(value) > LARGEST  # False for nan: that is no number at all


TOO_LARGE_HINT = "okrsite computes with numbers up to 1e15 either way: write it in a larger unit, such as millions"


@functools.lru_cache(maxsize=256)
def boolean_of(kind: str, text: str) -> bool | None:
    """The yes/no value YAML 1.1 reads."""
    return text.lower() in ("yes", "y", "true", "on") if kind == "bool" else None


@functools.lru_cache(maxsize=65536)
def date_of(kind: str, text: str) -> date | None:
    """A real date written YYYY-MM-DD."""
    return parse_date(text) if kind == "timestamp" or kind == "str" else None


def describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping of keys"
    if isinstance(node, Sequence):
        return "a list"
    return _KIND_WORDS.get(node.kind, "a value")


@dataclass(slots=True)
class Reader:
    """Reads the keys of one mapping of one file, reporting into shared diagnostics."""

    path: str
    mapping: Mapping
    diagnostics: Diagnostics
    what: str  # e.g. "objective", "key result `kr2`"
    misspelled: set[str] = field(default_factory=set)  # known keys an unknown key looks like

    def error(self, node: Node | Entry, message: str, hint: str = "", rule: str = "type") -> None:
        self.diagnostics.error(self.path, node.line, node.column, rule, message, hint)

    def check_keys(self, known: Iterable[str]) -> None:
        """Unknown keys are errors with a did-you-mean hint."""
        known = tuple(known)
        for entry in self.mapping.entries.values():
            if entry.key not in known:
                hint = did_you_mean(entry.key, known)
                if hint:
                    self.misspelled.add(hint.split("`")[1])
                hint = hint or f"known keys: {', '.join(known)}"
                self.error(entry, f"unknown key `{entry.key}` in {self.what}", hint, rule="unknown-key")

    def entry(self, key: str, required: bool = False) -> Entry | None:
        found = self.mapping.entries.get(key)
        if found is None and required and key not in self.misspelled:
            self.diagnostics.error(
                self.path, self.mapping.line, self.mapping.column, "missing-key",
                f"{self.what} has no `{key}`", f"add `{key}:`",
            )
        if found is not None and isinstance(found.value, Scalar) and found.value.kind == "null":
            if required:
                self.error(found, f"`{key}` of {self.what} is empty", f"give `{key}:` a value", rule="missing-key")
            return None
        return found

    def text(self, key: str, required: bool = False) -> str | None:
        """A string; YAML values that are not strings in disguise are errors that say to quote."""
        found = self.entry(key, required)
        if found is None:
            return None
        node = found.value
        value = text_of(node.kind, node.text, node.quoted) if isinstance(node, Scalar) else None
        if value is None:
            if isinstance(node, Scalar):
                meaning = "true" if boolean_of(node.kind, node.text) else "false"
                self.error(
                    node, f"`{key}` of {self.what} is `{node.text}`, which YAML reads as the yes/no value {meaning}",
                    f'put it in quotes: `{key}: "{node.text}"`',
                )
            else:
                self.error(node, f"`{key}` of {self.what} must be text, not {describe(node)}")
            return None
        if required and not value.strip():
            self.error(node, f"`{key}` of {self.what} is empty", f"give `{key}:` a value", rule="missing-key")
            return None
        return value

    def number(self, key: str, required: bool = False, hint: str = "") -> float | None:
        found = self.entry(key, required)
        return None if found is None else self.number_node(found.value, f"`{key}` of {self.what}", hint)

    def number_node(self, node: Node, label: str, hint: str = "") -> float | None:
        value = number_of(node.kind, node.text, node.quoted) if isinstance(node, Scalar) else None
        if value is not None:
            return value
        if isinstance(node, Scalar) and node.kind in ("int", "float") and ":" in node.text:
            self.error(node, f"{label} is `{node.text}`, which YAML 1.1 reads as a base-60 number",
                       "write the number in decimal, or quote it if it is text")
        elif isinstance(node, Scalar) and not node.quoted and too_large(node.text):
            self.error(node, f"{label} is {_show(node)}, too large a number", TOO_LARGE_HINT, rule="range")
        else:
            self.error(node, f"{label} must be a number, not {_show(node)}",
                       hint or "write a plain number without quotes; put the unit in `unit:`")
        return None

    def boolean(self, key: str) -> bool | None:
        found = self.entry(key)
        if found is None:
            return None
        node = found.value
        value = boolean_of(node.kind, node.text) if isinstance(node, Scalar) else None
        if value is None:
            self.error(found.value, f"`{key}` of {self.what} must be true or false, not {_show(found.value)}")
        return value

    def date(self, key: str, required: bool = False) -> date | None:
        found = self.entry(key, required)
        return None if found is None else self.date_node(found.value, f"`{key}` of {self.what}")

    def date_node(self, node: Node, label: str) -> date | None:
        parsed = date_of(node.kind, node.text) if isinstance(node, Scalar) else None
        if parsed is not None:
            return parsed
        if isinstance(node, Scalar) and node.kind in ("timestamp", "str"):
            if _DATE_LIKE.fullmatch(node.text):
                self.error(node, f"{label} is `{node.text}`, which is not a real date", "check the day and month",
                           rule="impossible-date")
                return None
        self.error(node, f"{label} must be a date (YYYY-MM-DD), not {_show(node)}", rule="type")
        return None

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        found = self.entry(key)
        if found is None:
            return default
        value = self.text(key)
        if value is None:
            return default
        if value not in choices:
            hint = did_you_mean(value, choices) or f"use one of: {', '.join(choices)}"
            self.error(found.value, f"`{key}` of {self.what} must be one of {', '.join(choices)}, not `{value}`", hint)
            return default
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a list of one."""
        found = self.entry(key)
        if found is None:
            return ()
        node = found.value
        items = node.items if isinstance(node, Sequence) else (node,)
        values: list[str] = []
        for item in items:
            if not isinstance(item, Scalar) or item.kind in ("bool", "null"):
                self.error(item, f"items of `{key}` in {self.what} must be text, not {_show(item)}",
                           "put the item in quotes")
                continue
            values.append(item.text.strip())
        return tuple(values)

    def mapping_list(self, key: str, required: bool = False) -> list[Mapping]:
        """The mappings of a list; other items are errors."""
        found = self.entry(key, required)
        if found is None:
            return []
        node = found.value
        if not isinstance(node, Sequence):
            self.error(node, f"`{key}` of {self.what} must be a list (lines starting with `- `), not {describe(node)}")
            return []
        result: list[Mapping] = []
        for item in node.items:
            if isinstance(item, Mapping):
                result.append(item)
            else:
                self.error(item, f"each item of `{key}` in {self.what} must be a set of `key: value`, not {describe(item)}")
        if required and not node.items:
            self.error(node, f"`{key}` of {self.what} is an empty list", "add at least one item", rule="missing-key")
        return result


_SIMPLE_DECIMAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")
_OCTAL_LOOKING = re.compile(r"[-+]?0[0-7]+")
_OTHER_BASES = re.compile(r"[-+]?0x[0-9a-fA-F]+|[-+]?0b[01]+|[-+]?0o[0-7]+")


def to_number(text: str) -> float:
    if _SIMPLE_DECIMAL.fullmatch(text):  # the usual `12`, `0.65`, `-3.5`
        value = float(text)
        return float(int(value)) if value.is_integer() and abs(value) < 2**53 else value
    cleaned = text.replace("_", "")
    if _OCTAL_LOOKING.fullmatch(cleaned):  # keep YAML 1.1 octal out: 0755 means 755 to people
        return float(int(cleaned, 10))
    if _OTHER_BASES.fullmatch(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return float(int(value)) if value.is_integer() and abs(value) < 2**53 else value


def _show(node: Node) -> str:
    if isinstance(node, Scalar) and node.kind != "null":
        return f"`{node.text}`" if len(node.text) <= 40 else f"`{node.text[:37]}...`"
    return describe(node)


def check_slug(reader: Reader, node: Node | Entry, value: str, what: str) -> bool:
    if SLUG.fullmatch(value):
        return True
    suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "kr1"
    reader.error(node, f"{what} `{value}` is not a valid id", f"use lowercase letters, digits and dashes, e.g. `{suggestion}`",
                 rule="invalid-id")
    return False
