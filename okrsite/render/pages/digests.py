"""A page per week: the weekly digest (see `okrsite.digest`), each item linking to its page."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from okrsite.digest import Digest, weekly_digest
from okrsite.i18n import Language, N_
from okrsite.render import urls
from okrsite.render.views import HEALTH_WORDS, Context, Page, latest_checkin, move_view, status_view

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def digest_view(ctx: Context, digest: Digest) -> dict:
    """A digest for templates (and for `okrsite digest`): every item with its words and its link."""
    silent: dict[str, list[dict]] = {}
    for objective, key_result in digest.silent:
        silent.setdefault(ctx.site.teams[objective.team].name, []).append(
            {"title": key_result.title, "objective": objective.title,
             "url": ctx.link(urls.objective_page(objective.ref) + f"#kr-{key_result.id}")})
    that_day = dataclasses.replace(ctx, on=digest.on)
    counts: dict[str, dict[str, int]] = {}
    for move in digest.all:
        tally = counts.setdefault(move.objective.period, {"red": 0, "amber": 0, "green": 0})
        tally[move.after.status] += 1
    periods = [{"period": period, "total": sum(tally.values()), **tally}
               for period, tally in sorted(counts.items(), key=lambda item: ctx.site.periods[item[0]].end)]
    return {
        "week": digest.week, "first": ctx.words.day(digest.first), "last": ctx.words.day(digest.last),
        "on": ctx.words.day(digest.on),
        "partial": digest.on < digest.last, "objectives": len(digest.all),
        "standing": standing(ctx.words, periods),
        "changes": [move_view(ctx, m) for m in digest.changes if m not in digest.new_reds],
        "new_reds": [{**move_view(ctx, m), "why": latest_checkin(that_day, m.objective)} for m in digest.new_reds],
        "moves": [move_view(ctx, m) for m in digest.moves],
        "silent": [{"team": team, "key_results": items} for team, items in sorted(silent.items())],
        "silent_count": len(digest.silent),
        "kpis": [{"title": c.kpi.title, "url": ctx.link(urls.kpi_page(c.kpi.ref)),
                  "team": ctx.site.teams[c.kpi.team].name,
                  "from": status_view(ctx.words, c.before.health, HEALTH_WORDS[c.before.health]),
                  "to": status_view(ctx.words, c.after.health, HEALTH_WORDS[c.after.health]),
                  "value": ctx.words.number(c.after.value, c.kpi.unit), "alert": ctx.words.number(c.kpi.alert, c.kpi.unit),
                  "worse": c.after.health == "red"} for c in digest.kpis],
    }


def standing(words: Language, periods: list[dict]) -> str:
    """Where the running periods stand at the end of the week, in one sentence."""
    parts = []
    for p in periods:
        counts = [(p[colour], word) for colour, word in (("red", N_("off track")), ("amber", N_("at risk")),
                                                          ("green", N_("on track"))) if p[colour]]
        total = p["total"]
        if len(counts) == 1:
            said = words._("all %(status)s") % {"status": words._(counts[0][1])} if total > 1 else words._(counts[0][1])
        else:
            said = words.and_list([words._("%(count)s %(status)s") % {"count": n, "status": words._(word)}
                                   for n, word in counts])
        parts.append(words.n_("%(period)s: %(num)s team objective, %(statuses)s",
                              "%(period)s: %(num)s team objectives, %(statuses)s", total)
                     % {"period": p["period"], "num": total, "statuses": said})
    if not parts:
        return words._("No team objective was running this week.")
    return words._("Where we stand — %(periods)s.") % {"periods": "; ".join(parts)}


def digest_page(b: PageBuilder, first: date) -> Page:
    digest = weekly_digest(b.site, b.past, first)
    path = urls.digest_page(digest.week)
    ctx = b.at(path)
    data = {"digest": digest_view(ctx, digest),
            "weeks": [{"week": w, "url": ctx.link(urls.digest_page(w))} for w in b.digest_weeks]}
    return Page(path, "digest.html", ctx.words._("Week %(week)s") % {"week": digest.week}, data,
                digest.on if digest.on < b.results.as_of else None)
