"""Cross-file rules: the team tree, KPI links, and `aligns_to` references (resolution, time, cycles)."""

from __future__ import annotations

import re

from dataclasses import replace
from functools import partial

from okrsite.diagnostics import Diagnostics, did_you_mean
from okrsite.memo import Memo, compute_now
from okrsite.model import KeyResult, Kpi, Objective, Reference, Team
from okrsite.periods import Period, enclosing_ids
from okrsite.validate.documents import RawReference


def check_team_tree(teams: dict[str, Team], team_files: set[str], diagnostics: Diagnostics) -> None:
    """Parents exist, exactly one root, no parent cycles (`team_files`: ids of every team file)."""
    for team in teams.values():
        if team.parent is not None and team.parent not in team_files:
            diagnostics.error(team.source.path, team.parent_line, 1, "unknown-team",
                              f"parent team `{team.parent}` of `{team.id}` does not exist",
                              did_you_mean(team.parent, teams) or "create content/teams/<id>.md or fix the id")
    roots = sorted(t.id for t in teams.values() if t.parent is None)
    if len(roots) > 1:
        for root in roots:
            diagnostics.error(teams[root].source.path, 1, 1, "team-root",
                              f"several teams have no `parent` ({', '.join(roots)})",
                              "only the company has no parent: give the others `parent:`")
    for cycle in _parent_cycles(teams):
        for team_id in cycle:
            team = teams[team_id]
            diagnostics.error(team.source.path, team.parent_line, 1, "team-cycle",
                              f"team parents form a cycle: {' -> '.join(cycle + [cycle[0]])}",
                              "one team of the cycle must have a different parent")
    if teams and not roots:
        first = teams[min(teams)]
        diagnostics.error(first.source.path, first.parent_line, 1, "team-root",
                          "no team is the root: every team has a `parent`",
                          "the company's team file must have no `parent:`")


def _parent_cycles(teams: dict[str, Team]) -> list[list[str]]:
    cycles: list[list[str]] = []
    settled: set[str] = set()
    for start in sorted(teams):
        chain: list[str] = []
        current: str | None = start
        while current is not None and current in teams and current not in settled and current not in chain:
            chain.append(current)
            current = teams[current].parent
        if current in chain:
            cycles.append(chain[chain.index(current):])
        settled.update(chain)
    return cycles


def link_kpis(objective: Objective, periods: dict[str, Period], kpis: dict[str, Kpi], kpi_files: set[str],
              diagnostics: Diagnostics) -> Objective:
    """KPI-linked key results: the KPI exists, and `start` defaults to its last snapshot before the period."""
    period = periods[objective.period]
    key_results: list[KeyResult] = []
    for key_result in objective.key_results:
        if key_result.kpi is None:
            key_results.append(key_result)
            continue
        kpi = kpis.get(key_result.kpi)
        path = objective.source.path
        if kpi is None and key_result.kpi in kpi_files:
            pass  # the KPI file has errors of its own
        elif kpi is None:
            diagnostics.error(path, key_result.kpi_line, 1, "unknown-kpi",
                              f"key result `{key_result.id}` uses KPI `{key_result.kpi}`, which does not exist",
                              did_you_mean(key_result.kpi, kpis) or "KPIs live in content/kpis/<team-id>/<slug>.md")
        elif key_result.type == "maintain":
            if not key_result.direction:  # not given: the KPI's own
                key_result = replace(key_result, direction=kpi.direction)
        elif key_result.start is None:
            before = [s for s in kpi.snapshots if s.date < period.start]
            if not before:
                diagnostics.error(path, key_result.line, 1, "missing-key",
                                  f"key result `{key_result.id}` has no `start` and KPI `{kpi.ref}` has no snapshot "
                                  f"before {period.start}", "give the key result a `start:`")
            elif before[-1].value == key_result.target:
                diagnostics.error(path, key_result.line, 1, "target-equals-start",
                                  f"`target` of key result `{key_result.id}` equals its start ({before[-1].value:g}, "
                                  f"the KPI's value on {before[-1].date})", "change the target")
            else:
                key_result = replace(key_result, start=before[-1].value, start_from_kpi=True)
        key_results.append(key_result)
    return replace(objective, key_results=tuple(key_results))


_NEXT = re.compile(r"(?:(?P<period>[^/#\s]+)/)?(?P<team>[^/#\s]+)/(?P<slug>[^/#\s]+)")


def link_review(objective: Objective, objectives: dict[str, Objective], periods: dict[str, Period],
                diagnostics: Diagnostics) -> Objective:
    """A review whose `next` is written as a reference ([<period>/]<team-id>/<slug>) names the later
    objective that carries the work on: that objective must exist, in a period after this one."""
    review = objective.review
    match = _NEXT.fullmatch(review.next.strip()) if review is not None else None
    if review is None or match is None:
        return objective
    own = periods[objective.period]
    later = sorted((p for p in periods.values() if p.start > own.end), key=lambda p: p.sort_key)
    names = [f"{match['period']}/{match['team']}/{match['slug']}"] if match["period"] else \
        [f"{p.id}/{match['team']}/{match['slug']}" for p in later]
    found = next((ref for ref in names if ref in objectives and periods[objectives[ref].period].start > own.end), None)
    if found is None:
        diagnostics.error(objective.source.path, review.line, 1, "unresolved-reference",
                          f"`next: {review.next.strip()}` of the review matches no objective of a period after "
                          f"{own.id}", "write <period>/<team-id>/<slug> of the objective that carries the work on, "
                          "or say it in words")
        return objective
    return replace(objective, review=replace(review, next_ref=found))


