"""One function per OKR-practice rule; each message names the numbers involved."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Callable, Iterator

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.model import KeyResult, Objective, Site
from okrsite.periods import Period, parse_period

Bounds = dict[str, float]


def _finding(objective: Objective | None, path: str, line: int, rule: str, message: str, hint: str):
    from okrsite.lint.run import Finding

    return Finding(objective, Diagnostic(path, line, 1 if line else 0, "warning", rule, message, hint))


def _at(objective: Objective, key: str, rule: str, message: str, hint: str):
    return _finding(objective, objective.source.path, objective.lines.get(key, 1), rule, message, hint)


def _open(site: Site, results: Results) -> Iterator[Objective]:
    """Objectives of periods not yet over: how OKRs are written is only worth a warning while
    they can still be changed (ended periods are judged by `sandbagging`)."""
    return (o for o in site.objectives.values() if not results.periods[o.period].over)


def _by_team_period(objectives) -> dict[tuple[str, str], list[Objective]]:
    grouped: dict[tuple[str, str], list[Objective]] = {}
    for objective in objectives:
        grouped.setdefault((objective.team, objective.period), []).append(objective)
    return grouped


def too_many_objectives(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for (team, period), objectives in sorted(_by_team_period(_open(site, results)).items()):
        if len(objectives) > bounds["max"]:
            first = objectives[0]
            yield _at(first, "title", "too-many-objectives",
                      f"team `{team}` has {len(objectives)} objectives in {period} (more than {bounds['max']:g})",
                      "focus on 3-5 objectives; move the rest to a backlog or the next period")


def key_result_count(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        count = len(objective.key_results)
        if count < bounds["min"]:
            yield _at(objective, "key_results", "key-result-count",
                      f"objective has {count} key result{'s' * (count != 1)} (fewer than {bounds['min']:g})",
                      "add key results that show the objective is reached: 2-5 is usual")
        elif count > bounds["max"]:
            yield _at(objective, "key_results", "key-result-count",
                      f"objective has {count} key results (more than {bounds['max']:g})",
                      "keep the 2-5 that matter most; the rest are tasks or KPIs")


def too_many_kpis(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    by_team: dict[str, list] = {}
    for kpi in site.kpis.values():
        by_team.setdefault(kpi.team, []).append(kpi)
    for team, kpis in sorted(by_team.items()):
        if len(kpis) > bounds["max"]:
            yield _finding(None, kpis[0].source.path, 1, "too-many-kpis",
                           f"team `{team}` tracks {len(kpis)} KPIs (more than {bounds['max']:g})",
                           "5-7 KPIs per team at most: keep the ones that decide")


_NUMBER_IN_TITLE = re.compile(r"\d|%|\bRM\s?\d|\$")


def quantitative_objective(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        match = _NUMBER_IN_TITLE.search(objective.title)
        if match:
            yield _at(objective, "title", "quantitative-objective",
                      f"objective title contains a number (`{match.group(0)}`): “{objective.title}”",
                      "say what you want qualitatively; numbers belong in key results")


def to_do_list(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        milestones = sum(1 for k in objective.key_results if k.type == "milestone")
        total = len(objective.key_results)
        if total >= 2 and milestones / total > bounds["share"]:
            yield _at(objective, "key_results", "to-do-list",
                      f"{milestones} of {total} key results are milestones",
                      "key results are outcomes, not tasks: measure what the work changes")


_LOWER = re.compile(r"^\s*(reduce|cut|lower|decrease|shrink|minimi[sz]e|halve|drop)\b", re.IGNORECASE)
_HIGHER = re.compile(r"^\s*(increase|grow|raise|boost|expand|double|triple|maximi[sz]e)\b", re.IGNORECASE)


def direction_mismatch(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        for kr in objective.key_results:
            if kr.type != "metric" or kr.start is None or kr.target is None:
                continue
            lower, higher = _LOWER.match(kr.title), _HIGHER.match(kr.title)
            if lower and kr.target > kr.start:
                verb = lower.group(1)
                yield _finding(objective, objective.source.path, kr.line, "direction-mismatch",
                               f"key result `{kr.id}` says “{verb}” but its target {kr.target:g} is above its start "
                               f"{kr.start:g}", "swap start and target, or reword the title")
            elif higher and kr.target < kr.start:
                verb = higher.group(1)
                yield _finding(objective, objective.source.path, kr.line, "direction-mismatch",
                               f"key result `{kr.id}` says “{verb}” but its target {kr.target:g} is below its start "
                               f"{kr.start:g}", "swap start and target, or reword the title")


def orphan_objective(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        if results.objectives[objective.ref].aligned is False:
            yield _at(objective, "aligns_to" if objective.aligns_to else "title", "orphan-objective",
                      "objective aligns to no other team's objective or key result",
                      "add `aligns_to:` with the company (or department) objective it supports")


def _last_checkin(kr: KeyResult, period: Period, results: Results):
    days = [c.date for c in kr.checkins if period.start <= c.date <= results.as_of]
    return max(days) if days else None


def stale_checkin(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    window = timedelta(days=bounds["days"])
    for objective in site.objectives.values():
        period = site.periods[objective.period]
        if not (period.start + window < results.as_of <= period.end):
            continue
        for kr in objective.key_results:
            result = results.objectives[objective.ref].key_results[kr.id]
            if (kr.type == "milestone" and result.measure.done) or (kr.kpi and kr.kpi in site.kpis):
                continue  # done is done; a KPI-linked result is as fresh as its KPI (see stale-kpi)
            last = _last_checkin(kr, period, results)
            if last is None or results.as_of - last > window:
                since = f"since {last}" if last else "at all this period"
                yield _finding(objective, objective.source.path, kr.line, "stale-checkin",
                               f"key result `{kr.id}` has no check-in {since} ({bounds['days']:g}+ days before "
                               f"{results.as_of})", "add a weekly check-in with value and confidence: silence is never green")


def stale_kpi(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for kpi in site.kpis.values():
        result = results.kpis[kpi.ref]
        if result.stale:
            message = (f"KPI `{kpi.ref}` newest value is from {result.on}, more than two {kpi.cadence} cadences "
                       f"before {results.as_of}") if result.on else f"KPI `{kpi.ref}` has no value yet"
            yield _finding(None, kpi.source.path, 1, "stale-kpi", message, "add the latest snapshot, or change `cadence`")


def _previous(period: Period, fiscal_year_start: int) -> str | None:
    if period.kind == "year":
        return str(period.year - 1)
    count = 4 if period.kind == "quarter" else 2
    letter = "Q" if period.kind == "quarter" else "H"
    year, number = (period.year, period.number - 1) if period.number > 1 else (period.year - 1, count)
    previous = parse_period(f"{year}-{letter}{number}", fiscal_year_start)
    return previous.id if previous else None


def copied_key_result(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    grouped = _by_team_period(site.objectives.values())
    previous_ids = {p.id: _previous(p, config.fiscal_year_start) for p in site.periods.values()}
    earlier_by_team: dict[tuple[str, str | None], dict] = {}  # each team's key results of a period, read once
    for objective in _open(site, results):
        group = (objective.team, previous_ids[objective.period])
        earlier = earlier_by_team.get(group)
        if earlier is None:
            earlier = earlier_by_team[group] = {(k.title.strip().lower(), k.target): (o, k)
                                                for o in grouped.get(group, []) for k in o.key_results}
        for kr in objective.key_results:
            match = earlier.get((kr.title.strip().lower(), kr.target))
            if match is not None:
                yield _finding(objective, objective.source.path, kr.line, "copied-key-result",
                               f"key result `{kr.id}` repeats “{kr.title}” with the same target as "
                               f"{match[0].ref}#{match[1].id} last period",
                               "if it was missed, say what changes this time; if reached, aim higher")


def sandbagging(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in site.objectives.values():
        result = results.objectives[objective.ref]
        period = results.periods[objective.period]
        if period.over and objective.kind == "aspirational" and all(r.score >= 1.0 for r in result.key_results.values()):
            yield _at(objective, "title", "sandbagging",
                      f"every key result of this aspirational objective scored 1.0 in {objective.period}",
                      "aspirational goals should land around 0.6-0.7; set bolder targets next time")
    for period_id, period in results.periods.items():
        if period.over and period.score is not None and period.score > bounds["organization_max"]:
            first = next(o for o in site.objectives.values() if o.period == period_id)
            yield _finding(None, first.source.path.rsplit("/", 2)[0], 0, "sandbagging",
                           f"the organization averaged {period.score:.2f} in {period_id} "
                           f"(above {bounds['organization_max']:g})",
                           "scores this high mean the goals were not ambitious enough")


def kpi_restated(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        for kr in objective.key_results:
            kpi = site.kpis.get(kr.kpi or "")
            if kpi is not None and kr.target == kpi.target:
                yield _finding(objective, objective.source.path, kr.line, "kpi-restated",
                               f"key result `{kr.id}` targets {kr.target:g}, the KPI `{kpi.ref}`'s own target",
                               "that is monitoring, not an objective: aim beyond the KPI's target or drop the key result")


def due_outside_period(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        period = site.periods[objective.period]
        for kr in objective.key_results:
            if kr.due_line and not period.contains(kr.due):
                yield _finding(objective, objective.source.path, kr.due_line, "due-outside-period",
                               f"key result `{kr.id}` is due {kr.due}, outside {period.id} ({period.start} to {period.end})",
                               "a key result is due within its period; move it to the period it belongs to")


def missing_owner(site: Site, results: Results, config: Config, bounds: Bounds) -> Iterator:
    for objective in _open(site, results):
        if not objective.owner:
            yield _at(objective, "title", "missing-owner",
                      f"objective has no owner and team `{objective.team}` has no lead",
                      "add `owner:` to the objective, or `lead:` to the team")


RULES: dict[str, Callable[[Site, Results, Config, Bounds], Iterator]] = {
    "too-many-objectives": too_many_objectives,
    "key-result-count": key_result_count,
    "too-many-kpis": too_many_kpis,
    "quantitative-objective": quantitative_objective,
    "to-do-list": to_do_list,
    "direction-mismatch": direction_mismatch,
    "orphan-objective": orphan_objective,
    "stale-checkin": stale_checkin,
    "stale-kpi": stale_kpi,
    "copied-key-result": copied_key_result,
    "sandbagging": sandbagging,
    "kpi-restated": kpi_restated,
    "due-outside-period": due_outside_period,
    "missing-owner": missing_owner,
}
