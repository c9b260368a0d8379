"""View data for templates: formatted numbers, statuses with words, provenance and charts.

Templates never see raw front-matter; every link in here is relative to the page being built.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator

from markupsafe import Markup, escape

from okrsite.compute import KeyResultResult, ObjectiveResult, Results
from okrsite.compute.kpis import KpiResult
from okrsite.compute.scores import holds, metric_score
from okrsite.compute.status import AMBER, WORDS_AFTER, goal
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.i18n import Language, N_
from okrsite.digest import Move
from okrsite.model import KeyResult, Kpi, Objective, Site, slugify
from okrsite.periods import Period
from okrsite.render import charts, urls

ICONS = {"green": "✔", "amber": "▲", "red": "✖", None: "–"}
SOURCE_WORDS = {"checkin": N_("latest check-in"), "kpi": N_("latest KPI value"), "current": N_("current value"),
                "start": N_("start (no check-in yet)"), "done": N_("milestone state"), "none": N_("no value yet")}
TREND_WORDS = {"up": N_("rising"), "down": N_("falling"), "flat": N_("flat"), None: "—"}
CADENCE_WORDS = {"daily": N_("daily"), "weekly": N_("weekly"), "monthly": N_("monthly"), "quarterly": N_("quarterly")}
KIND_WORDS = {"aspirational": N_("aspirational"), "committed": N_("committed")}
HEALTH_WORDS = {"green": N_("healthy"), "amber": N_("watch"), "red": N_("alert"), None: N_("no data")}


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # output file, relative to the site root
    template: str
    title: str
    data: dict
    as_of: date | None = None  # the date its numbers are as of, when not `as_of` (a period that is over)


def finding_view(finding: Diagnostic, site: Site, words: Language, objective: Objective | None = None) -> dict:
    """A practice note for staff, in the site's language: key results, KPIs and teams named by their
    titles, dates and numbers written as the locale writes them, `code` rendered (the rule id, the
    message as `okrsite check` prints it, and the file and line are for editors, shown apart)."""
    text = finding.message
    if finding.said is not None:
        key_results = {kr.id: kr.title for kr in objective.key_results} if objective is not None else {}
        text = words._(finding.said.template) % {key: _for_staff(words, site, key_results, key, value)
                                                 for key, value in finding.said.values}
    return {"rule": finding.rule, "message": finding.message, "hint": finding.hint,
            "text": inline_code(_sentence(text)), "advice": inline_code(_sentence(words._(finding.hint))),
            "editors": inline_code(finding.message),
            "where": f"{finding.path}:{finding.line}" if finding.line else finding.path}


def _for_staff(words: Language, site: Site, key_results: dict[str, str], key: str, value: object) -> str:
    """A value of a finding as staff read it: a title for an id, a written date, a local number."""
    if key == "kr":
        return f"“{key_results.get(str(value), value)}”"
    if key == "kpi":
        return f"“{site.kpis[str(value)].title}”" if value in site.kpis else f"“{value}”"
    if key == "team":
        return site.teams[str(value)].name if value in site.teams else str(value)
    if key == "match":
        return f"`{value}`"
    if key == "cadence":
        return words._(CADENCE_WORDS.get(str(value), str(value)))
    if isinstance(value, date):
        return words.day(value)
    if isinstance(value, float):
        return words.plain(value)
    return str(value)


_CODE = re.compile(r"`([^`]+)`")


def inline_code(text: str) -> Markup:
    """Text with Markdown's `code` spans as <code>, everything else escaped."""
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


def _sentence(text: str) -> str:
    """A message as a sentence: a capital first letter and a full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


@dataclass(frozen=True, slots=True)
class Status:
    colour: str  # green | amber | red | none
    word: str
    icon: str
    note: str = ""  # said after the word: `sweet spot`


def status_view(words: Language, colour: str | None, word: str, note: str = "") -> Status:
    """A status for templates, its words in the site's language."""
    return Status(colour or "none", words._(word), ICONS.get(colour, "–"), words._(note) if note else "")


def milestone_word(words: Language, done: bool | None) -> str:
    """A milestone's state in words: `done`, `not done`, or a dash when a check-in does not say."""
    return "—" if done is None else words._("done") if done else words._("not done")


