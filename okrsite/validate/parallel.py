"""Reading many files on every core: forked children read shares of the files, the parent the rest.

Reading a file into its typed model object depends on that file alone, so a cold run of a large
site splits the objective files into contiguous shares. Each child reads its share while the parent
reads its own (and the team and KPI files), then sends back the results and diagnostics, pickled.
If a child fails in any way, the parent reads that share itself: the result never depends on it.
"""

from __future__ import annotations

import pickle
from functools import partial
from typing import Callable, Sequence, TypeVar

from okrsite import forking
from okrsite.diagnostics import Diagnostic, Diagnostics

Item = TypeVar("Item")
Result = TypeVar("Result")

# What an item costs in a child against the parent, measured on the large benchmark site: a child
# reads about 20 % faster (a fresh heap), and its results are then pickled, sent and unpickled.
CHILD_COST = 0.9
PARALLEL_FROM = 1500  # fewer files than this are read faster than a child is started and heard back


def worker_count(files: int) -> int:
    """How many processes should read `files` files (1: this one alone)."""
    return forking.workers(files, PARALLEL_FROM, PARALLEL_FROM // 2)


class SharedReading:
    """`read(item, diagnostics)` for every item, in order, over `workers` processes.

    The children start reading their shares at once; the parent may do other work (such as
    reading other files) before it calls `results()`, which reads the parent's share and collects
    the children's. `parent_other_work` (a fraction of the items) makes the parent's share smaller.
    `keep(results)`, when given, is called with the results of each share in the process that read
    it and returns them pickled (a child sends those bytes back): it is where a share is stored.
    """

    def __init__(self, items: Sequence[Item], read: Callable[[Item, Diagnostics], Result], workers: int,
                 parent_other_work: float = 0.0, keep: Callable[[list[Result]], bytes] | None = None) -> None:
        self.items, self.read, self.keep = items, read, keep
        workers = max(1, min(workers, len(items)))
        # Shares are cut so that all finish together: other + first = CHILD_COST * rest / children.
        n, other, per_child = len(items), parent_other_work * len(items), CHILD_COST / max(1, workers - 1)
        self.first = n if workers == 1 else max(0, min(n, round((per_child * n - other) / (1 + per_child))))
        rest = len(items) - self.first
        self.bounds = [self.first + round(rest * k / (workers - 1)) for k in range(workers)] if workers > 1 else []
        self.children = [forking.start(partial(_read_share, items[self.bounds[k]:self.bounds[k + 1]], read, keep))
                         for k in range(workers - 1)]

    def results(self, diagnostics: Diagnostics) -> list[Result]:
        children, bounds, items, read, keep = self.children, self.bounds, self.items, self.read, self.keep

        def read_here(share: Sequence[Item]) -> list[Result]:
            values = [read(item, diagnostics) for item in share]
            if keep is not None and values:
                keep(values)
            return values

        try:
            results = read_here(items[:self.first])
            for k in range(len(children)):
                status, received = forking.finish(children[k])
                children[k] = None
                if status != "ok":  # the child failed or never started: read its share here
                    results.extend(read_here(items[bounds[k]:bounds[k + 1]]))
                else:
                    values, found = received
                    diagnostics.extend(found)
                    results.extend(pickle.loads(values) if keep is not None else values)
            return results
        finally:
            for child in children:  # only after an exception here: leave no child behind
                if child is not None:
                    forking.finish(child)


def _read_share(items: Sequence, read: Callable[[Item, Diagnostics], Result],
                keep: Callable[[list[Result]], bytes] | None) -> tuple[list | bytes, list[Diagnostic]]:
    local = Diagnostics()
    values = [read(item, local) for item in items]
    return (values if keep is None else keep(values)), local.items
