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


Typed = Callable[[str, bytes, Hashable, Callable[[D, Diagnostics], T], Diagnostics], "T | None"]


def read_now(read_document: Callable[[str, bytes, Diagnostics], D | None]) -> Typed:
    """What `DocumentCache.typed` does without a cache: read the document, then make its model object."""
    def typed(path: str, data: bytes, key: Hashable, make: Callable[[D, Diagnostics], T],
              diagnostics: Diagnostics) -> T | None:
        document = read_document(path, data, diagnostics)
        return make(document, diagnostics) if document is not None else None
    return typed


class DocumentCache(Generic[D]):
    """What serve keeps between rebuilds: each file's typed model object, reused while the file's
    bytes (and what else it depends on) are unchanged, and memos of later steps.

    The parsed documents themselves are not kept: the YAML nodes of a large site take hundreds of
    MB, and a file whose bytes changed is read again anyway. The diagnostics a file gave are kept
    with it and reported again on every reuse.
    """

    def __init__(self, read_document: Callable[[str, bytes, Diagnostics], D | None]) -> None:
        self._read = read_now(read_document)
        self._typed: dict[str, tuple[bytes, Hashable, object, list[Diagnostic]]] = {}
        self._memo: dict[Hashable, tuple[tuple, object, list[Diagnostic]]] = {}
        self._memo_used: set[Hashable] = set()

    def typed(self, path: str, data: bytes, key: Hashable, make: Callable[[D, Diagnostics], T],
              diagnostics: Diagnostics) -> T | None:
        """What `make` builds from the document in `data` (its typed model object), reused while
        `data` and `key` (what else it depends on) are unchanged; its diagnostics are reported again."""
        hit = self._typed.get(path)
        if hit is not None and (hit[0] is data or hit[0] == data) and hit[1] == key:
            diagnostics.extend(hit[3])
            return hit[2]  # type: ignore[return-value]
        local = Diagnostics()
        value = self._read(path, data, key, make, local)
        diagnostics.extend(local.items)
        self._typed[path] = (data, key, value, local.items)
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
        """Forget memo slots not used since the last sweep (deleted files, renamed objectives; serve's
        pages, rendered on other threads, use slots too: the dict is copied in one step first)."""
        used, self._memo_used = self._memo_used, set()
        self._memo = {slot: hit for slot, hit in list(self._memo.items()) if slot in used}
