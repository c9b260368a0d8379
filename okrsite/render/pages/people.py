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
    return Page(urls.PEOPLE, "people.html", "People", {"people": people})


def person(b: PageBuilder, name: str, slug: str) -> Page:
    path = urls.person_page(slug)
    ctx = b.at(path)
    leads = [ctx.team(t) for t in b.index.led.get(name, [])]
    member_of = [ctx.team(t) for t in b.index.member_of.get(name, [])]
    owned = [objective_card(ctx, o) for o in reversed(b.index.owned.get(name, []))]
    owned.sort(key=lambda card: b.site.periods[card["period"]].sort_key, reverse=True)
    key_results = [
        {**key_result_view(ctx, objective, k, b.site.periods[objective.period]),
         "objective": objective.title, "period": objective.period,
         "url": ctx.link(urls.objective_page(objective.ref) + f"#kr-{k.id}")}
        for objective, k in b.index.key_results_owned.get(name, [])
    ]
    data = {"name": name, "leads": leads, "member_of": member_of, "objectives": owned, "key_results": key_results}
    return Page(path, "person.html", name, data)