def abandoned(words: Language) -> Status:
    """An abandoned objective and its key results: no verdict."""
    return Status("none", words._("abandoned"), "⊘")

SWEET_SPOT = (0.6, 0.7)  # the achievement rate ambitious OKRs should end at (the articles in ../shared/domain)


def objective_status(words: Language, objective: Objective, result: ObjectiveResult) -> Status:
    """An objective's status words; an aspirational one that ended in the sweet spot (0.6 up to the
    0.7 of `achieved`) says so beside its `partly achieved`, as the archive's band does."""
    sweet = (result.word == WORDS_AFTER[AMBER] and objective.kind == "aspirational"
             and SWEET_SPOT[0] - 1e-9 <= result.score < SWEET_SPOT[1])
    return status_view(words, result.status, result.word, N_("sweet spot") if sweet else "")


@dataclass(slots=True)
class Context:
    """What every view builder needs: the data, the config, and the page links start from."""

    site: Site
    results: Results
    config: Config
    words: Language  # the site's language: its messages (`words._`) and formats (`words.day`, ...)
    people: dict[str, str]  # name -> slug
    supporters: dict[str, list[str]]
    findings: dict[str, list[dict]]  # objective ref -> its OKR-practice findings (empty without badges)
    page: str = ""
    # A page of a period that is over shows every value as of that period's end (`on`); objectives
    # of longer periods still running then are computed for that day by `results_on`.
    on: date | None = None
    results_on: Callable[[Objective, date], ObjectiveResult] | None = None

    @property
    def as_of(self) -> date:
        """The date this page's values are as of."""
        return self.on or self.results.as_of

    def result(self, objective: Objective) -> ObjectiveResult:
        if self.on is None or self.results_on is None:
            return self.results.objectives[objective.ref]
        return self.results_on(objective, self.on)

    def link(self, target: str) -> str:
        return urls.relative(self.page, target)

    def edit(self, source: str) -> str | None:
        """The link that opens a content file in the repository's web editor, when `repo_url` is set."""
        return urls.edit_page(self.config.repo_url, self.config.edit_uri, source)

    def person(self, name: str | None) -> dict | None:
        if not name:
            return None
        return {"name": name, "url": self.link(urls.person_page(self.people[name]))}

    def team(self, team_id: str) -> dict:
        team = self.site.teams[team_id]
        return {"id": team.id, "name": team.name, "url": self.link(urls.team_page(team.id))}


def provenance(words: Language, key_result: KeyResult, result: KeyResultResult) -> str:
    """The score formula with this key result's own numbers."""
    if key_result.type == "milestone":
        state = words._("done") if result.measure.done else words._("not done yet")
        return f"{words.score(result.score)} = {state}"
    if key_result.type == "maintain":
        found = result.measure
        line = _line(words, key_result)
        if not found.observed:
            return words._("%(score)s: no value yet this period (the line: %(line)s)") % {
                "score": words.score(result.score), "line": line}
        return words._("%(score)s = %(held)s of %(observed)s values %(line)s") % {
            "score": words.score(result.score), "held": found.held, "observed": found.observed, "line": line}
    value, start, target = result.measure.value, key_result.start, key_result.target
    assert value is not None and start is not None and target is not None
    raw = (value - start) / (target - start)
    text = f"{words.score(result.score)} = ({words.plain(value)} − {words.plain(start)}) / ({words.plain(target)} − {words.plain(start)})"
    if raw > 1:
        return words._("%(formula)s, capped at 1") % {"formula": text}
    if raw < 0:
        return words._("%(formula)s, floored at 0") % {"formula": text}
    return text


def objective_provenance(words: Language, objective: Objective, result: ObjectiveResult) -> str:
    scores = [(result.key_results[k.id].score, k.weight) for k in objective.key_results]
    computed = result.score if result.computed is None else result.computed
    if all(weight == 1 for _, weight in scores):
        terms = " + ".join(words.score(s) for s, _ in scores)
        text = f"{words.score(computed)} = ({terms}) / {len(scores)}"
    else:
        terms = " + ".join(f"{words.score(s)} × {words.plain(w)}" for s, w in scores)
        text = f"{words.score(computed)} = ({terms}) / {words.plain(sum(w for _, w in scores))}"
    if result.computed is not None:
        return words._("%(score)s, the review's grade (computed: %(formula)s)") % {"score": words.score(result.score),
                                                                                  "formula": text}
    return text


