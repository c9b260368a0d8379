"""Which pages a site has, at which paths, and the lookups their view data is built from.

The view data of each kind of page lives in `okrsite.render.pages`; this module only says what
exists. `build` asks for every page in `plan()` order; `serve` asks for one page at a time.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Callable

from okrsite.compute import ObjectiveResult, Results, ResultsOn
from okrsite.compute.alignment import supporters
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.i18n import ENGLISH, Language
from okrsite.digest import recent_weeks, week_id
from okrsite.memo import Memo, compute_now
from okrsite.model import KeyResult, Kpi, Objective, Site, slugify
from okrsite.periods import Period
from okrsite.render import urls
from okrsite.render.markdown import make_renderer, render
from okrsite.render.pages import alignment, dashboards, digests, kpis, objectives, people, teams
from okrsite.render.views import Context, Page, finding_view


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
        names.update(n for n in (objective.owner, *(k.owner for k in objective.key_results)) if n)
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for name in sorted(names):
        slug, n = urls.slugify(name), 2
        while slug in used:
            slug, n = f"{urls.slugify(name)}-{n}", n + 1
        used.add(slug)
        slugs[name] = slug
    return slugs


class Index:
    """Lookups built once, so that no page scans the whole site (10,000 objectives stay linear)."""

    def __init__(self, site: Site) -> None:
        self.by_period = site.by_period()
        self.individual_by_period = site.by_period(individual=True)
        self.abandoned_by_period = {p: [*site.by_period(state="abandoned")[p],
                                        *site.by_period(individual=True, state="abandoned")[p]] for p in site.periods}
        self.individual: dict[str, list[Objective]] = {}  # a person's own objectives
        self.by_path = {o.source.path: o.ref for o in site.objectives.values()}  # ref of an objective file
        self.supporters = supporters(site)
        self.by_team_period: dict[tuple[str, str], list[Objective]] = {}
        self.owned: dict[str, list[Objective]] = {}
        self.key_results_owned: dict[str, list[tuple[Objective, KeyResult]]] = {}
        self.kpi_users: dict[str, list[tuple[Objective, KeyResult]]] = {}
        self.tagged: dict[str, list[Objective]] = {}  # objectives by the slug of a tag they have
        self.tag_names: dict[str, str] = {}  # a tag's slug -> the tag as first written
        for objective in site.objectives.values():
            self.by_team_period.setdefault((objective.holder, objective.period), []).append(objective)
            for tag in dict.fromkeys(slugify(t) for t in objective.tags):
                self.tagged.setdefault(tag, []).append(objective)
            for tag in objective.tags:
                self.tag_names.setdefault(slugify(tag), tag)
            if objective.person:
                self.individual.setdefault(objective.person, []).append(objective)
            elif objective.owner:
                self.owned.setdefault(objective.owner, []).append(objective)
            for key_result in objective.key_results:
                if key_result.owner:
                    self.key_results_owned.setdefault(key_result.owner, []).append((objective, key_result))
                if key_result.kpi:
                    self.kpi_users.setdefault(key_result.kpi, []).append((objective, key_result))
        self.led: dict[str, list[str]] = {}
        self.member_of: dict[str, list[str]] = {}
        for team in site.teams.values():
            if team.lead:
                self.led.setdefault(team.lead, []).append(team.id)
            for member in dict.fromkeys(team.members):
                self.member_of.setdefault(member, []).append(team.id)
        self.kpis_of: dict[str, list[Kpi]] = {}
        for kpi in site.kpis.values():
            self.kpis_of.setdefault(kpi.team, []).append(kpi)
        self.children: dict[str, list[str]] = {t: [] for t in site.teams}
        for team in sorted(site.teams.values(), key=lambda t: t.id):
            if team.parent in self.children:
                self.children[team.parent].append(team.id)


class PageBuilder:
    """What every page's view data is built from: the model, its results, the findings and the lookups.

    Nothing in it changes once it is made (past results it computes are kept, the same each time),
    and every page gets a context of its own (`at`), so pages can be built in any order, any number
    of times, from any thread.
    """

    def __init__(self, site: Site, results: Results, config: Config, findings: list[Diagnostic] = (),
                 memo: Memo = compute_now, words: Language = ENGLISH) -> None:
        self.site, self.results, self.config, self.words = site, results, config, words
        self.findings = sorted(findings, key=Diagnostic.sort_key)
        self.index = Index(site)
        self.by_period = self.index.by_period
        self.individual_by_period = self.index.individual_by_period
        self.abandoned_by_period = self.index.abandoned_by_period
        self.supporters = self.index.supporters
        self.children = self.index.children
        self.by_objective: dict[str, list[dict]] = {}
        for finding in self.findings:
            if finding.path in self.index.by_path:
                ref = self.index.by_path[finding.path]
                self.by_objective.setdefault(ref, []).append(finding_view(finding, site, words, site.objectives[ref]))
        self.badges = self.by_objective if config.lint.badges else {}
        self.people = collect_people(site)
        self.current = current_period(site, results)
        self.root = site.root_team
        self.md = make_renderer(config.markdown.allow_html)
        self.past = ResultsOn(site, results, config.status, memo)  # results on past days, kept
        # the weekly digests the site keeps: the latest weeks in which some period ran
        self.digest_mondays = [m for m in recent_weeks(results.as_of)
                               if any(p.start <= m + timedelta(days=6) and p.end >= m for p in site.periods.values())]
        self.digest_weeks = [week_id(m) for m in self.digest_mondays]

    def at(self, path: str, period: Period | None = None) -> Context:
        """A context for building the page at `path`: its links start from there. The page of a
        `period` that is over shows every value as of that period's end."""
        on = period.end if period is not None and period.end < self.results.as_of else None
        return Context(self.site, self.results, self.config, self.words, self.people, self.supporters, self.badges,
                       path, on, self.result_on)

    def result_on(self, objective: Objective, day: date) -> ObjectiveResult:
        """An objective's result as of `day` (see `ResultsOn`)."""
        return self.past(objective, day)

    def body(self, text: str) -> str:
        """A Markdown body as HTML."""
        return render(self.md, text)

    def other_findings(self, period: Period) -> list[dict]:
        """Findings about KPIs and the organization (not one objective) that concern `period`."""
        return [finding_view(f, self.site, self.words) for f in self.findings if f.path not in self.index.by_path
                and (f.rule != "sandbagging" or period.id in f.message)]

    def plan(self) -> dict[str, Callable[[], Page]]:
        """Every page's path and how to build it, in a stable order."""
        plan: dict[str, Callable[[], Page]] = {}
        if self.current is not None:
            plan[urls.HOME] = partial(dashboards.dashboard, self, urls.HOME, self.current, home=True)
        else:  # no objectives yet: the home page shows the teams
            plan[urls.HOME] = partial(teams.team_index, self, urls.HOME)
        for period in self.site.periods.values():
            plan[urls.period_page(period.id)] = partial(dashboards.dashboard, self, urls.period_page(period.id), period)
            plan[urls.alignment_page(period.id)] = partial(alignment.alignment, self, period)
            plan[urls.health_page(period.id)] = partial(dashboards.health, self, period)
        for first in self.digest_mondays:
            plan[urls.digest_page(week_id(first))] = partial(digests.digest_page, self, first)
        plan[urls.ARCHIVE] = partial(dashboards.archive, self)
        plan[urls.TEAMS] = partial(teams.team_index, self)
        plan.update((urls.team_page(t), partial(teams.team, self, t)) for t in self.site.teams)
        plan.update((urls.objective_page(o.ref), partial(objectives.objective, self, o))
                    for o in self.site.objectives.values())
        plan.update((urls.tag_page(slug), partial(teams.tag, self, slug)) for slug in sorted(self.index.tagged))
        plan[urls.KPIS] = partial(kpis.kpi_index, self)
        plan.update((urls.kpi_page(k), partial(kpis.kpi, self, k)) for k in self.site.kpis)
        plan[urls.PEOPLE] = partial(people.people_index, self)
        plan.update((urls.person_page(slug), partial(people.person, self, name, slug))
                    for name, slug in sorted(self.people.items(), key=lambda item: item[1]))
        plan[urls.NOT_FOUND] = partial(Page, urls.NOT_FOUND, "404.html", self.words._("Page not found"), {})
        return plan
