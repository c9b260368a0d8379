"""One function per OKR-practice rule; each message names the numbers involved.

Most rules look at one objective at a time (`ObjectiveRule`): what they find is the objective's
own, so serve checks again only the objectives an edit replaced (`okrsite.lint.run.relint`). The
few that look at KPIs or the whole organization are `SiteRule`s.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Callable

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic, Said, said, warning
from okrsite.i18n import N_
from okrsite.model import KeyResult, Objective, Site
from okrsite.periods import Period, parse_period

Bounds = dict[str, float]


class Scope:
    """What objective rules look up besides the objective: the site, its results, its groups."""

    def __init__(self, site: Site, results: Results, config: Config) -> None:
        self.site, self.results, self.config = site, results, config
        self._groups: dict[tuple[str, str], list[Objective]] | None = None
        self._previous: dict[str, str | None] = {}
        self._earlier: dict[tuple[str, str], dict] = {}

    def group(self, team: str, period: str | None) -> list[Objective]:
        """A team's objectives in a period, in site order."""
        if self._groups is None:
            self._groups = {}
            for objective in self.site.objectives.values():
                if objective.state != "abandoned":
                    self._groups.setdefault((objective.holder, objective.period), []).append(objective)
        return self._groups.get((team, period or ""), [])

    def previous(self, period_id: str) -> str | None:
        """The id of the period of the same kind just before."""
        if period_id not in self._previous:
            self._previous[period_id] = _previous(self.site.periods[period_id], self.config.fiscal_year_start)
        return self._previous[period_id]

    def earlier_key_results(self, team: str, period_id: str) -> dict[tuple[str, float | None], tuple]:
        """A team's key results of the period before `period_id`, by (title, target): (objective, key result)."""
        group = (team, period_id)
        if group not in self._earlier:
            self._earlier[group] = {(k.title.strip().lower(), k.target): (o, k)
                                    for o in self.group(team, self.previous(period_id)) for k in o.key_results}
        return self._earlier[group]

    def next(self, period_id: str) -> str | None:
        """The id of the period of the same kind just after, if the site has it."""
        return next((p for p in self.site.periods if self.previous(p) == period_id), None)


def _warning(path: str, line: int, rule: str, message: Said, hint: str) -> Diagnostic:
    """A finding: its message said as a template (the site says it in its language, `check` in English)."""
    return warning(path, line, 1 if line else 0, rule, message, hint)


def _at(objective: Objective, key: str, rule: str, message: Said, hint: str) -> Diagnostic:
    return _warning(objective.source.path, objective.lines.get(key, 1), rule, message, hint)


