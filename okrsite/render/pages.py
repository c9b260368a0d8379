"""Which pages the site has, and the view data each page's template receives."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from okrsite.compute.kpis import compute_kpi
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.compute import Results
from okrsite.model import Objective, Site
from okrsite.periods import Period
from okrsite.render import charts, formatting as fmt, urls
from okrsite.render.memory import Fragment, Index, RenderMemory, replaced
from okrsite.render.views import (Context, kpi_card, key_result_view, objective_card, objective_provenance,
                                  period_dates, period_summary, what_moved)
from okrsite.render.markdown import make_renderer, render


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # output file, relative to the site root
    template: str
    title: str
    data: dict


def _finding_view(finding: Diagnostic) -> dict:
    return {"rule": finding.rule, "message": finding.message, "hint": finding.hint,
            "where": f"{finding.path}:{finding.line}" if finding.line else finding.path}


def current_period(site: Site, results: Results) -> Period | None:
    """The quarter running at `as_of`, else the latest one that started, else the latest period."""
    if not site.periods:
        return None
    periods = sorted(site.periods.values(), key=lambda p: p.sort_key)
    as_of = results.as_of
    for kinds in (("quarter",), ("half",), ("year",)):
        running = [p for p in periods if p.kind in kinds and p.contains(as_of)]
        if running:
            return running[-1]
    started = [p for p in periods if p.start <= as_of and p.kind == "quarter"] or [p for p in periods if p.start <= as_of]
    return started[-1] if started else periods[0]


def collect_people(site: Site) -> dict[str, str]:
    """Every person named anywhere, with a unique page slug."""
    names: set[str] = set()
    for team in site.teams.values():
        names.update(n for n in (team.lead, *team.members) if n)
    for objective in site.objectives.values():
        names.update(people_of(objective))
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        slug, n = urls.slugify(name), 2
        while slug in used:
            slug, n = f"{urls.slugify(name)}-{n}", n + 1
        used.add(slug)
        slugs[name] = slug
    return slugs


def people_of(objective: Objective) -> list[str]:
    """Who an objective names: its owner and its key results' owners."""
    return [n for n in (objective.owner, *(k.owner for k in objective.key_results)) if n]


def same_people(before: Site, after: Site) -> bool:
    """True when `collect_people` gives the same for both: the same teams, objectives and owners."""
    pairs = replaced(before.objectives, after.objectives)
    return (before.teams == after.teams and pairs is not None
            and all(people_of(old) == people_of(new) for old, new in pairs))


FRAGMENT_FROM = 8  # nodes of an alignment subtree; smaller ones are rendered again each time