def _line(words: Language, key_result: KeyResult) -> str:
    """How a maintain key result's value must stand to its threshold, in words: `at or above 99.5%`."""
    value = words.number(key_result.threshold, key_result.unit)
    if key_result.direction == "lower":
        return words._("at or below %(value)s") % {"value": value}
    return words._("at or above %(value)s") % {"value": value}


def key_result_view(ctx: Context, objective: Objective, key_result: KeyResult, period: Period,
                    with_chart: bool = False) -> dict:
    """A key result for templates; `with_chart` (its own page) adds the chart and the check-in table."""
    result = ctx.result(objective).key_results[key_result.id]
    as_of = ctx.as_of
    milestone, maintain = key_result.type == "milestone", key_result.type == "maintain"
    rows = [
        {"date": ctx.words.day(c.date), "iso": c.date.isoformat(), "counted": c.date <= as_of and period.contains(c.date),
         "value": milestone_word(ctx.words, c.done) if milestone
         else ctx.words.number(c.value, key_result.unit),
         "confidence": ctx.words.percent(c.confidence), "note": c.note}
        for c in key_result.checkins
    ] if with_chart else []
    view = {
        "id": key_result.id, "anchor": f"kr-{key_result.id}", "title": key_result.title, "type": key_result.type,
        "milestone": milestone,
        "value": milestone_word(ctx.words, result.measure.done) if milestone
        else ctx.words.number(result.measure.value, key_result.unit),
        "start": ctx.words.number(key_result.start, key_result.unit),
        "target": f"{'≤' if key_result.direction == 'lower' else '≥'} {ctx.words.number(key_result.threshold, key_result.unit)}"
        if maintain else ctx.words.number(key_result.target, key_result.unit),
        "maintain": maintain, "held_count": result.measure.held if maintain else 0,
        "observed": result.measure.observed if maintain else 0,
        "held": ctx.words._("%(held)s of %(observed)s") % {"held": result.measure.held,
                                                           "observed": result.measure.observed} if maintain else "",
        "direction": (ctx.words._("hold %(line)s") % {"line": _line(ctx.words, key_result)} if maintain
                      else ctx.words._("lower is better") if not milestone and key_result.target < key_result.start
                      else ""),
        "score": ctx.words.score(result.score), "progress": round(result.score * 100),
        "expected": round(min(1.0, result.expected) * 100),
        "status": status_view(ctx.words, result.status, result.word) if objective.state != "abandoned"
        else abandoned(ctx.words),
        "confidence": ctx.words.percent(result.confidence), "weight": ctx.words.plain(key_result.weight),
        "weighted": key_result.weight != 1, "owner": ctx.person(key_result.owner), "due": ctx.words.day(key_result.due),
        "provenance": provenance(ctx.words, key_result, result), "checkins": rows,
        "checkin_command": _checkin_command(ctx, objective, key_result) if with_chart else "",
        "kpi": None, "start_from_kpi": key_result.start_from_kpi, "changed": _since_previous(ctx.words, key_result, period, as_of),
        "source": ctx.words._(SOURCE_WORDS[result.measure.source]),
        "chart": "",
    }
    if key_result.kpi and key_result.kpi in ctx.site.kpis:
        kpi = ctx.site.kpis[key_result.kpi]
        view["kpi"] = {"title": kpi.title, "url": ctx.link(urls.kpi_page(kpi.ref))}
    if with_chart:
        view["chart"] = _key_result_chart(ctx, objective, key_result, period)
    return view


