"""A page per week: the weekly digest (see `okrsite.digest`), each item linking to its page."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from okrsite.digest import Digest, weekly_digest
from okrsite.render import formatting as fmt, urls
from okrsite.render.views import HEALTH_WORDS, Context, Page, move_view, status_view

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def digest_view(ctx: Context, digest: Digest) -> dict:
    """A digest for templates (and for `okrsite digest`): every item with its words and its link."""
    silent: dict[str, list[dict]] = {}
    for objective, key_result in digest.silent:
        silent.setdefault(ctx.site.teams[objective.team].name, []).append(
            {"title": key_result.title, "objective": objective.title,
             "url": ctx.link(urls.objective_page(objective.ref) + f"#kr-{key_result.id}")})
    return {
        "week": digest.week, "first": fmt.day(digest.first), "last": fmt.day(digest.last), "on": fmt.day(digest.on),
        "partial": digest.on < digest.last, "objectives": len(digest.all),
        "changes": [move_view(ctx, m) for m in digest.changes],
        "new_reds": [move_view(ctx, m) for m in digest.new_reds],
        "moves": [move_view(ctx, m) for m in digest.moves],
        "silent": [{"team": team, "key_results": items} for team, items in sorted(silent.items())],
        "silent_count": len(digest.silent),
        "kpis": [{"title": c.kpi.title, "url": ctx.link(urls.kpi_page(c.kpi.ref)),
                  "team": ctx.site.teams[c.kpi.team].name,
                  "from": status_view(c.before.health, HEALTH_WORDS[c.before.health]),
                  "to": status_view(c.after.health, HEALTH_WORDS[c.after.health]),
                  "value": fmt.number(c.after.value, c.kpi.unit), "alert": fmt.number(c.kpi.alert, c.kpi.unit),
                  "worse": c.after.health == "red"} for c in digest.kpis],
    }


def digest_page(b: PageBuilder, first: date) -> Page:
    digest = weekly_digest(b.site, b.past, first)
    path = urls.digest_page(digest.week)
    ctx = b.at(path)
    data = {"digest": digest_view(ctx, digest),
            "weeks": [{"week": w, "url": ctx.link(urls.digest_page(w))} for w in b.digest_weeks]}
    return Page(path, "digest.html", f"Week {digest.week}", data, digest.on if digest.on < b.results.as_of else None)
