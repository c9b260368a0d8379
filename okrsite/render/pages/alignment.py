"""A period's alignment page: the cascade of objectives as a tree, with team alignment rates and orphans."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from okrsite.periods import Period
from okrsite.render import urls
from okrsite.render.views import Page, objective_card, period_dates, period_summary

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def alignment(b: PageBuilder, period: Period) -> Page:
    path = urls.alignment_page(period.id)
    ctx = b.at(path, period)
    members = {o.ref for o in b.by_period[period.id]}
    nodes = set(members)
    frontier = list(members)
    while frontier:
        ref = frontier.pop()
        for reference in b.site.objectives[ref].aligns_to:
            if reference.objective not in nodes:
                nodes.add(reference.objective)
                frontier.append(reference.objective)
    children: dict[str, list[tuple[str, str | None]]] = {}
    has_parent: set[str] = set()
    for ref in sorted(members):
        for reference in b.site.objectives[ref].aligns_to:
            children.setdefault(reference.objective, []).append((ref, reference.key_result))
            has_parent.add(ref)
    result = b.results.periods[period.id]
    orphans = set(result.orphans)

    anchors: dict[str, int] = {}

    def node(ref: str, via: str | None) -> dict:
        objective = b.site.objectives[ref]
        card = objective_card(ctx, objective)
        anchors[card["anchor"]] = anchors.get(card["anchor"], 0) + 1
        if anchors[card["anchor"]] > 1:  # an objective supporting several others appears once under each
            card["anchor"] += f"-{anchors[card['anchor']]}"
        card["via"] = next((k.title for k in objective.key_results if k.id == via), None) if via else None
        card["outside"] = ref not in members
        card["children"] = [node(child, kr) for child, kr in children.get(ref, [])]
        return card

    roots = [node(ref, None) for ref in sorted(nodes, key=partial(_tree_order, b))
             if ref not in has_parent and ref not in orphans and (children.get(ref) or ref in members)]
    teams = [{**ctx.team(t), "alignment": ctx.words.percent(rate)} for t, rate in result.team_alignment.items()]
    data = {"period": period_summary(ctx, period), "roots": roots, "teams": teams,
            "orphans": [objective_card(ctx, b.site.objectives[r]) for r in result.orphans],
            "periods": [period_dates(ctx, p) for p in b.site.periods.values()]}
    return Page(path, "alignment.html", ctx.words._("Alignment %(period)s") % {"period": period.id}, data, ctx.on)


def _tree_order(b: PageBuilder, ref: str) -> tuple:
    objective = b.site.objectives[ref]
    return (b.site.periods[objective.period].sort_key, objective.team, objective.slug)
