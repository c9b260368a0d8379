"""Compute stage: scores, status, KPI health and alignment of the whole site at `as_of`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable
from datetime import date

from okrsite.compute.alignment import alignment_rate, is_aligned
from okrsite.compute.kpis import KpiResult, compute_kpi
from okrsite.compute.scores import Measure, key_result_score, latest_confidence, mean, measure, weighted_mean
from okrsite.compute.status import (expected_score, goal, maintain_status, milestone_expected, milestone_status,
                                    status, status_against, status_word)
from okrsite.config import StatusThresholds
from okrsite.diagnostics import Diagnostics
from okrsite.memo import Memo, compute_now
from okrsite.model import Objective, Site
from okrsite.periods import Period, elapsed


@dataclass(frozen=True, slots=True)
class KeyResultResult:
    measure: Measure
    score: float
    expected: float  # where the score should be by now (E)
    status: str
    word: str
    confidence: float | None


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    score: float
    expected: float
    status: str
    word: str
    confidence: float | None  # lowest latest confidence of its key results
    aligned: bool | None  # None for the root team's objectives
    key_results: dict[str, KeyResultResult]
    computed: float | None = None  # the score its key results give, when a review's grade replaced it


@dataclass(frozen=True, slots=True)
class PeriodResult:
    elapsed: float
    over: bool
    score: float | None
    alignment: float | None
    team_scores: dict[str, float]
    team_alignment: dict[str, float]
    orphans: tuple[str, ...]  # unaligned objectives, individual ones included
    # individual objectives: a roll-up of their own, never part of team or organization scores
    individual_score: float | None = None
    individual_alignment: float | None = None
    individual_count: int = 0


@dataclass(frozen=True, slots=True)
class Results:
    as_of: date
    periods: dict[str, PeriodResult]
    objectives: dict[str, ObjectiveResult]
    kpis: dict[str, KpiResult]


def compute_objective(objective: Objective, period: Period, site: Site, as_of: date,
                      thresholds: StatusThresholds, aligned: bool | None) -> ObjectiveResult:
    e = elapsed(period, as_of)
    over = e >= 1.0
    key_results: dict[str, KeyResultResult] = {}
    for key_result in objective.key_results:
        found = measure(key_result, period, site.kpis.get(key_result.kpi or ""), as_of)
        score = key_result_score(key_result, found)
        confidence = latest_confidence(key_result, period, as_of)
        if key_result.type == "milestone" and not over:  # judged by its due date (issue 16)
            expected = milestone_expected(bool(found.done), key_result.due, as_of, objective.kind, thresholds)
            colour = milestone_status(bool(found.done), key_result.due, as_of, confidence, thresholds)
        elif key_result.type == "maintain" and not over and found.value is not None:  # by its latest value
            expected = goal(objective.kind, thresholds)  # a line is held all along, not reached by a pace
            assert key_result.threshold is not None
            colour = maintain_status(found.value, key_result.threshold, key_result.direction, confidence, thresholds)
        else:
            expected = expected_score(e, objective.kind, thresholds)
            colour = status(score, e, objective.kind, confidence, thresholds)
        key_results[key_result.id] = KeyResultResult(found, score, expected, colour, status_word(colour, over),
                                                     confidence)
    score = weighted_mean((key_results[k.id].score, k.weight) for k in objective.key_results)
    computed = None
    if objective.review is not None and objective.review.graded:  # the team's final grade, with its reason
        computed, score = score, objective.review.grade
    # the pace an objective is held to is its key results' (the same as e x goal without milestones)
    expected = weighted_mean((key_results[k.id].expected, k.weight) for k in objective.key_results)
    confidences = [r.confidence for r in key_results.values() if r.confidence is not None]
    confidence = min(confidences) if confidences else None
    colour = status_against(score, expected, over, confidence, thresholds)
    return ObjectiveResult(score, expected, colour, status_word(colour, over), confidence, aligned, key_results,
                           computed)


_SILENT = Diagnostics()  # what `memo` reports computing results: nothing (results are never wrong, only content)


def compute(site: Site, as_of: date, thresholds: StatusThresholds, memo: Memo = compute_now) -> Results:
    """Results of the whole site; with serve's `memo`, an objective's result is reused while the
    objective, its period, the KPIs it reads, its alignment, `as_of` and the thresholds are unchanged."""
    root_id = site.root_team.id if site.root_team is not None else None
    objectives = {ref: result_of(objective, site, as_of, thresholds, root_id, memo)
                  for ref, objective in site.objectives.items()}
    members, individual = site.by_period(), site.by_period(individual=True)
    periods = {period_id: period_result(period, members[period_id], objectives, as_of, individual[period_id])
               for period_id, period in site.periods.items()}
    kpis = {ref: memo(("kpi-result", ref), (kpi, as_of), lambda _, k=kpi: compute_kpi(k, as_of), _SILENT)
            for ref, kpi in site.kpis.items()}
    return Results(as_of, periods, objectives, kpis)


def result_of(objective: Objective, site: Site, as_of: date, thresholds: StatusThresholds, root_id: str | None,
              memo: Memo = compute_now, slot: Hashable = "result") -> ObjectiveResult:
    """One objective's result (see `compute` for when `memo` reuses it; `slot` keeps results of other
    days apart from those at as_of)."""
    period = site.periods[objective.period]
    kpis = tuple(site.kpis.get(k.kpi) for k in objective.key_results if k.kpi)
    aligned = is_aligned(objective, site, root_id)
    return memo((slot, objective.ref), (objective, period, as_of, thresholds, kpis, aligned),
                lambda _: compute_objective(objective, period, site, as_of, thresholds, aligned), _SILENT)


def period_result(period: Period, members: list[Objective], objectives: dict[str, ObjectiveResult],
                  as_of: date, individual: list[Objective] = ()) -> PeriodResult:
    """A period's score and alignment, overall and per team, from the results of its team objectives
    (`members`); its `individual` objectives make a roll-up of their own."""
    by_team: dict[str, list[Objective]] = {}
    for objective in members:
        by_team.setdefault(objective.team, []).append(objective)
    team_scores = {team: mean(objectives[o.ref].score for o in items) for team, items in sorted(by_team.items())}
    team_alignment = {
        team: rate for team, items in sorted(by_team.items())
        if (rate := alignment_rate([objectives[o.ref].aligned for o in items])) is not None
    }
    e = elapsed(period, as_of)
    return PeriodResult(
        e, e >= 1.0,
        mean(objectives[o.ref].score for o in members),
        alignment_rate([objectives[o.ref].aligned for o in members]),
        team_scores,  # type: ignore[arg-type]
        team_alignment,
        tuple(o.ref for o in (*members, *individual) if objectives[o.ref].aligned is False),
        mean(objectives[o.ref].score for o in individual),
        alignment_rate([objectives[o.ref].aligned for o in individual]),
        len(individual),
    )


class ResultsOn:
    """Objectives' results on days before `as_of`, each computed once and kept: what a period that is
    over, "since last week" and the weekly digests show. An objective whose period had ended by that
    day has its final result."""

    def __init__(self, site: Site, results: Results, thresholds: StatusThresholds, memo: Memo = compute_now) -> None:
        """`memo`: serve's, so that a rebuild recomputes only the objectives an edit changed."""
        self.site, self.results, self.thresholds, self.memo = site, results, thresholds, memo
        self.root_id = site.root_team.id if site.root_team is not None else None
        self._kept: dict[tuple[str, date], ObjectiveResult] = {}

    def __call__(self, objective: Objective, day: date) -> ObjectiveResult:
        if day >= self.results.as_of or self.site.periods[objective.period].end <= day:
            return self.results.objectives[objective.ref]
        key = (objective.ref, day)
        if key not in self._kept:
            self._kept[key] = result_of(objective, self.site, day, self.thresholds, self.root_id, self.memo,
                                        ("result-on", day))
        return self._kept[key]
