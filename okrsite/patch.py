"""serve's fast path: the previous model patched for edited objective files, instead of a full run.

An edit that changes only what an objective's own pages and its team's and period's summaries
show (a check-in, a title, a body, an owner) does not change what any other file means. Such an
edit is read, linked and resolved on its own, its result and its period's result computed again,
and lint run again on the objectives it can concern. Anything else (a new or removed file, an
error, other key result ids or alignment targets, another day) gives None: the caller runs the
whole pipeline. Warnings of a file concern that file alone, so they are swapped for the edited
files' new ones. The result equals that of a full run, which `tests/serve/test_incremental.py`
holds it to.
"""

from __future__ import annotations

from dataclasses import replace

from okrsite.compute import period_result, result_of
from okrsite.config import Config
from okrsite.diagnostics import Diagnostics
from okrsite.memo import DocumentCache
from okrsite.lint.run import relint
from okrsite.loader import RawFile, objective_file
from okrsite.model import Objective, Site
from okrsite.pipeline import Project
from okrsite.validate import link_objective, objective_from_file
from okrsite.validate.references import link_review, resolve_objective


def patch(previous: Project, edited: dict[str, bytes], cache: DocumentCache) -> Project | None:
    """`previous` with the objective files `edited` (absolute path -> bytes) read again, or None."""
    site, results, config = previous.site, previous.results, previous.config
    if site is None or results is None or previous.linted is None or config.effective_as_of() != previous.as_of:
        return None
    files = [objective_file(config.root, config.content_path, path, data) for path, data in edited.items()]
    if None in files:
        return None
    paths = {file.path for file in files}
    checked = Diagnostics()
    checked.extend(d for d in previous.checked if d.path not in paths)
    objectives = dict(site.objectives)
    patched: list[Objective] = []
    for file in files:
        found = _patched(file, site, config, cache, checked)
        if found is None:
            return None
        objectives[found.ref] = found
        patched.append(found)
    site = Site(site.teams, site.periods, objectives, site.kpis)
    root_id = site.root_team.id if site.root_team is not None else None
    outcomes = dict(results.objectives)
    for objective in patched:
        outcomes[objective.ref] = result_of(objective, site, previous.as_of, config.status, root_id, cache.memo)
    periods = dict(results.periods)
    members, individual = site.by_period(), site.by_period(individual=True)
    for period_id in {o.period for o in patched}:
        periods[period_id] = period_result(site.periods[period_id], members[period_id], outcomes, previous.as_of,
                                           individual[period_id])
    results = replace(results, periods=periods, objectives=outcomes)
    linted = relint(previous.linted, site, results, config, [o.ref for o in patched])
    diagnostics = Diagnostics()
    diagnostics.extend(checked.items)
    diagnostics.extend(linted.diagnostics())
    return Project(config, previous.as_of, site, results, diagnostics, tuple(checked.items), linted)


def _patched(file: RawFile, site: Site, config: Config, cache: DocumentCache,
             diagnostics: Diagnostics) -> Objective | None:
    """The objective of `file`, read, linked and resolved, when nothing else needs to change; else None.

    Its warnings go to `diagnostics`; an error gives None (the full run reports it, and what it affects).
    """
    old = site.objectives.get("/".join(file.parts))
    if old is None or old.source.path != file.path:
        return None
    local = Diagnostics()
    found = objective_from_file(config, set(site.teams), cache.typed, file, local)
    if found is None or local.has_errors or found[0] != site.periods.get(found[0].id):
        return None
    period, objective, raws = found
    kpi_files = set(site.kpis)
    objective = link_objective(objective, site.teams, site.periods, site.kpis, kpi_files, cache.memo, local)
    objective = resolve_objective(objective, raws, site.objectives, site.periods, set(site.objectives), local,
                                  cache.memo)
    objective = link_review(objective, site.objectives, site.periods, local)
    same_shape = ([k.id for k in objective.key_results] == [k.id for k in old.key_results]
                  and [(r.objective, r.key_result) for r in objective.aligns_to]
                  == [(r.objective, r.key_result) for r in old.aligns_to])
    if not same_shape or local.has_errors or objective.state != old.state:
        return None  # a draft or an abandoned objective changes what counts: the full run decides
    diagnostics.extend(local.items)
    return objective