def _since_previous(words: Language, key_result: KeyResult, period: Period, as_of: date) -> str:
    """What the latest counted check-in changed against the one before: `+3 since 7 Aug 2026 (18 → 21)`."""
    if key_result.kpi:
        return ""
    field = "done" if key_result.type == "milestone" else "value"
    counted = [c for c in key_result.checkins if period.start <= c.date <= min(as_of, period.end)
               and getattr(c, field) is not None]
    if len(counted) < 2:
        return ""
    before, latest = counted[-2], counted[-1]
    if field == "done":
        if latest.done and not before.done:
            return words._("done since %(day)s") % {"day": words.day(before.date)}
        if before.done and not latest.done:
            return words._("no longer done")
        return words._("unchanged since %(day)s") % {"day": words.day(before.date)}
    change = latest.value - before.value
    if change == 0:
        return words._("unchanged since %(day)s") % {"day": words.day(before.date)}
    unit = key_result.unit
    sign = "+" if change > 0 else "−"
    return words._("%(change)s since %(day)s (%(before)s → %(after)s)") % {
        "change": sign + words.number(abs(change), unit), "day": words.day(before.date),
        "before": words.number(before.value, unit), "after": words.number(latest.value, unit)}


def _checkin_command(ctx: Context, objective: Objective, key_result: KeyResult) -> str:
    """The `okrsite checkin` command that adds a check-in to this key result, shown where the site
    says where its files are (`repo_url`): for the people who keep them up to date."""
    if not ctx.config.repo_url:
        return ""
    state = "--done" if key_result.type == "milestone" else "--value <value>"
    return f"okrsite checkin {objective.ref}#{key_result.id} {state} --confidence <0-1> --note \"…\""


def _key_result_chart(ctx: Context, objective: Objective, key_result: KeyResult, period: Period) -> str:
    as_of = ctx.as_of
    points: list[charts.Point] = []
    if key_result.type == "maintain":
        return _threshold_chart(ctx, key_result, period)
    if key_result.type == "milestone":
        for c in key_result.checkins:
            if c.done is not None and c.date <= as_of and period.contains(c.date):
                points.append(charts.Point(c.date, 1.0 if c.done else 0.0, f"{ctx.words.day(c.date)}: "
                                                   + milestone_word(ctx.words, c.done)))
        return charts.milestone_chart(ctx.words, f"chart-{key_result.id}", period.start, period.end, as_of, key_result.due,
                                      points, ctx.words._("“%(title)s”: done or not, against its due date")
                                      % {"title": key_result.title})
    start, target, unit = key_result.start, key_result.target, key_result.unit
    assert start is not None and target is not None
    series = [(c.date, c.value) for c in key_result.checkins if c.value is not None]
    if key_result.kpi and key_result.kpi in ctx.site.kpis:
        series = [(s.date, s.value) for s in ctx.site.kpis[key_result.kpi].snapshots if period.contains(s.date)]
    for on, value in series:  # the values themselves: a metric that worsens goes the wrong way on the chart
        if on <= as_of and period.contains(on):
            progress = metric_score(value, start, target)
            points.append(charts.Point(on, value, f"{ctx.words.day(on)}: {ctx.words.number(value, unit)} ({round(progress * 100)}%)"))
    if not points or points[0].on > period.start:
        label = ctx.words._("start %(value)s") % {"value": ctx.words.number(start, unit)}
        points.insert(0, charts.Point(period.start, start, f"{ctx.words.day(period.start)}: {label}"))
    return charts.value_chart(ctx.words, f"chart-{key_result.id}", period.start, period.end, as_of, points, start, target,
                              goal(objective.kind, ctx.config.status), unit,
                              ctx.words._("Values of “%(title)s” against the expected pace") % {"title": key_result.title})


def _threshold_chart(ctx: Context, key_result: KeyResult, period: Period) -> str:
    """A maintain key result's values in the period against its threshold line."""
    assert key_result.threshold is not None
    last = min(ctx.as_of, period.end)
    series = [(c.date, c.value) for c in key_result.checkins if c.value is not None]
    if key_result.kpi and key_result.kpi in ctx.site.kpis:
        series = [(s.date, s.value) for s in ctx.site.kpis[key_result.kpi].snapshots]
    unit = key_result.unit
    held, missed = ctx.words._("held"), ctx.words._("missed")
    points = [charts.Point(on, value, f"{ctx.words.day(on)}: {ctx.words.number(value, unit)}"
                                      f" ({held if holds(key_result, value) else missed})")
              for on, value in series if period.start <= on <= last]
    return charts.threshold_chart(ctx.words, f"chart-{key_result.id}", period.start, period.end, ctx.as_of, points,
                                  key_result.threshold, key_result.direction or "higher", unit,
                                  ctx.words._("Values of “%(title)s” against its line, %(line)s") % {
                                      "title": key_result.title, "line": _line(ctx.words, key_result)})


