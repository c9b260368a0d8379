"""The KPI list and a page per KPI: its chart, snapshots and the key results that use it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrsite.render import charts, urls
from okrsite.render.views import Page, kpi_card, objective_card

if TYPE_CHECKING:
    from okrsite.render.plan import PageBuilder


def kpi_index(b: PageBuilder) -> Page:
    ctx = b.at(urls.KPIS)
    cards = [kpi_card(ctx, k) for k in b.site.kpis.values()]
    counts = {c: sum(1 for k in cards if k["health"].colour == c) for c in ("green", "amber", "red")}
    return Page(urls.KPIS, "kpis.html", b.words._("KPIs"), {"kpis": cards, "counts": counts,
                                                 "stale": sum(1 for k in cards if k["stale"])})


def kpi(b: PageBuilder, ref: str) -> Page:
    path = urls.kpi_page(ref)
    ctx = b.at(path)
    kpi = b.site.kpis[ref]
    result = b.results.kpis[ref]
    points = [charts.Point(s.date, s.value, f"{ctx.words.day(s.date)}: {ctx.words.number(s.value, kpi.unit)}")
              for s in result.snapshots]
    users = [
        {**objective_card(ctx, o), "kr": k.title, "kr_url": ctx.link(urls.objective_page(o.ref) + f"#kr-{k.id}")}
        for o, k in b.index.kpi_users.get(ref, [])
    ]
    data = {
        "kpi": kpi_card(ctx, kpi),
        "chart": charts.kpi_chart(ctx.words, "kpi-chart", points, kpi.target, kpi.alert, kpi.direction, kpi.unit,
                                  ctx.words._("%(title)s over time") % {"title": kpi.title}, kpi.stretch),
        "snapshots": [{"date": ctx.words.day(s.date), "value": ctx.words.number(s.value, kpi.unit), "note": s.note}
                      for s in reversed(kpi.snapshots) if s.date <= b.results.as_of],
        "users": users, "body": b.body(kpi.body), "edit_url": ctx.edit(kpi.source.path),
    }
    return Page(path, "kpi.html", kpi.title, data)
