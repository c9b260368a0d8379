"""What an edit changed, as the dependency keys pages record while they are built.

Pages record what they show (`("objective", ref)`, `("supporters", ref)` for the list of what
aligns to an objective, `("team", id)` for a team's name and link,
`("team-objectives", id)` for its page's lists and scores, `("person-items", name)` and
`("kpi-users", ref)` likewise for person and KPI pages, `("period", id)`, ...); after a
rebuild, the keys below say what differs from the previous build, and only pages that show one of
them are rendered again. `None` means: render everything (configuration, people or the current
period changed).
"""

from __future__ import annotations

from dataclasses import dataclass

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.model import Objective, Site
from okrsite.render.pages import people_of
from okrsite.render.memory import replaced

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BuildState:
    config: Config
    site: Site
    results: Results
    findings: tuple[Diagnostic, ...]
    people: dict[str, str]
    current: str | None
    theme: tuple  # (path, digest) of every file of the site's themes


def _objective_keys(objective: Objective) -> set[Key]:
    """What shows an objective besides its own page: its team, period, people, targets and KPIs."""
    keys: set[Key] = {("objective", objective.ref), ("team-objectives", objective.team), ("period", objective.period),
                      ("teams-all",)}
    keys.update(("person-items", name) for name in people_of(objective))
    # The pages of what it aligns to list it among their supporters: only that list is affected,
    # not everything that shows those objectives (their scores do not depend on supporters).
    keys.update(("supporters", reference.objective) for reference in objective.aligns_to)
    keys.update(("kpi-users", k.kpi) for k in objective.key_results if k.kpi)
    return keys


def _by_path(findings: tuple[Diagnostic, ...]) -> dict[str, list[Diagnostic]]:
    grouped: dict[str, list[Diagnostic]] = {}
    for finding in findings:
        grouped.setdefault(finding.path, []).append(finding)
    return grouped


def changed_keys(old: BuildState, new: BuildState) -> set[Key] | None:
    if (old.config != new.config or old.people != new.people or old.current != new.current
            or old.theme != new.theme or list(old.site.periods) != list(new.site.periods)):
        return None
    keys: set[Key] = set()
    old_findings, new_findings = _by_path(old.findings), _by_path(new.findings)
    findings_moved = {p for p in old_findings.keys() | new_findings.keys() if old_findings.get(p) != new_findings.get(p)}
    old_objectives, new_objectives = old.site.objectives, new.site.objectives
    old_results, new_results = old.results.objectives, new.results.objectives
    by_path = {o.source.path: o.ref for o in new_objectives.values()}  # which files are objectives'
    pairs = replaced(old_objectives, new_objectives)
    if pairs is None:
        by_path.update((o.source.path, o.ref) for o in old_objectives.values())
        refs = old_objectives.keys() | new_objectives.keys()
    else:  # what a rebuild reused is the same: only replaced objectives, new results and new findings count
        refs = {after.ref for _, after in pairs}
        refs.update(ref for ref, result in new_results.items() if old_results[ref] is not result)
        refs.update(by_path[p] for p in findings_moved if p in by_path)
    for ref in refs:
        before, after = old_objectives.get(ref), new_objectives.get(ref)
        paths = {o.source.path for o in (before, after) if o is not None}
        if (before != after or old_results.get(ref) != new_results.get(ref)
                or any(old_findings.get(p) != new_findings.get(p) for p in paths)):
            for objective in (before, after):
                if objective is not None:
                    keys |= _objective_keys(objective)
    for team_id in old.site.teams.keys() | new.site.teams.keys():
        before, after = old.site.teams.get(team_id), new.site.teams.get(team_id)
        if before != after:
            keys |= {("team", team_id), ("teams-all",), ("people-all",)}
            for team in (before, after):
                if team is not None:
                    keys.update(("person-items", name) for name in [team.lead, *team.members] if name)
                    if team.parent:
                        keys.add(("team-objectives", team.parent))  # its page lists sub-teams
    for ref in old.site.kpis.keys() | new.site.kpis.keys():
        before, after = old.site.kpis.get(ref), new.site.kpis.get(ref)
        if before != after or old.results.kpis.get(ref) != new.results.kpis.get(ref):
            keys |= {("kpi", ref), ("kpis-all",)}
            keys.update(("team-objectives", k.team) for k in (before, after) if k is not None)
    for period_id in old.site.periods.keys() | new.site.periods.keys():
        if old.results.periods.get(period_id) != new.results.periods.get(period_id):
            keys.add(("period", period_id))
    other_before = [f for f in old.findings if f.path not in by_path]
    other_after = [f for f in new.findings if f.path not in by_path]
    if other_before != other_after:
        keys.add(("findings-other",))
    return keys
