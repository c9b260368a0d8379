"""Front-matter values with where they stand: what the YAML readers produce for the validator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True, slots=True)
class Scalar:
    """A YAML scalar: the kind YAML 1.1 resolved it to, and the text the user wrote."""

    kind: str  # str | int | float | bool | null | timestamp | other
    text: str
    quoted: bool
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Entry:
    """One `key: value` of a mapping, with where the key stands."""

    key: str
    line: int
    column: int
    value: "Node"


@dataclass(frozen=True, slots=True)
class Mapping:
    entries: dict[str, Entry]
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple["Node", ...]
    line: int
    column: int


Node = Union[Scalar, Mapping, Sequence]