class Deferred(Sequence):
    """A list of views made on first use, for view data that templates may not show."""

    __slots__ = ("_make", "_items")

    def __init__(self, make: Callable[[], list]) -> None:
        self._make: Callable[[], list] | None = make
        self._items: list = []

    def _views(self) -> list:
        if self._make is not None:
            self._items, self._make = self._make(), None
        return self._items

    def __getitem__(self, index):
        return self._views()[index]

    def __len__(self) -> int:
        return len(self._views())

    def __iter__(self) -> Iterator:
        return iter(self._views())


def objective_card(ctx: Context, objective: Objective) -> dict:
    """An objective as listed on dashboards, team and people pages."""
    return {**_objective_card(ctx, objective), "key_results": _key_results(ctx, objective)}


def _key_results(ctx: Context, objective: Objective) -> Deferred:
    """Built when a template reads them (the alignment tree shows none of 6,000 on a large site);
    each page has its own context, so their links are the page's whenever they are made."""
    period = ctx.site.periods[objective.period]
    return Deferred(lambda: [key_result_view(ctx, objective, k, period) for k in objective.key_results])


def _objective_card(ctx: Context, objective: Objective) -> dict:
    """An objective card without its key results (see `objective_card`)."""
    result = ctx.result(objective)
    period_end = ctx.site.periods[objective.period].end
    return {
        "ref": objective.ref, "anchor": "o-" + objective.ref.replace("/", "-"), "title": objective.title,
        "url": ctx.link(urls.objective_page(objective.ref)), "team": ctx.team(objective.team),
        "period": objective.period, "period_url": ctx.link(urls.period_page(objective.period)),
        "owner": ctx.person(objective.owner), "kind": ctx.words._(KIND_WORDS[objective.kind]),
        "score": ctx.words.score(result.score),
        "person": ctx.person(objective.person),  # an individual objective's person
        "progress": round(result.score * 100), "expected": round(min(1.0, result.expected) * 100),
        "over": result.word in WORDS_AFTER.values(),  # its period is over: a verdict, no pace to keep
        "status": objective_status(ctx.words, objective, result) if objective.state != "abandoned"
        else abandoned(ctx.words),
        "aligned": result.aligned if objective.state == "active" else None,
        "state": objective.state, "reason": objective.reason,
        "computed": ctx.words.score(result.computed) if result.computed is not None else "",
        "findings": ctx.findings.get(objective.ref, []),
        "health_url": ctx.link(urls.health_page(objective.period) + "#" + "o-" + objective.ref.replace("/", "-")),
        # values of a period still running on the day this page is as of: say which day that is
        "as_of": ctx.words.day(ctx.on) if ctx.on is not None and ctx.on < period_end else "",
        "expected_score": ctx.words.score(result.expected) if ctx.as_of <= period_end and objective.state == "active" else "",
        "latest": latest_checkin(ctx, objective),
        "risk": risk_key(result) if objective.state == "active" else (3, 0.0),
        "filter": {"tags": " ".join(slugify(t) for t in objective.tags),
                   "owner": ctx.people[objective.owner] if objective.owner else ""},
    }


def filters(ctx: Context, objectives: list[Objective]) -> dict:
    """Links that narrow a list of objectives by tag (tag pages) and by owner (person pages): plain
    links, so they work without JavaScript; with it, on a page that shows the objectives' cards, they
    narrow the cards in place (the slugs match the cards' `filter` words)."""
    tags: dict[str, str] = {}
    owners: dict[str, None] = {}
    for objective in objectives:
        for tag in objective.tags:
            tags.setdefault(slugify(tag), tag)
        if objective.owner:
            owners[objective.owner] = None
    return {"tags": [{"name": name, "slug": slug, "url": ctx.link(urls.tag_page(slug))}
                     for slug, name in sorted(tags.items())],
            "owners": [{**ctx.person(name), "slug": ctx.people[name]} for name in sorted(owners, key=str.lower)]}


