"""The weekly digest: what one ISO week (Monday to Sunday) changed, as data.

Status changes, new off-track objectives, the biggest score moves, key results nobody checked in
on, and KPIs that crossed their alert line, for the team objectives of every period running that
week. The end of the week (or `as_of`, while the week runs) is compared with seven days earlier,
both computed as `compute` computes `as_of`. The site renders it as a page per week
(`digest/2026-W33.html`) and `okrsite digest` prints it for chat or e-mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from okrsite.compute import ObjectiveResult, ResultsOn
from okrsite.compute.kpis import KpiResult, compute_kpi
from okrsite.model import KeyResult, Kpi, Objective, Site

WEEK = timedelta(days=7)
_RANK = {"green": 0, "amber": 1, "red": 2}
_WEEK_ID = re.compile(r"(\d{4})-W(\d{2})")


def week_id(day: date) -> str:
    """The ISO week a day is in: `2026-W33`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(text: str) -> date | None:
    """The Monday of an ISO week written `2026-W33`, or None when it is not one."""
    match = _WEEK_ID.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Move:
    """One objective at the end of the week and seven days earlier."""

    objective: Objective
    before: ObjectiveResult
    after: ObjectiveResult

    @property
    def delta(self) -> float:
        return self.after.score - self.before.score

    @property
    def worse(self) -> bool:
        return _RANK[self.after.status] > _RANK[self.before.status]


@dataclass(frozen=True, slots=True)
class Crossing:
    """A KPI whose health changed over the week (into or out of its alert zone)."""

    kpi: Kpi
    before: KpiResult
    after: KpiResult


@dataclass(frozen=True, slots=True)
class Digest:
    week: str
    first: date  # Monday
    last: date  # Sunday
    on: date  # the day it is as of: Sunday, or as_of while the week runs
    all: tuple[Move, ...]  # every team objective running that week
    changes: tuple[Move, ...]  # status changed, worse first
    new_reds: tuple[Move, ...]
    moves: tuple[Move, ...]  # the biggest score moves, up or down
    silent: tuple[tuple[Objective, KeyResult], ...]  # no check-in that week
    kpis: tuple[Crossing, ...]


def weekly_digest(site: Site, results_on: ResultsOn, first: date, moves: int = 5) -> Digest:
    """The digest of the week starting on Monday `first` (see the module's docstring)."""
    return week_to(site, results_on, min(first + timedelta(days=6), results_on.results.as_of), moves)


def week_to(site: Site, results_on: ResultsOn, on: date, moves: int = 5, period: str | None = None,
            kpis: bool = True) -> Digest:
    """What the seven days up to `on` changed (a weekly digest's week is the ISO week `on` is in);
    only for the objectives of `period` when one is given, and without KPIs unless `kpis`."""
    first = on - timedelta(days=on.weekday())
    last = first + timedelta(days=6)
    before = on - WEEK
    running = [o for o in site.objectives.values() if o.person is None and o.state == "active"
               and site.periods[o.period].start <= on and site.periods[o.period].end > before
               and period in (None, o.period)]
    pairs = [Move(o, results_on(o, before), results_on(o, on)) for o in running]
    changes = sorted((m for m in pairs if m.after.status != m.before.status),
                     key=lambda m: (not m.worse, m.objective.title))
    new_reds = tuple(m for m in changes if m.after.status == "red")
    biggest = sorted((m for m in pairs if round(m.delta, 2) != 0), key=lambda m: (-abs(m.delta), m.objective.title))
    silent = tuple((o, k) for o in running if site.periods[o.period].start <= before
                   for k in o.key_results if _silent(k, results_on(o, on), before, on))
    crossings = []
    for kpi in site.kpis.values() if kpis else ():
        now, then = compute_kpi(kpi, on), compute_kpi(kpi, before)
        if now.health != then.health and "red" in (now.health, then.health):
            crossings.append(Crossing(kpi, then, now))
    return Digest(week_id(first), first, last, on, tuple(pairs), tuple(changes), new_reds, tuple(biggest[:moves]),
                  silent, tuple(crossings))


def _silent(key_result: KeyResult, result: ObjectiveResult, after: date, on: date) -> bool:
    """No check-in in the week to `on`; done milestones and KPI-fed key results are excused."""
    if (key_result.type == "milestone" and result.key_results[key_result.id].measure.done) or key_result.kpi:
        return False
    return not any(after < c.date <= on for c in key_result.checkins)


def recent_weeks(as_of: date, count: int = 13) -> list[date]:
    """The Mondays of the `count` latest weeks up to the one `as_of` is in, newest first: the digests
    the site keeps (a quarter's worth; `okrsite digest --week` prints any week)."""
    monday = as_of - timedelta(days=as_of.weekday())
    return [monday - WEEK * n for n in range(count)]
