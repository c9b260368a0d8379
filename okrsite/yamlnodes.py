"""Front-matter values with where they stand: what the YAML readers produce for the validator.

Nobody changes a node once it is made, but the classes are not frozen: a frozen dataclass takes
about four times as long to make (0.58 against 0.15 µs), and a large site's front-matter is
millions of nodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(slots=True)
class Scalar:
    """A YAML scalar: the kind YAML 1.1 resolved it to, and the text the user wrote."""

    kind: str  # str | int | float | bool | null | timestamp | other
    text: str
    quoted: bool
    line: int
    column: int


@dataclass(slots=True)
class Entry:
    """One `key: value` of a mapping, with where the key stands."""

    key: str
    line: int
    column: int
    value: "Node"


@dataclass(slots=True)
class Mapping:
    entries: dict[str, Entry]
    line: int
    column: int


@dataclass(slots=True)
class Sequence:
    items: tuple["Node", ...]
    line: int
    column: int


Node = Union[Scalar, Mapping, Sequence]
