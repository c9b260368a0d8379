"""Cascade alignment: which objectives support another team's, rates, orphans."""

from __future__ import annotations

from okrsite.model import Objective, Site


def is_aligned(objective: Objective, site: Site, root_id: str | None) -> bool | None:
    """True when `aligns_to` reaches another team's objective or key result; None for the root team's.
    An individual objective is aligned when it reaches any team's (its own team's included)."""
    if objective.person is not None:
        return any(site.objectives[r.objective].person is None for r in objective.aligns_to
                   if r.objective in site.objectives)
    if objective.team == root_id:
        return None
    return any(site.objectives[r.objective].team != objective.team for r in objective.aligns_to
               if r.objective in site.objectives)


def alignment_rate(flags: list[bool | None]) -> float | None:
    """aligned / objectives of non-root teams; None when there are none."""
    counted = [flag for flag in flags if flag is not None]
    return sum(counted) / len(counted) if counted else None


def supporters(site: Site) -> dict[str, list[str]]:
    """For each objective ref, the refs of the objectives that align to it (sorted)."""
    found: dict[str, set[str]] = {}
    for objective in site.objectives.values():
        for reference in objective.aligns_to:
            found.setdefault(reference.objective, set()).add(objective.ref)
    return {ref: sorted(refs) for ref, refs in found.items()}
