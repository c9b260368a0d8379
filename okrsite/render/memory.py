"""What serve keeps from one build for the next, with the rules for when it still holds.

A rebuild after an edit makes a new model that reuses every object the edit did not touch; what
was worked out from the last model (the page builder's lookups, lists of the newest entries, the
objective cards of big pages) is carried over by comparing only the objects that were replaced.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable, Hashable, TypeVar

from okrsite.compute.alignment import supporters
from okrsite.model import KeyResult, Objective, Site

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Newest:
    """A list of the newest entries (the feed, a dashboard's "what moved") with what it was made
    from, so that the next build can tell whether an edit can change it: `made_from` (all else it
    shows), the objectives, which of them have an entry in it, and its oldest entry's (date, key)
    ((date.min, "") when it is not full: any entry would enter)."""

    made_from: tuple
    objectives: dict[str, Objective]
    shown: frozenset[str]
    oldest: tuple[date, str]
    value: object

    @classmethod
    def made(cls, made_from: tuple, objectives: dict[str, Objective], events: list[tuple], limit: int,
             value: object) -> Newest:
        """The list `value` made of `events` (as `views.newest_entries` gives them, at most `limit`)."""
        shown = frozenset(owner.ref for _, _, owner, key_result, _ in events if key_result is not None)
        oldest = (events[-1][0], events[-1][1]) if len(events) == limit else (date.min, "")
        return cls(made_from, objectives, shown, oldest, value)

    def reused(self, made_from: tuple, objectives: dict[str, Objective],
               newest: Callable[[Objective], list[tuple[date, str]]]) -> Newest | None:
        """This list, for `objectives`, when it is what they give: nothing else changed, and the
        objectives that did had no entry in it and have none (`newest`: their candidates) that
        sorts after its oldest; else None."""
        if made_from != self.made_from:
            return None
        pairs = replaced(self.objectives, objectives)
        if pairs is None or any(old.ref in self.shown or any(key >= self.oldest for key in newest(new))
                                for old, new in pairs):
            return None
        return replace(self, objectives=objectives)


def replaced(before: dict[str, T], after: dict[str, T]) -> list[tuple[T, T]] | None:
    """The values of `after` that are other objects than in `before`, as (before, after) pairs;
    None when the keys differ. Cheap when `after` reuses most of `before`'s objects, as serve's
    rebuilds do, so that what depends on a few fields can be compared on the replaced ones only."""
    global _last_replaced
    if _last_replaced[0] is before and _last_replaced[1] is after:  # asked by several lists of one build
        return _last_replaced[2]
    pairs = None if before.keys() != after.keys() else [(before[key], value) for key, value in after.items()
                                                        if before[key] is not value]
    _last_replaced = (before, after, pairs)
    return pairs


_last_replaced: tuple = (None, None, None)  # the dicts are never changed once made (the model is frozen)


class Index:
    """Lookups built once, so that no page scans the whole site (10,000 objectives stay linear)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.by_period = site.by_period()
        self.by_path = {o.source.path: o.ref for o in site.objectives.values()}  # ref of an objective file
        self.supporters = supporters(site)
        self.by_team_period: dict[tuple[str, str], list[Objective]] = {}
        self.owned: dict[str, list[Objective]] = {}
        self.key_results_owned: dict[str, list[tuple[Objective, KeyResult]]] = {}
        self.kpi_users: dict[str, list[tuple[Objective, KeyResult]]] = {}
        for objective in site.objectives.values():
            self.by_team_period.setdefault((objective.team, objective.period), []).append(objective)
            if objective.owner:
                self.owned.setdefault(objective.owner, []).append(objective)
            for key_result in objective.key_results:
                if key_result.owner:
                    self.key_results_owned.setdefault(key_result.owner, []).append((objective, key_result))
                if key_result.kpi:
                    self.kpi_users.setdefault(key_result.kpi, []).append((objective, key_result))
        self.led: dict[str, list[str]] = {}
        self.member_of: dict[str, list[str]] = {}
        for team in site.teams.values():
            if team.lead:
                self.led.setdefault(team.lead, []).append(team.id)
            for member in dict.fromkeys(team.members):
                self.member_of.setdefault(member, []).append(team.id)
        self.kpis_of: dict[str, list] = {}
        for kpi in site.kpis.values():
            self.kpis_of.setdefault(kpi.team, []).append(kpi)

    @classmethod
    def updated(cls, previous: Index | None, site: Site) -> Index:
        """The index of `site`: `previous` (serve's last one) with the objectives an edit replaced
        swapped in place, when they keep their team, period, people and alignment; else made anew."""
        pairs = replaced(previous.site.objectives, site.objectives) if previous is not None else None
        if (pairs is None or previous.site.teams != site.teams or previous.site.kpis != site.kpis
                or any(_indexed_by(old) != _indexed_by(new) for old, new in pairs)):
            return cls(site)
        index = copy.copy(previous)
        index.site = site
        for name in ("by_period", "by_team_period", "owned", "key_results_owned", "kpi_users"):
            setattr(index, name, dict(getattr(previous, name)))
        for old, new in pairs:
            _swap(index.by_period, new.period, old, new)
            _swap(index.by_team_period, (new.team, new.period), old, new)
            if new.owner:
                _swap(index.owned, new.owner, old, new)
            for before, after in zip(old.key_results, new.key_results):
                if after.owner:
                    _swap(index.key_results_owned, after.owner, (old, before), (new, after))
                if after.kpi:
                    _swap(index.kpi_users, after.kpi, (old, before), (new, after))
        return index


def _indexed_by(objective: Objective) -> tuple:
    return (objective.source.path, objective.team, objective.period, objective.owner,
            tuple((k.owner, k.kpi) for k in objective.key_results), tuple(r.objective for r in objective.aligns_to))


def _swap(lookup: dict, key: Hashable, old: object, new: object) -> None:
    """Replace `old` by `new` in the list at `key` (a copy: the previous index stays as it was).
    Items are found by identity: an objective, or an (objective, key result) pair."""
    def same(item: object) -> bool:
        return item is old or (isinstance(item, tuple) and all(a is b for a, b in zip(item, old)))  # type: ignore

    items = list(lookup[key])
    items[next(i for i, item in enumerate(items) if same(item))] = new
    lookup[key] = items


@dataclass(frozen=True, slots=True)
class Fragment:
    """A piece of a page that a template may take from the last build: `{{ kept(f, macro, arg) }}`
    gives the HTML kept under `key` while `signature` (everything the piece shows) is the same,
    else renders it and keeps it."""

    store: dict
    key: tuple
    signature: tuple

    def html(self, render: Callable[[], str]) -> str:
        hit = self.store.get(self.key)
        if hit is not None and hit[0] == self.signature:
            return hit[1]
        made = render()
        self.store[self.key] = (self.signature, made)
        return made


def kept(fragment: Fragment | None, render: Callable[..., str], *args: object) -> str:
    """The template global behind `{{ kept(fragment, macro, arg) }}`: what `macro(arg)` gives,
    from the last build when `fragment` says it can."""
    return render(*args) if fragment is None else fragment.html(lambda: render(*args))


@dataclass(slots=True)
class RenderMemory:
    """What serve keeps between rebuilds so that an edit does not redo whole-site work: the page
    builder's lookups, the search index and the feed with what they were made from, each
    objective's series for the feed, each dashboard's "what moved", the objective cards of the
    pages that list many (dashboards, alignment trees), Markdown bodies as HTML, and the HTML of
    alignment subtrees."""

    index: Index | None = None
    search_made_from: tuple | None = None  # (teams, KPIs and people as listed, the objectives)
    search_index: bytes = b""
    search_items: list[tuple[tuple, str]] | None = None  # its entries, sorted: (sort key, entry as JSON)
    feed: Newest | None = None
    series: dict[str, tuple] = field(default_factory=dict)  # ref -> (objective, as_of, series, latest days)
    moved: dict[str, Newest] = field(default_factory=dict)  # page -> its "what moved"
    cards: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (page, ref) -> (inputs, card, deps)
    bodies: dict[tuple[bool, str], str] = field(default_factory=dict)  # (raw HTML allowed, Markdown) -> HTML
    fragments: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (page, anchor) -> (signature, HTML)