def resolve_references(
    objectives: dict[str, Objective],
    raw_references: dict[str, list[RawReference]],
    periods: dict[str, Period],
    objective_files: set[str],
    diagnostics: Diagnostics,
    memo: Memo = compute_now,
) -> dict[str, Objective]:
    """Resolve every `aligns_to`; unresolved, later-period and cyclic references are errors."""
    resolved = {ref: resolve_objective(objective, raw_references.get(ref, []), objectives, periods, objective_files,
                                       diagnostics, memo)
                for ref, objective in objectives.items()}
    _check_cycles(resolved, diagnostics)
    return resolved


def resolve_objective(objective: Objective, raws: list[RawReference], objectives: dict[str, Objective],
                      periods: dict[str, Period], objective_files: set[str], diagnostics: Diagnostics,
                      memo: Memo = compute_now) -> Objective:
    """One objective with its `aligns_to` resolved (reused while it and what it points at are the same)."""
    make = partial(_with_references, objective, raws, objectives, periods, objective_files)
    targets = tuple(_target(objective, raw, objectives, periods, objective_files) for raw in raws)
    if all(found[1] is not None for found in targets):
        inputs = (objective, tuple(raws), targets, periods[objective.period])
        return memo(("references", objective.ref), inputs, make, diagnostics)
    return make(diagnostics)  # what it says depends on every objective (did you mean...): not worth remembering


def _target(objective: Objective, raw: RawReference, objectives: dict[str, Objective], periods: dict[str, Period],
            objective_files: set[str]) -> tuple[str | None, Objective | None, Period | None]:
    """Where a reference points: the objective file it names first, that objective, its period."""
    candidates = [raw.period] if raw.period else enclosing_ids(periods[objective.period])
    first = next((ref for ref in (f"{p}/{raw.team}/{raw.slug}" for p in candidates) if ref in objective_files), None)
    target = objectives.get(first) if first else None
    return first, target, periods[target.period] if target is not None else None


def _with_references(objective: Objective, raws: list[RawReference], objectives: dict[str, Objective],
                     periods: dict[str, Period], objective_files: set[str], diagnostics: Diagnostics) -> Objective:
    references = tuple(
        reference
        for raw in raws
        if (reference := _resolve(objective, raw, objectives, periods, objective_files, diagnostics)) is not None
    )
    return replace(objective, aligns_to=references)


def _resolve(objective: Objective, raw: RawReference, objectives: dict[str, Objective],
             periods: dict[str, Period], objective_files: set[str], diagnostics: Diagnostics) -> Reference | None:
    path = objective.source.path
    own = periods[objective.period]
    candidates = [raw.period] if raw.period else enclosing_ids(own)
    first, target, _ = _target(objective, raw, objectives, periods, objective_files)
    if first is not None and target is None:
        return None  # the objective's file has errors of its own
    if target is None:
        known = [o.ref.split("/", 1)[1] for o in objectives.values() if o.period in candidates]
        searched = " or ".join(", ".join(candidates).rsplit(", ", 1))
        hint = did_you_mean(f"{raw.team}/{raw.slug}", known)
        diagnostics.error(path, raw.line, raw.column, "unresolved-reference",
                          f"`aligns_to: {raw.text}` matches no objective in {searched}",
                          hint or "write [<period>/]<team-id>/<objective-slug>[#<kr-id>] of an existing objective")
        return None
    if raw.key_result is not None and raw.key_result not in {k.id for k in target.key_results}:
        hint = did_you_mean(raw.key_result, [k.id for k in target.key_results])
        diagnostics.error(path, raw.line, raw.column, "unresolved-reference",
                          f"`aligns_to: {raw.text}`: objective {target.ref} has no key result `{raw.key_result}`",
                          hint or f"its key results are {', '.join(k.id for k in target.key_results)}")
        return None
    target_period = periods[target.period]
    if target_period.start > own.start:
        diagnostics.error(path, raw.line, raw.column, "later-period-reference",
                          f"`aligns_to: {raw.text}` points into {target.period}, which starts after {own.id}",
                          "an objective can support objectives of its own or an earlier or enclosing period")
        return None
    return Reference(raw.text, target.ref, raw.key_result, raw.line, raw.column)


def _check_cycles(objectives: dict[str, Objective], diagnostics: Diagnostics) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(objectives):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = [start]
        state[start] = 1
        while stack:
            ref, index = stack[-1]
            references = objectives[ref].aligns_to
            if index >= len(references):
                stack.pop()
                path.pop()
                state[ref] = 2
                continue
            stack[-1] = (ref, index + 1)
            reference = references[index]
            nxt = reference.objective
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                diagnostics.error(objectives[ref].source.path, reference.line, reference.column, "alignment-cycle",
                                  f"alignment cycle: {' -> '.join(cycle)}",
                                  "an objective cannot support itself, directly or through others; remove one link")
            elif not state.get(nxt):
                state[nxt] = 1
                stack.append((nxt, 0))
                path.append(nxt)