def move_view(ctx: Context, move: Move) -> dict:
    """An objective's status change or score move over a week."""
    objective = move.objective
    return {"title": objective.title, "url": ctx.link(urls.objective_page(objective.ref)),
            "team": ctx.site.teams[objective.team].name,
            "from": status_view(ctx.words, move.before.status, move.before.word),
            "to": status_view(ctx.words, move.after.status, move.after.word),
            "worse": move.worse, "delta": ctx.words.delta(move.delta), "score": ctx.words.score(move.after.score),
            "moved": (ctx.words._("up %(change)s") if move.delta > 0 else ctx.words._("down %(change)s"))
            % {"change": ctx.words.score(abs(move.delta))}}


def review_view(ctx: Context, objective: Objective) -> dict | None:
    """An objective's end-of-period review, with the later objective it carries over to."""
    review = objective.review
    if review is None:
        return None
    result = ctx.result(objective)
    later = ctx.site.objectives[review.next_ref] if review.next_ref else None
    return {"grade": ctx.words.score(review.grade) if review.grade is not None else "", "graded": review.graded,
            "computed": ctx.words.score(result.computed if result.computed is not None else result.score),
            "why": review.reason, "learned": review.learned, "next": review.next,
            "next_url": ctx.link(urls.objective_page(later.ref)) if later else "",
            "next_title": later.title if later else ""}


RISK_ORDER = {"red": 0, "amber": 1, "green": 2}


def risk_key(result: ObjectiveResult) -> tuple[int, float]:
    """Off track first, then at risk, then on track; within each, the furthest behind the expected pace first."""
    return RISK_ORDER[result.status], result.score - result.expected


def by_risk(cards: list[dict]) -> list[dict]:
    """Objective cards (or team rows with a `risk`) in the order a reader should look at them."""
    return sorted(cards, key=lambda card: card["risk"])


def latest_checkin(ctx: Context, objective: Objective) -> dict | None:
    """The newest check-in of the objective's key results that counts on this page's day, preferring
    one with a note: the why behind the number, shown on its card."""
    period = ctx.site.periods[objective.period]
    last = min(ctx.as_of, period.end)
    found = None
    for key_result in objective.key_results:
        for checkin in reversed(key_result.checkins):
            if checkin.date <= last:
                if checkin.date >= period.start and (found is None or (bool(checkin.note), checkin.date)
                                                     > (bool(found[0].note), found[0].date)):
                    found = (checkin, key_result)
                break  # older ones of this key result are older still
    if found is None:
        return None
    checkin, key_result = found
    return {"note": checkin.note, "date": ctx.words.day(checkin.date), "iso": checkin.date.isoformat(),
            "confidence": ctx.words.percent(checkin.confidence), "key_result": key_result.title}


def kpi_card(ctx: Context, kpi: Kpi, result: KpiResult | None = None) -> dict:
    """A KPI as listed on dashboards; `result` for a past period's view, else as of `as_of`."""
    result = result or ctx.results.kpis[kpi.ref]
    trend_word = ctx.words._(TREND_WORDS[result.trend])
    return {
        "ref": kpi.ref, "title": kpi.title, "url": ctx.link(urls.kpi_page(kpi.ref)), "team": ctx.team(kpi.team),
        "value": ctx.words.number(result.value, kpi.unit), "date": ctx.words.day(result.on),
        "ago": ctx.words.ago(result.on, ctx.as_of) if result.on else "",
        "target": ctx.words.number(kpi.target, kpi.unit), "alert": ctx.words.number(kpi.alert, kpi.unit),
        "stretch": ctx.words.number(kpi.stretch, kpi.unit) if kpi.stretch is not None else "",
        "direction": ctx.words._("higher is better") if kpi.direction == "higher" else ctx.words._("lower is better"),
        "health": status_view(ctx.words, result.health, HEALTH_WORDS[result.health]), "stale": result.stale,
        "trend": trend_word, "trend_icon": {"up": "↗", "down": "↘", "flat": "→", None: ""}[result.trend],
        "improving": result.improving, "cadence": ctx.words._(CADENCE_WORDS.get(kpi.cadence, kpi.cadence)),
    }


