"""What serve keeps between rebuilds: parsed documents and derived values, reused while their inputs are the same.

A single run (`check`, `build`, `export`) keeps nothing: it uses `compute_now`, which computes
everything once. Nothing here knows YAML or the model; the document reader is handed in.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

from okrsite.diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")
D = TypeVar("D")

Memo = Callable[[Hashable, tuple, Callable[[Diagnostics], T], Diagnostics], T]


def compute_now(slot: Hashable, inputs: Hashable, make: Callable[[Diagnostics], T], diagnostics: Diagnostics) -> T:
    """What `DocumentCache.memo` and `.derive` do without a cache: a single run computes everything once."""
    return make(diagnostics)


class DocumentCache(Generic[D]):
    """Parsed documents by path, reused while a file's bytes are unchanged (for `serve` rebuilds).

    The diagnostics a file gave are kept with it and reported again on every reuse.
    """

    def __init__(self, read_document: Callable[[str, bytes, Diagnostics], D | None]) -> None:
        self._read_document = read_document
        self._entries: dict[str, tuple[bytes, D | None, list[Diagnostic]]] = {}
        self._derived: dict[str, tuple[object, Hashable, object, list[Diagnostic]]] = {}
        self._memo: dict[Hashable, tuple[tuple, object, list[Diagnostic]]] = {}
        self._memo_used: set[Hashable] = set()

    def read(self, path: str, data: bytes, diagnostics: Diagnostics) -> D | None:
        hit = self._entries.get(path)
        if hit is not None and hit[0] == data:
            diagnostics.extend(hit[2])
            return hit[1]
        local = Diagnostics()
        document = self._read_document(path, data, local)
        diagnostics.extend(local.items)
        self._entries[path] = (data, document, local.items)
        return document

    def derive(self, document: D, key: Hashable, make: Callable[[Diagnostics], T], diagnostics: Diagnostics) -> T:
        """What `make` builds from a document (its typed model object), reused while the document
        and `key` (what else it depends on) are unchanged; its diagnostics are reported again."""
        path = document.path  # type: ignore[attr-defined]
        hit = self._derived.get(path)
        if hit is not None and hit[0] is document and hit[1] == key:
            diagnostics.extend(hit[3])
            return hit[2]  # type: ignore[return-value]
        local = Diagnostics()
        value = make(local)
        diagnostics.extend(local.items)
        self._derived[path] = (document, key, value, local.items)
        return value

    def memo(self, slot: Hashable, inputs: tuple, make: Callable[[Diagnostics], T], diagnostics: Diagnostics) -> T:
        """What `make` computed last time in `slot`, while `inputs` (everything `make` reads) are unchanged.

        Inputs are compared with `==`, which is immediate for the very same objects: model objects
        reused from the previous build make a hit cost one tuple comparison, and the result keeps
        its identity, so later steps keyed on it hit too. Diagnostics are reported again on a hit.
        """
        self._memo_used.add(slot)
        hit = self._memo.get(slot)
        if hit is not None and hit[0] == inputs:
            diagnostics.extend(hit[2])
            return hit[1]  # type: ignore[return-value]
        local = Diagnostics()
        value = make(local)
        diagnostics.extend(local.items)
        self._memo[slot] = (inputs, value, local.items)
        return value

    def sweep(self) -> None:
        """Forget memo slots the last build did not use (deleted files, renamed objectives)."""
        self._memo = {slot: hit for slot, hit in self._memo.items() if slot in self._memo_used}
        self._memo_used = set()