def too_many_objectives(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    """Said once per team and period, on its first objective."""
    objectives = scope.group(objective.holder, objective.period)
    if len(objectives) <= bounds["max"] or objectives[0] is not objective:
        return []
    values = {"count": len(objectives), "period": objective.period, "max": bounds["max"]}
    message = (said(N_("%(person)s has %(count)s objectives in %(period)s (more than %(max)s)"),
                    person=objective.person, **values) if objective.person else
               said(N_("team %(team)s has %(count)s objectives in %(period)s (more than %(max)s)"),
                    team=objective.team, **values))
    return [_at(objective, "title", "too-many-objectives", message,
                N_("focus on 3-5 objectives; move the rest to a backlog or the next period"))]


def key_result_count(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    count = len(objective.key_results)
    if count < bounds["min"]:
        message = (said(N_("objective has %(count)s key result (fewer than %(min)s)"), count=count, min=bounds["min"])
                   if count == 1 else
                   said(N_("objective has %(count)s key results (fewer than %(min)s)"), count=count, min=bounds["min"]))
        return [_at(objective, "key_results", "key-result-count", message,
                    N_("add key results that show the objective is reached: 2-5 is usual"))]
    if count > bounds["max"]:
        return [_at(objective, "key_results", "key-result-count",
                    said(N_("objective has %(count)s key results (more than %(max)s)"), count=count, max=bounds["max"]),
                    N_("keep the 2-5 that matter most; the rest are tasks or KPIs"))]
    return []


def too_many_kpis(site: Site, results: Results, config: Config, bounds: Bounds) -> list[Diagnostic]:
    by_team: dict[str, list] = {}
    for kpi in site.kpis.values():
        by_team.setdefault(kpi.team, []).append(kpi)
    return [_warning(kpis[0].source.path, 1, "too-many-kpis",
                     said(N_("team %(team)s tracks %(count)s KPIs (more than %(max)s)"), team=team, count=len(kpis),
                          max=bounds["max"]),
                     N_("5-7 KPIs per team at most: keep the ones that decide"))
            for team, kpis in sorted(by_team.items()) if len(kpis) > bounds["max"]]


_NUMBER_IN_TITLE = re.compile(r"\d|%|\bRM\s?\d|\$")


def quantitative_objective(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    match = _NUMBER_IN_TITLE.search(objective.title)
    if not match:
        return []
    return [_at(objective, "title", "quantitative-objective",
                said(N_("objective title contains a number (%(match)s): “%(title)s”"), match=match.group(0),
                     title=objective.title),
                N_("say what you want qualitatively; numbers belong in key results"))]


def to_do_list(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    milestones = sum(1 for k in objective.key_results if k.type == "milestone")
    total = len(objective.key_results)
    if total < 2 or milestones / total <= bounds["share"]:
        return []
    return [_at(objective, "key_results", "to-do-list",
                said(N_("%(milestones)s of %(total)s key results are milestones"), milestones=milestones, total=total),
                N_("key results are outcomes, not tasks: measure what the work changes"))]


_LOWER = re.compile(r"^\s*(reduce|cut|lower|decrease|shrink|minimi[sz]e|halve|drop)\b", re.IGNORECASE)
_HIGHER = re.compile(r"^\s*(increase|grow|raise|boost|expand|double|triple|maximi[sz]e)\b", re.IGNORECASE)


def direction_mismatch(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    found = []
    for kr in objective.key_results:
        if kr.type != "metric" or kr.start is None or kr.target is None:
            continue
        lower, higher = _LOWER.match(kr.title), _HIGHER.match(kr.title)
        if lower and kr.target > kr.start:
            message = said(N_("key result %(kr)s says “%(word)s” but its target %(target)s is above its start "
                              "%(start)s"), kr=kr.id, word=lower.group(1), target=kr.target, start=kr.start)
        elif higher and kr.target < kr.start:
            message = said(N_("key result %(kr)s says “%(word)s” but its target %(target)s is below its start "
                              "%(start)s"), kr=kr.id, word=higher.group(1), target=kr.target, start=kr.start)
        else:
            continue
        found.append(_warning(objective.source.path, kr.line, "direction-mismatch", message,
                              N_("swap start and target, or reword the title")))
    return found


def orphan_objective(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    if scope.results.objectives[objective.ref].aligned is not False:
        return []
    if objective.person is not None:
        return [_at(objective, "aligns_to" if objective.aligns_to else "title", "orphan-objective",
                    said(N_("%(person)s's objective aligns to no team objective or key result"),
                         person=objective.person),
                    N_("add `aligns_to:` with the team objective (or key result) it supports"))]
    return [_at(objective, "aligns_to" if objective.aligns_to else "title", "orphan-objective",
                said(N_("objective aligns to no other team's objective or key result")),
                N_("add `aligns_to:` with the company (or department) objective it supports"))]


def _last_checkin(kr: KeyResult, period: Period, results: Results):
    days = [c.date for c in kr.checkins if period.start <= c.date <= results.as_of]
    return max(days) if days else None


def stale_checkin(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    results, window = scope.results, timedelta(days=bounds["days"])
    period = scope.site.periods[objective.period]
    if not (period.start + window < results.as_of <= period.end):
        return []
    found = []
    for kr in objective.key_results:
        result = results.objectives[objective.ref].key_results[kr.id]
        if (kr.type == "milestone" and result.measure.done) or (kr.kpi and kr.kpi in scope.site.kpis):
            continue  # done is done; a KPI-linked result is as fresh as its KPI (see stale-kpi)
        if _future_checkins(kr, period, results.as_of):
            continue  # most likely a mistyped date of a recent check-in: `future-checkin` says so
        last = _last_checkin(kr, period, results)
        if last is None or results.as_of - last > window:
            message = (said(N_("key result %(kr)s has no check-in since %(last)s (%(days)s+ days before %(as_of)s)"),
                            kr=kr.id, last=last, days=bounds["days"], as_of=results.as_of) if last else
                       said(N_("key result %(kr)s has no check-in at all this period (%(days)s+ days before "
                               "%(as_of)s)"), kr=kr.id, days=bounds["days"], as_of=results.as_of))
            found.append(_warning(objective.source.path, kr.line, "stale-checkin", message,
                                  N_("add a weekly check-in with value and confidence: silence is never green")))
    return found


def _future_checkins(kr: KeyResult, period: Period, as_of) -> list:
    """Check-ins inside the period dated after `as_of` (later than the period: `checkin-outside-period`)."""
    if not kr.checkins or kr.checkins[-1].date <= as_of:  # sorted by date: nearly always none
        return []
    return [c for c in kr.checkins if as_of < c.date <= period.end]


def future_checkin(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    as_of, period = scope.results.as_of, scope.site.periods[objective.period]
    return [_warning(objective.source.path, checkin.line, "future-checkin",
                     said(N_("check-in of key result %(kr)s dated %(day)s, after the as-of date %(as_of)s: not counted"),
                          kr=kr.id, day=checkin.date, as_of=as_of),
                     N_("fix its date, or build with a later --as-of or `as_of` in okrsite.toml"))
            for kr in objective.key_results for checkin in _future_checkins(kr, period, as_of)]


def stale_kpi(site: Site, results: Results, config: Config, bounds: Bounds) -> list[Diagnostic]:
    found = []
    for kpi in site.kpis.values():
        result = results.kpis[kpi.ref]
        if result.stale:
            message = (said(N_("KPI %(kpi)s newest value is from %(day)s, more than two %(cadence)s cadences before "
                               "%(as_of)s"), kpi=kpi.ref, day=result.on, cadence=kpi.cadence, as_of=results.as_of)
                       if result.on else said(N_("KPI %(kpi)s has no value yet"), kpi=kpi.ref))
            found.append(_warning(kpi.source.path, 1, "stale-kpi", message,
                                  N_("add the latest snapshot, or change `cadence`")))
    return found


def _previous(period: Period, fiscal_year_start: int) -> str | None:
    if period.kind == "year":
        return str(period.year - 1)
    count = 4 if period.kind == "quarter" else 2
    letter = "Q" if period.kind == "quarter" else "H"
    year, number = (period.year, period.number - 1) if period.number > 1 else (period.year - 1, count)
    previous = parse_period(f"{year}-{letter}{number}", fiscal_year_start)
    return previous.id if previous else None


def copied_key_result(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    """Compared with the team's objectives of the period before (whose edits can change this finding)."""
    earlier = scope.earlier_key_results(objective.holder, objective.period)
    found = []
    for kr in objective.key_results if earlier else ():
        match = earlier.get((kr.title.strip().lower(), kr.target))
        if match is not None:
            found.append(_warning(objective.source.path, kr.line, "copied-key-result",
                                  said(N_("key result %(kr)s repeats “%(title)s” with the same target as %(earlier)s "
                                          "last period"), kr=kr.id, title=kr.title,
                                       earlier=f"{match[0].ref}#{match[1].id}"),
                                  N_("if it was missed, say what changes this time; if reached, aim higher")))
    return found


def sandbagging(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    result = scope.results.objectives[objective.ref]
    if objective.kind != "aspirational" or not all(r.score >= 1.0 for r in result.key_results.values()):
        return []
    return [_at(objective, "title", "sandbagging",
                said(N_("every key result of this aspirational objective scored 1.0 in %(period)s"),
                     period=objective.period),
                N_("aspirational goals should land around 0.6-0.7; set bolder targets next time"))]


def organization_sandbagging(site: Site, results: Results, config: Config, bounds: Bounds) -> list[Diagnostic]:
    found = []
    for period_id, period in results.periods.items():
        if period.over and period.score is not None and period.score > bounds["organization_max"]:
            first = next(o for o in site.objectives.values() if o.period == period_id)
            found.append(_warning(first.source.path.rsplit("/", 2)[0], 0, "sandbagging",
                                  said(N_("the organization averaged %(score)s in %(period)s (above %(max)s)"),
                                       score=f"{period.score:.2f}", period=period_id, max=bounds["organization_max"]),
                                  N_("scores this high mean the goals were not ambitious enough")))
    return found


def kpi_restated(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    found = []
    for kr in objective.key_results:
        kpi = scope.site.kpis.get(kr.kpi or "")
        if kpi is not None and kr.target == kpi.target:
            found.append(_warning(objective.source.path, kr.line, "kpi-restated",
                                  said(N_("key result %(kr)s targets %(target)s, the KPI %(kpi)s's own target"),
                                       kr=kr.id, target=kr.target, kpi=kpi.ref),
                                  N_("that is monitoring, not an objective: aim beyond the KPI's target or drop the "
                                     "key result")))
    return found


def due_outside_period(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    period = scope.site.periods[objective.period]
    return [_warning(objective.source.path, kr.due_line, "due-outside-period",
                     said(N_("key result %(kr)s is due %(due)s, outside %(period)s (%(start)s to %(end)s)"),
                          kr=kr.id, due=kr.due, period=period.id, start=period.start, end=period.end),
                     N_("a key result is due within its period; move it to the period it belongs to"))
            for kr in objective.key_results if kr.due_line and not period.contains(kr.due)]


def missing_owner(objective: Objective, scope: Scope, bounds: Bounds) -> list[Diagnostic]:
    if objective.owner:
        return []
    return [_at(objective, "title", "missing-owner",
                said(N_("objective has no owner and team %(team)s has no lead"), team=objective.team),
                N_("add `owner:` to the objective, or `lead:` to the team"))]


ObjectiveRule = Callable[[Objective, Scope, Bounds], list[Diagnostic]]
SiteRule = Callable[[Site, Results, Config, Bounds], list[Diagnostic]]

# Objective rules by when they apply: `open` while the objective's period is not over (how OKRs
# are written is only worth a warning while they can still be changed), `over` once it is (ended
# periods are judged by `sandbagging`), `any` always.
OBJECTIVE_RULES: dict[str, tuple[str, ObjectiveRule]] = {
    "too-many-objectives": ("open", too_many_objectives),
    "key-result-count": ("open", key_result_count),
    "quantitative-objective": ("open", quantitative_objective),
    "to-do-list": ("open", to_do_list),
    "direction-mismatch": ("open", direction_mismatch),
    "orphan-objective": ("open", orphan_objective),
    "stale-checkin": ("any", stale_checkin),
    "future-checkin": ("any", future_checkin),
    "copied-key-result": ("open", copied_key_result),
    "sandbagging": ("over", sandbagging),
    "kpi-restated": ("open", kpi_restated),
    "due-outside-period": ("open", due_outside_period),
    "missing-owner": ("open", missing_owner),
}
SITE_RULES: dict[str, SiteRule] = {
    "too-many-kpis": too_many_kpis,
    "stale-kpi": stale_kpi,
    "sandbagging": organization_sandbagging,
}
