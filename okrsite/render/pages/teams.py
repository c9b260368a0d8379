"""The team tree and a page per team: its objectives now and before, its scores over time, its KPIs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrsite.render import urls
from okrsite.render.views import (Page, by_risk, filters, kpi_card, objective_card, objective_status, period_dates,
                                  risk_key)

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def team_index(b: PageBuilder, path: str = urls.TEAMS) -> Page:
    """The team tree; also the home page of a site that has no objectives yet (no period to show)."""
    ctx = b.at(path)

    def branch(team_id: str) -> dict:
        team = b.site.teams[team_id]
        score = b.results.periods[b.current.id].team_scores.get(team_id) if b.current else None
        return {**ctx.team(team_id), "lead": ctx.person(team.lead), "members": len(team.members),
                "score": ctx.words.score(score), "children": [branch(c) for c in b.children[team_id]]}

    roots = [branch(t.id) for t in b.site.teams.values() if t.parent is None or t.parent not in b.site.teams]
    current = period_dates(ctx, b.current) if b.current else None
    return Page(path, "teams.html", b.words._("Teams"), {"roots": roots, "current": current})


def team(b: PageBuilder, team_id: str) -> Page:
    path = urls.team_page(team_id)
    ctx = b.at(path)
    team = b.site.teams[team_id]
    current = b.current.id if b.current else None
    history = []
    earlier = []
    for period in reversed(list(b.site.periods.values())):
        own = b.index.by_team_period.get((team_id, period.id), [])
        if not own:
            continue
        result = b.results.periods[period.id]
        history.append({**period_dates(ctx, period), "score": ctx.words.score(result.team_scores.get(team_id)),
                        "progress": round((result.team_scores.get(team_id) or 0) * 100),
                        "alignment": ctx.words.percent(result.team_alignment.get(team_id)), "objectives": len(own)})
        if period.id != current:
            earlier.append({"period": period_dates(ctx, period), "objectives": [objective_card(ctx, o) for o in own]})
    current_objectives = by_risk([objective_card(ctx, o) for o in b.index.by_team_period.get((team_id, current), [])])
    period_result = b.results.periods[current] if current else None
    data = {
        "team": {**ctx.team(team_id), "lead": ctx.person(team.lead),
                 "members": [ctx.person(m) for m in team.members],
                 "parent": ctx.team(team.parent) if team.parent in b.site.teams else None,
                 "children": [ctx.team(c) for c in b.children[team_id]],
                 "body": b.body(team.body)},
            "edit_url": ctx.edit(team.source.path),
        "current": period_dates(ctx, b.current) if b.current else None,
        "score": ctx.words.score(period_result.team_scores.get(team_id)) if period_result else "—",
        "alignment": ctx.words.percent(period_result.team_alignment.get(team_id)) if period_result else "—",
        "objectives": current_objectives, "earlier": earlier, "history": history,
        "filters": filters(ctx, b.index.by_team_period.get((team_id, current), [])),
        "kpis": [kpi_card(ctx, k) for k in b.index.kpis_of.get(team_id, [])],
    }
    return Page(path, "team.html", team.name, data)


def tag(b: PageBuilder, slug: str) -> Page:
    """Every objective with a tag, newest period first, off track first: one line each (a tag of a
    large site has thousands of objectives)."""
    path = urls.tag_page(slug)
    ctx = b.at(path)
    name = b.index.tag_names[slug]
    groups: dict[str, list] = {}
    for objective in b.index.tagged[slug]:
        groups.setdefault(objective.period, []).append(objective)
    periods = []
    for period_id in sorted(groups, key=lambda p: b.site.periods[p].sort_key, reverse=True):
        rows = []
        for objective in groups[period_id]:
            result = b.results.objectives[objective.ref]
            rows.append({"title": objective.title, "url": ctx.link(urls.objective_page(objective.ref)),
                         "team": b.site.teams[objective.team].name, "score": ctx.words.score(result.score),
                         "status": objective_status(ctx.words, objective, result), "risk": risk_key(result)})
        periods.append({"period": period_dates(ctx, b.site.periods[period_id]), "objectives": by_risk(rows)})
    return Page(path, "tag.html", ctx.words._("Tag: %(tag)s") % {"tag": name}, {"tag": name, "periods": periods})
