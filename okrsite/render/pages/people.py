"""The people list and a page per person: the teams they lead or belong to and what they own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrsite.render import urls
from okrsite.render.views import Page, key_result_view, objective_card

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def people_index(b: PageBuilder) -> Page:
    ctx = b.at(urls.PEOPLE)
    people = [{"name": name, "url": ctx.link(urls.person_page(slug))}
              for name, slug in sorted(b.people.items(), key=lambda i: i[0].lower())]
    return Page(urls.PEOPLE, "people.html", b.words._("People"), {"people": people})


def person(b: PageBuilder, name: str, slug: str) -> Page:
    path = urls.person_page(slug)
    ctx = b.at(path)
    leads = [ctx.team(t) for t in b.index.led.get(name, [])]
    member_of = [ctx.team(t) for t in b.index.member_of.get(name, [])]
    owned = [objective_card(ctx, o) for o in reversed(b.index.owned.get(name, []))]
    owned.sort(key=lambda card: b.site.periods[card["period"]].sort_key, reverse=True)
    own = []  # their individual objectives, newest period first, each with what it supports
    for objective in sorted(b.index.individual.get(name, []), key=lambda o: b.site.periods[o.period].sort_key,
                            reverse=True):
        card = objective_card(ctx, objective)
        card["supports"] = [{"title": b.site.objectives[r.objective].title,
                             "url": ctx.link(urls.objective_page(r.objective)
                                             + (f"#kr-{r.key_result}" if r.key_result else "")),
                             "via": next((k.title for k in b.site.objectives[r.objective].key_results
                                          if k.id == r.key_result), None),
                             "team": b.site.teams[b.site.objectives[r.objective].team].name}
                            for r in objective.aligns_to]
        own.append(card)

    key_results = [
        {**key_result_view(ctx, objective, k, b.site.periods[objective.period]),
         "objective": objective.title, "period": objective.period, "individual": objective.person is not None,
         "url": ctx.link(urls.objective_page(objective.ref) + f"#kr-{k.id}")}
        for objective, k in b.index.key_results_owned.get(name, [])
    ]
    key_results = [k for k in key_results if not k["individual"]]  # their own objectives show theirs
    data = {"name": name, "leads": leads, "member_of": member_of, "objectives": owned, "key_results": key_results,
            "own": own}
    return Page(path, "person.html", name, data)