class PageBuilder:
    """Builds every page's data from one set of shared lookups."""

    def __init__(self, site: Site, results: Results, config: Config, findings: list[Diagnostic] = (),
                 people: dict[str, str] | None = None, memory: RenderMemory | None = None) -> None:
        """`people` and `memory`: what serve already has (`collect_people`, what it kept of the last build)."""
        self.site, self.results, self.config = site, results, config
        self.findings = sorted(findings, key=Diagnostic.sort_key)
        self.remembers = memory is not None  # else nothing is kept past this build: no cards, no lists
        self.memory = memory if memory is not None else RenderMemory()
        self.index = self.memory.index = Index.updated(self.memory.index, site)
        self.by_objective: dict[str, list[dict]] = {}
        for finding in self.findings:
            if finding.path in self.index.by_path:
                self.by_objective.setdefault(self.index.by_path[finding.path], []).append(_finding_view(finding))
        badges = self.by_objective if config.lint.badges else {}
        people = people if people is not None else collect_people(site)  # serve has them already
        self.ctx = Context(site, results, config, people, self.index.supporters, badges)
        self.by_period = self.index.by_period
        self.current = current_period(site, results)
        self.root = site.root_team
        self.md = make_renderer(config.markdown.allow_html)
        self.children: dict[str, list[str]] = {t: [] for t in site.teams}
        for team in sorted(site.teams.values(), key=lambda t: t.id):
            if team.parent in self.children:
                self.children[team.parent].append(team.id)

    def at(self, path: str, many_cards: bool = False) -> Context:
        """The shared context, pointed at a new page, with that page's dependencies reset;
        `many_cards`: the page lists many objectives, whose cards are kept for the next build."""
        self.ctx.page = path
        self.ctx.deps = set()
        self.ctx.cards = self.memory.cards if many_cards and self.remembers else None
        return self.ctx

    def _body(self, text: str) -> str:
        """A Markdown body as HTML (serve keeps each one for its next builds)."""
        if not self.remembers:
            return render(self.md, text)
        key = (self.config.markdown.allow_html, text)
        html = self.memory.bodies.get(key)
        if html is None:
            html = self.memory.bodies[key] = render(self.md, text)
        return html

    def plan(self) -> list[tuple[str, Callable[[], Page]]]:
        """Every page's path and how to build it, in a stable order (built lazily, so a shard of a
        parallel build only pays for its own pages)."""
        plan: list[tuple[str, Callable[[], Page]]] = []
        if self.current is not None:
            plan.append((urls.HOME, partial(self.dashboard, urls.HOME, self.current, home=True)))
        for period in self.site.periods.values():
            plan.append((urls.period_page(period.id), partial(self.dashboard, urls.period_page(period.id), period)))
            plan.append((urls.alignment_page(period.id), partial(self.alignment, period)))
            plan.append((urls.health_page(period.id), partial(self.health, period)))
        plan.append((urls.ARCHIVE, self.archive))
        plan.append((urls.TEAMS, self.team_index))
        plan.extend((urls.team_page(t), partial(self.team, t)) for t in self.site.teams)
        plan.extend((urls.objective_page(o.ref), partial(self.objective, o)) for o in self.site.objectives.values())
        plan.append((urls.KPIS, self.kpi_index))
        plan.extend((urls.kpi_page(k), partial(self.kpi, k)) for k in self.site.kpis)
        plan.append((urls.PEOPLE, self.people_index))
        plan.extend((urls.person_page(slug), partial(self.person, name, slug))
                    for name, slug in sorted(self.ctx.people.items(), key=lambda item: item[1]))
        plan.append((urls.NOT_FOUND, self.not_found))
        return plan

    def not_found(self) -> Page:
        self.at(urls.NOT_FOUND)
        return Page(urls.NOT_FOUND, "404.html", "Page not found", {})

    # -- dashboards ---------------------------------------------------------------------------

    def dashboard(self, path: str, period: Period, home: bool = False) -> Page:
        ctx = self.at(path, many_cards=True)
        objectives = self.by_period[period.id]
        result = self.results.periods[period.id]
        counts = {c: sum(1 for o in objectives if self.results.objectives[o.ref].status == c) for c in ("green", "amber", "red")}
        root_id = self.root.id if self.root else ""
        company = [objective_card(ctx, o) for o in objectives if o.team == root_id]
        enclosing = [p for p in self.site.periods.values() if p.id != period.id and p.kind != "quarter"
                     and p.start <= period.start and period.end <= p.end]
        company_year = [objective_card(ctx, o) for p in enclosing for o in self.by_period[p.id] if o.team == root_id]
        by_team: dict[str, list[Objective]] = {}
        for objective in objectives:
            by_team.setdefault(objective.team, []).append(objective)
        teams = []
        for team_id, score in result.team_scores.items():
            if team_id == root_id:
                continue
            team_objectives = by_team.get(team_id, [])
            teams.append({
                **ctx.team(team_id), "score": fmt.score(score), "progress": round(score * 100),
                "alignment": fmt.percent(result.team_alignment.get(team_id)),
                "objectives": len(team_objectives),
                "counts": {c: sum(1 for o in team_objectives if self.results.objectives[o.ref].status == c)
                           for c in ("green", "amber", "red")},
                "parent": self.site.teams[team_id].parent,
            })
        orphans = [objective_card(ctx, self.site.objectives[ref]) for ref in result.orphans]
        data = {
            "home": home, "period": period_summary(ctx, period),
            "dashboard": {
                "score": fmt.score(result.score), "counts": counts, "total": len(objectives),
                "company": company, "company_year": company_year, "teams": teams,
                "kpis": self._dashboard_kpis(ctx, period),
                "kpi_count": len(self.site.kpis), "kpis_url": ctx.link(urls.KPIS),
                "moved": what_moved(ctx, objectives, period, memory=self.memory.moved if self.remembers else None),
                "orphans": orphans,
                "findings": sum(len(self.by_objective.get(o.ref, [])) for o in objectives)
                + len(self._other_findings(period)),
            },
            "periods": [period_dates(ctx, p) for p in self.site.periods.values()],
        }
        title = f"{period.id} dashboard" if not home else "Company dashboard"
        return Page(path, "dashboard.html", title, data)

    def _dashboard_kpis(self, ctx: Context, period: Period, limit: int = 12) -> list[dict]:
        """Every KPI as of the period's end (or as_of); past `limit`, those that need attention."""
        ctx.deps.update({("kpis-all",), ("findings-other",)})
        on = min(self.results.as_of, period.end)
        shown = [(k, self.results.kpis[k.ref] if on == self.results.as_of else compute_kpi(k, on))
                 for k in self.site.kpis.values()]
        if len(shown) > limit:
            order = {"red": 0, "amber": 1, None: 2, "green": 3}
            attention = [(k, r) for k, r in shown if r.health != "green" or r.stale]
            shown = sorted(attention, key=lambda kr: (order[kr[1].health], kr[0].title))[:limit]
        return [kpi_card(ctx, kpi, result) for kpi, result in shown]

    def archive(self) -> Page:
        ctx = self.at(urls.ARCHIVE)
        rows = []
        for period in reversed(list(self.site.periods.values())):
            result = self.results.periods[period.id]
            scores = [self.results.objectives[o.ref].score for o in self.by_period[period.id]]
            chart = ""
            if result.over and scores:
                chart = charts.distribution_chart(f"dist-{period.id}", scores,
                                                  f"Distribution of objective scores in {period.id}")
            rows.append({**period_summary(ctx, period), "objectives": len(scores), "chart": chart})
        return Page(urls.ARCHIVE, "archive.html", "Archive of all periods", {"rows": rows})

    def alignment(self, period: Period) -> Page:
        path = urls.alignment_page(period.id)
        ctx = self.at(path, many_cards=True)
        members = {o.ref for o in self.by_period[period.id]}
        nodes = set(members)
        frontier = list(members)
        while frontier:
            ref = frontier.pop()
            for reference in self.site.objectives[ref].aligns_to:
                if reference.objective not in nodes:
                    nodes.add(reference.objective)
                    frontier.append(reference.objective)
        children: dict[str, list[tuple[str, str | None]]] = {}
        has_parent: set[str] = set()
        for ref in sorted(members):
            for reference in self.site.objectives[ref].aligns_to:
                children.setdefault(reference.objective, []).append((ref, reference.key_result))
                has_parent.add(ref)
        result = self.results.periods[period.id]
        orphans = set(result.orphans)

        anchors: dict[str, int] = {}

        def node(ref: str, via: str | None) -> dict:
            objective = self.site.objectives[ref]
            card = objective_card(ctx, objective)
            anchors[card["anchor"]] = anchors.get(card["anchor"], 0) + 1
            if anchors[card["anchor"]] > 1:  # an objective supporting several others appears once under each
                card["anchor"] += f"-{anchors[card['anchor']]}"
            card["via"] = next((k.title for k in objective.key_results if k.id == via), None) if via else None
            card["outside"] = ref not in members
            card["children"] = [node(child, kr) for child, kr in children.get(ref, [])]
            card["kept"] = self._fragment(ctx, card) if ctx.cards is not None else None
            return card

        roots = [node(ref, None) for ref in sorted(nodes, key=self._tree_order)
                 if ref not in has_parent and ref not in orphans and (children.get(ref) or ref in members)]
        teams = [{**ctx.team(t), "alignment": fmt.percent(rate)} for t, rate in result.team_alignment.items()]
        data = {"period": period_summary(ctx, period), "roots": roots, "teams": teams,
                "orphans": [objective_card(ctx, self.site.objectives[r]) for r in result.orphans],
                "periods": [period_dates(ctx, p) for p in self.site.periods.values()]}
        return Page(path, "alignment.html", f"Alignment {period.id}", data)

    def _fragment(self, ctx: Context, node: dict) -> Fragment | None:
        """What tells the template whether an alignment node's subtree comes out as last time
        (the HTML is then reused: see `Fragment`); only for subtrees of `FRAGMENT_FROM` nodes or more."""
        inputs = ctx.cards[ctx.page, node["ref"]][0]
        below = tuple(child["signature"] for child in node["children"])
        signature = (inputs, node["anchor"], node["via"], node["outside"], below)
        size = 1 + sum(c["size"] for c in node["children"])
        node["size"], node["signature"] = size, signature
        return Fragment(self.memory.fragments, (ctx.page, node["anchor"]), signature) if size >= FRAGMENT_FROM else None

    def health(self, period: Period) -> Page:
        """The OKR-practice findings of a period, per team, and those about KPIs."""
        path = urls.health_page(period.id)
        ctx = self.at(path)
        ctx.deps.update({("findings-other",), ("period", period.id)})
        teams: dict[str, list[dict]] = {}
        for objective in self.by_period[period.id]:
            if objective.ref in self.by_objective:
                card = objective_card(ctx, objective)
                card["findings"] = self.by_objective[objective.ref]
                teams.setdefault(objective.team, []).append(card)
        other = self._other_findings(period)
        data = {"period": period_summary(ctx, period),
                "teams": [{**ctx.team(t), "objectives": cards} for t, cards in sorted(teams.items())],
                "other": other, "total": sum(len(c["findings"]) for cards in teams.values() for c in cards) + len(other),
                "periods": [period_dates(ctx, p) for p in self.site.periods.values()]}
        return Page(path, "health.html", f"OKR health {period.id}", data)

    def _other_findings(self, period: Period) -> list[dict]:
        """Findings about KPIs and the organization (not one objective) that concern `period`."""
        return [_finding_view(f) for f in self.findings if f.path not in self.index.by_path
                and (f.rule != "sandbagging" or period.id in f.message)]

    def _tree_order(self, ref: str) -> tuple:
        objective = self.site.objectives[ref]
        return (self.site.periods[objective.period].sort_key, objective.team, objective.slug)

    # -- teams --------------------------------------------------------------------------------

    def team_index(self) -> Page:
        ctx = self.at(urls.TEAMS)
        ctx.deps.add(("teams-all",))

        def branch(team_id: str) -> dict:
            team = self.site.teams[team_id]
            score = self.results.periods[self.current.id].team_scores.get(team_id) if self.current else None
            return {**ctx.team(team_id), "lead": ctx.person(team.lead), "members": len(team.members),
                    "score": fmt.score(score), "children": [branch(c) for c in self.children[team_id]]}

        roots = [branch(t.id) for t in self.site.teams.values() if t.parent is None or t.parent not in self.site.teams]
        current = period_dates(ctx, self.current) if self.current else None
        return Page(urls.TEAMS, "teams.html", "Teams", {"roots": roots, "current": current})

    def team(self, team_id: str) -> Page:
        path = urls.team_page(team_id)
        ctx = self.at(path)
        ctx.deps.add(("team-objectives", team_id))
        team = self.site.teams[team_id]
        current = self.current.id if self.current else None
        history = []
        earlier = []
        for period in reversed(list(self.site.periods.values())):
            own = self.index.by_team_period.get((team_id, period.id), [])
            if not own:
                continue
            result = self.results.periods[period.id]
            history.append({**period_dates(ctx, period), "score": fmt.score(result.team_scores.get(team_id)),
                            "progress": round((result.team_scores.get(team_id) or 0) * 100),
                            "alignment": fmt.percent(result.team_alignment.get(team_id)), "objectives": len(own)})
            if period.id != current:
                earlier.append({"period": period_dates(ctx, period), "objectives": [objective_card(ctx, o) for o in own]})
        current_objectives = [objective_card(ctx, o) for o in self.index.by_team_period.get((team_id, current), [])]
        period_result = self.results.periods[current] if current else None
        data = {
            "team": {**ctx.team(team_id), "lead": ctx.person(team.lead),
                     "members": [ctx.person(m) for m in team.members],
                     "parent": ctx.team(team.parent) if team.parent in self.site.teams else None,
                     "children": [ctx.team(c) for c in self.children[team_id]],
                     "body": self._body(team.body)},
            "current": period_dates(ctx, self.current) if self.current else None,
            "score": fmt.score(period_result.team_scores.get(team_id)) if period_result else "—",
            "alignment": fmt.percent(period_result.team_alignment.get(team_id)) if period_result else "—",
            "objectives": current_objectives, "earlier": earlier, "history": history,
            "kpis": [kpi_card(ctx, k) for k in self.index.kpis_of.get(team_id, [])],
        }
        return Page(path, "team.html", team.name, data)

    # -- objectives ---------------------------------------------------------------------------

    def chain(self, ref: str) -> list[dict]:
        """From an objective up through what it aligns to, to the company (first reference each step)."""
        steps: list[dict] = []
        seen = {ref}
        current = self.site.objectives[ref]
        while current.aligns_to:
            reference = current.aligns_to[0]
            if reference.objective in seen:
                break
            seen.add(reference.objective)
            current = self.site.objectives[reference.objective]
            card = objective_card(self.ctx, current)
            card["via"] = next((k.title for k in current.key_results if k.id == reference.key_result), None)
            steps.append(card)
        return steps

    def objective(self, objective: Objective) -> Page:
        path = urls.objective_page(objective.ref)
        ctx = self.at(path)
        period = self.site.periods[objective.period]
        result = self.results.objectives[objective.ref]
        aligns = []
        for reference in objective.aligns_to:
            target = self.site.objectives[reference.objective]
            card = objective_card(ctx, target)
            card["via"] = next((k.title for k in target.key_results if k.id == reference.key_result), None)
            card["kr_url"] = ctx.link(urls.objective_page(target.ref) + f"#kr-{reference.key_result}") if reference.key_result else None
            card["chain"] = self.chain(target.ref)
            aligns.append(card)
        ctx.deps.add(("supporters", objective.ref))  # which objectives support it (their cards record themselves)
        supporters = [objective_card(ctx, self.site.objectives[r]) for r in self.ctx.supporters.get(objective.ref, [])]
        data = {
            "objective": objective_card(ctx, objective),
            "period": period_dates(ctx, period),
            "key_results": [key_result_view(ctx, objective, k, period, with_chart=True) for k in objective.key_results],
            "provenance": objective_provenance(objective, result),
            "expected": fmt.score(result.expected), "confidence": "—" if result.confidence is None else f"{round(result.confidence * 100)}%",
            "tags": list(objective.tags), "aligns": aligns, "supporters": supporters,
            "body": self._body(objective.body), "source": objective.source.path,
        }
        return Page(path, "objective.html", objective.title, data)

    # -- KPIs ---------------------------------------------------------------------------------

    def kpi_index(self) -> Page:
        ctx = self.at(urls.KPIS)
        ctx.deps.add(("kpis-all",))
        cards = [kpi_card(ctx, k) for k in self.site.kpis.values()]
        counts = {c: sum(1 for k in cards if k["health"].colour == c) for c in ("green", "amber", "red")}
        return Page(urls.KPIS, "kpis.html", "KPIs", {"kpis": cards, "counts": counts,
                                                     "stale": sum(1 for k in cards if k["stale"])})

    def kpi(self, ref: str) -> Page:
        path = urls.kpi_page(ref)
        ctx = self.at(path)
        ctx.deps.add(("kpi-users", ref))
        kpi = self.site.kpis[ref]
        result = self.results.kpis[ref]
        points = [charts.Point(s.date, s.value, f"{fmt.day(s.date)}: {fmt.number(s.value, kpi.unit)}")
                  for s in result.snapshots]
        users = [
            {**objective_card(ctx, o), "kr": k.title, "kr_url": ctx.link(urls.objective_page(o.ref) + f"#kr-{k.id}")}
            for o, k in self.index.kpi_users.get(ref, [])
        ]
        data = {
            "kpi": kpi_card(ctx, kpi),
            "chart": charts.kpi_chart("kpi-chart", points, kpi.target, kpi.alert, kpi.direction, kpi.unit,
                                      f"{kpi.title} over time"),
            "snapshots": [{"date": fmt.day(s.date), "value": fmt.number(s.value, kpi.unit), "note": s.note}
                          for s in reversed(kpi.snapshots) if s.date <= self.results.as_of],
            "users": users, "body": self._body(kpi.body),
        }
        return Page(path, "kpi.html", kpi.title, data)

    # -- people -------------------------------------------------------------------------------

    def people_index(self) -> Page:
        ctx = self.at(urls.PEOPLE)
        ctx.deps.add(("people-all",))
        people = [{"name": name, "url": ctx.link(urls.person_page(slug))}
                  for name, slug in sorted(self.ctx.people.items(), key=lambda i: i[0].lower())]
        return Page(urls.PEOPLE, "people.html", "People", {"people": people})

    def person(self, name: str, slug: str) -> Page:
        path = urls.person_page(slug)
        ctx = self.at(path)
        ctx.deps.update({("person", name), ("person-items", name)})
        leads = [ctx.team(t) for t in self.index.led.get(name, [])]
        member_of = [ctx.team(t) for t in self.index.member_of.get(name, [])]
        owned = [objective_card(ctx, o) for o in reversed(self.index.owned.get(name, []))]
        owned.sort(key=lambda card: self.site.periods[card["period"]].sort_key, reverse=True)
        key_results = [
            {**key_result_view(ctx, objective, k, self.site.periods[objective.period]),
             "objective": objective.title, "period": objective.period,
             "url": ctx.link(urls.objective_page(objective.ref) + f"#kr-{k.id}")}
            for objective, k in self.index.key_results_owned.get(name, [])
        ]
        data = {"name": name, "leads": leads, "member_of": member_of, "objectives": owned, "key_results": key_results}
        return Page(path, "person.html", name, data)