def period_dates(ctx: Context, period: Period) -> dict:
    """A period's id, links, dates and elapsed time: what does not move when an objective does."""
    result = ctx.results.periods[period.id]
    return {
        "id": period.id, "kind": period.kind, "url": ctx.link(urls.period_page(period.id)),
        "alignment_url": ctx.link(urls.alignment_page(period.id)), "start": ctx.words.day(period.start),
        "health_url": ctx.link(urls.health_page(period.id)),
        "end": ctx.words.day(period.end), "elapsed": ctx.words.percent(result.elapsed), "elapsed_value": round(result.elapsed * 100),
        "over": result.over, "running": 0 < result.elapsed < 1,
    }


def period_summary(ctx: Context, period: Period) -> dict:
    """`period_dates` with the organization score and alignment rate of the period."""
    result = ctx.results.periods[period.id]
    return {**period_dates(ctx, period), "score": ctx.words.score(result.score), "alignment": ctx.words.percent(result.alignment)}


def latest_within(entries: tuple, first: date, last: date) -> date | None:
    """The latest date from `first` to `last` of a series sorted by date (check-ins, snapshots)."""
    for entry in reversed(entries):
        if entry.date <= last:
            return entry.date if entry.date >= first else None
    return None


Series = tuple  # (owner: objective or KPI, key result or None, entries sorted by date, first day, last day)


def newest_entries(series: list[Series], limit: int, key: Callable[[object, KeyResult | None, object], str],
                   latest: list[date | None] | None = None) -> list[tuple]:
    """The `limit` newest entries from `first` to `last` of all series, newest first (then by
    `key`, ties in series order), as (date, key, owner, key result, entry).

    If `limit` series each have an entry on or after day L, nothing older than L can be among the
    newest: only the tails of the series from there on are looked at. `latest` gives each series'
    latest counted day when the caller already knows it.
    """
    if latest is None:
        latest = [latest_within(entries, first, last) for _, _, entries, first, last in series]
    known = [day for day in latest if day is not None]
    cutoff = heapq.nlargest(limit, known)[-1] if len(known) >= limit else date.min
    events: list[tuple] = []
    for (owner, key_result, entries, first, last), day in zip(series, latest):
        if day is None or day < cutoff:
            continue
        start = len(entries)
        while start and entries[start - 1].date >= cutoff:
            start -= 1
        events.extend((e.date, key(owner, key_result, e), owner, key_result, e)
                      for e in entries[start:] if first <= e.date <= last)
    return heapq.nlargest(limit, events, key=lambda e: (e[0], e[1]))


def what_moved(ctx: Context, objectives: list[Objective], period: Period, limit: int = 12) -> list[dict]:
    """The latest check-ins of the period's objectives and KPI snapshots, newest first."""
    as_of = ctx.as_of
    last = min(period.end, as_of)
    series = [(objective, key_result, key_result.checkins, date.min, as_of)
              for objective in objectives for key_result in objective.key_results]
    series += [(kpi, None, kpi.snapshots, period.start, last) for kpi in ctx.site.kpis.values()]
    events = newest_entries(series, limit, lambda owner, key_result, _: _moved_id(owner, key_result))
    views = []
    for on, _, owner, key_result, entry in events:
        if key_result is not None:
            value = (milestone_word(ctx.words, entry.done) if entry.done is not None
                     else ctx.words.number(entry.value, key_result.unit))
            views.append({"date": ctx.words.day(on), "kind": ctx.words._("check-in"), "title": key_result.title,
                          "url": ctx.link(urls.objective_page(owner.ref) + f"#kr-{key_result.id}"),
                          "team": ctx.site.teams[owner.team].name, "value": value, "note": entry.note,
                          "confidence": ctx.words.percent(entry.confidence)})
        else:
            views.append({"date": ctx.words.day(on), "kind": ctx.words._("KPI"), "title": owner.title,
                          "url": ctx.link(urls.kpi_page(owner.ref)),
                          "team": ctx.site.teams[owner.team].name, "value": ctx.words.number(entry.value, owner.unit),
                          "note": entry.note, "confidence": ""})
    return views


def _moved_id(owner: Objective | Kpi, key_result: KeyResult | None) -> str:
    """What orders the entries of one day in "what moved"."""
    return owner.ref + (key_result.id if key_result else "")
