"""A page per objective: key results with charts and provenance, what it aligns to, what supports it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrsite.model import Objective, slugify
from okrsite.render import urls
from okrsite.render.views import (Page, Context, key_result_view, objective_card, objective_provenance, period_dates,
                                  review_view)

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def chain(b: PageBuilder, ctx: Context, ref: str) -> list[dict]:
    """From an objective up through what it aligns to, to the company (first reference each step)."""
    steps: list[dict] = []
    seen = {ref}
    current = b.site.objectives[ref]
    while current.aligns_to:
        reference = current.aligns_to[0]
        if reference.objective in seen:
            break
        seen.add(reference.objective)
        current = b.site.objectives[reference.objective]
        card = objective_card(ctx, current)
        card["via"] = next((k.title for k in current.key_results if k.id == reference.key_result), None)
        steps.append(card)
    return steps


def objective(b: PageBuilder, objective: Objective) -> Page:
    path = urls.objective_page(objective.ref)
    period = b.site.periods[objective.period]
    ctx = b.at(path, period)
    result = b.results.objectives[objective.ref]
    aligns = []
    for reference in objective.aligns_to:
        target = b.site.objectives[reference.objective]
        card = objective_card(ctx, target)
        card["via"] = next((k.title for k in target.key_results if k.id == reference.key_result), None)
        card["kr_url"] = ctx.link(urls.objective_page(target.ref) + f"#kr-{reference.key_result}") if reference.key_result else None
        card["chain"] = chain(b, ctx, target.ref)
        aligns.append(card)
    supporters = [objective_card(ctx, b.site.objectives[r]) for r in b.supporters.get(objective.ref, [])]
    data = {
        "objective": objective_card(ctx, objective),
        "period": period_dates(ctx, period),
        "key_results": [key_result_view(ctx, objective, k, period, with_chart=True) for k in objective.key_results],
        "provenance": objective_provenance(ctx.words, objective, result),
        "expected": ctx.words.score(result.expected), "confidence": ctx.words.percent(result.confidence),
        "tags": [{"name": t, "url": ctx.link(urls.tag_page(slugify(t)))} for t in objective.tags],
        "aligns": aligns, "supporters": supporters,
        "body": b.body(objective.body), "source": objective.source.path, "edit_url": ctx.edit(objective.source.path),
        "review": review_view(ctx, objective),
    }
    return Page(path, "objective.html", objective.title, data, ctx.on)

