"""A synthetic company as plain data, drawn deterministically from a seed.

company -> departments -> teams; every team has objectives in every quarter, aligned to its
parent team's objectives (or their key results) of the same quarter; weekly check-ins and
monthly KPI snapshots run up to `AS_OF`. Nothing here touches the disk.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from corpus import (COMPANY_NAME, DEPARTMENTS, FIRST_NAMES, KPIS, LAST_NAMES, METRICS, MILESTONES, NOTES,
                    OBJECTIVE_PHRASES, OBJECTIVE_SUBJECTS, OBJECTIVE_VERBS, SENTENCES, SQUADS, TAGS, THINGS,
                    KpiKind, Metric)

AS_OF = date(2026, 8, 19)
QUARTERS: tuple[str, ...] = tuple(f"{year}-Q{n}" for year in (2025, 2026) for n in (1, 2, 3, 4))
OBJECTIVES_PER_QUARTER = (3, 4, 4, 4, 5, 5)  # drawn per team and quarter: mean 4.17
KPIS_PER_TEAM = (2, 3, 3, 4, 4, 5)
FIRST_SNAPSHOT = date(2024, 7, 1)  # before the first quarter, so KPI-linked results have a start
_STOP_WORDS = {"the", "of", "to", "for", "with", "a", "an", "our", "every", "and", "by", "we", "can", "from",
               "in", "own", "beyond", "make", "people", "want"}


@dataclass(slots=True)
class TeamSpec:
    id: str
    name: str
    parent: str | None
    lead: str
    members: list[str]
    body: str


@dataclass(slots=True)
class KpiSpec:
    team: str
    kind: KpiKind
    target: float
    alert: float | None
    stretch: float | None
    snapshots: list[tuple[date, float]]
    csv: bool  # older snapshots live in a CSV file beside the KPI
    body: str

    @property
    def ref(self) -> str:
        return f"{self.team}/{self.kind.slug}"

    def start_before(self, day: date) -> float | None:
        """The last snapshot before `day`: a KPI-linked key result's default start."""
        earlier = [value for on, value in self.snapshots if on < day]
        return earlier[-1] if earlier else None


@dataclass(slots=True)
class CheckinSpec:
    day: date
    value: float | None = None
    done: bool | None = None
    confidence: str | None = None  # as written: `0.7` or `"70%"`
    note: str | None = None


@dataclass(slots=True)
class KeyResultSpec:
    id: str
    title: str
    milestone: bool = False
    start: float | None = None
    target: float | None = None
    unit: str = ""
    decimals: int = 0
    kpi: str | None = None
    weight: int = 1
    owner: str | None = None
    due: date | None = None
    checkins: list[CheckinSpec] = field(default_factory=list)


@dataclass(slots=True)
class ObjectiveSpec:
    period: str
    team: str
    slug: str
    title: str
    owner: str | None
    kind: str
    aligns_to: list[str]
    tags: list[str]
    key_results: list[KeyResultSpec]
    body: str

    @property
    def path(self) -> str:
        return f"content/okrs/{self.period}/{self.team}/{self.slug}.md"


@dataclass(slots=True)
class Company:
    teams: list[TeamSpec]
    kpis: list[KpiSpec]
    objectives: list[ObjectiveSpec]

    def people(self) -> set[str]:
        names = {n for t in self.teams for n in (t.lead, *t.members)}
        names.update(o.owner for o in self.objectives if o.owner)
        names.update(k.owner for o in self.objectives for k in o.key_results if k.owner)
        return names

    def html_pages(self) -> int:
        """HTML pages okrsite writes: home, per period dashboard + alignment + health, archive,
        team index + teams, objectives, KPI index + KPIs, people index + people, 404."""
        periods = len({o.period for o in self.objectives})
        return (1 + 3 * periods + 1 + 1 + len(self.teams) + len(self.objectives) + 1 + len(self.kpis)
                + 1 + len(self.people()) + 1)


def quarter_dates(quarter: str) -> tuple[date, date]:
    year, number = int(quarter[:4]), int(quarter[-1])
    start = date(year, 3 * number - 2, 1)
    following = date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
    return start, following - timedelta(days=1)


def teams_for_objectives(objectives: int) -> int:
    """How many teams give about `objectives` objectives over all quarters."""
    mean = sum(OBJECTIVES_PER_QUARTER) / len(OBJECTIVES_PER_QUARTER)
    return max(4, round(objectives / (len(QUARTERS) * mean)))


def slug_of(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in _STOP_WORDS]
    return "-".join(words[:4]) or "objective"


def number_text(value: float, decimals: int) -> str:
    """A number as YAML and titles show it: no exponent, no trailing zeros."""
    if decimals == 0:
        return str(int(round(value)))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def _title_number(value: float, decimals: int) -> str:
    return f"{round(value):,}" if decimals == 0 and value >= 10_000 else number_text(value, decimals)


class Generator:
    """Draws one company; every random choice goes through `self.rng`, in a fixed order."""

    def __init__(self, teams: int, seed: int) -> None:
        self.rng = random.Random(seed * 100_003 + teams)
        self.team_count = teams
        self.names = self._name_pool()

    # -- people, teams, KPIs ---------------------------------------------------------------------

    def _name_pool(self) -> list[str]:
        pool = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        self.rng.shuffle(pool)
        return pool

    def _person(self, index: int) -> str:
        base = self.names[index % len(self.names)]
        return base if index < len(self.names) else f"{base} {index // len(self.names) + 1}"

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.rng.sample(SENTENCES, sentences))

    def make_teams(self) -> list[TeamSpec]:
        count = self.team_count
        departments = max(2, min(len(DEPARTMENTS), round(math.sqrt(count - 1))))
        leaves = count - 1 - departments
        specs: list[tuple[str, str, str | None]] = [("company", COMPANY_NAME, None)]
        specs += [(d_id, name, "company") for d_id, name in DEPARTMENTS[:departments]]
        for index in range(leaves):
            d_id, d_name = DEPARTMENTS[index % departments]
            round_, squad = divmod(index // departments, len(SQUADS))
            suffix = f"-{round_ + 1}" if round_ else ""
            specs.append((f"{d_id}-{SQUADS[squad]}{suffix}", f"{d_name} {SQUADS[squad].title()}{suffix}", d_id))
        teams, person = [], 0
        for team_id, name, parent in specs:
            size = self.rng.randint(4, 8)
            members = [self._person(person + i) for i in range(size)]
            person += size
            teams.append(TeamSpec(team_id, name, parent, members[0], members, self.paragraph(3)))
        return teams

    def _walk(self, kind: KpiKind) -> list[tuple[date, float]]:
        """Monthly snapshots from FIRST_SNAPSHOT to AS_OF, drifting mostly the good way."""
        value = self.rng.uniform(*kind.base)
        drift = self.rng.uniform(-0.005, 0.02) * (-1 if kind.lower_is_better else 1)
        points, day = [], FIRST_SNAPSHOT
        while day <= AS_OF:
            value = max(value * (1 + drift + self.rng.gauss(0, 0.02)), 10 ** -kind.decimals)
            if kind.cap is not None:
                value = min(value, kind.cap)
            points.append((day, float(number_text(value, kind.decimals))))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        return points

    def make_kpi(self, team: str, kind: KpiKind) -> KpiSpec:
        snapshots = self._walk(kind)
        better = -1 if kind.lower_is_better else 1
        last = snapshots[-1][1]
        target = float(number_text(last * (1 + better * self.rng.uniform(-0.05, 0.1)), kind.decimals))
        if kind.cap is not None:
            target = min(target, kind.cap)
        alert = stretch = None
        if self.rng.random() < 0.5:
            alert = float(number_text(target * (1 - better * self.rng.uniform(0.1, 0.25)), kind.decimals))
        if self.rng.random() < 0.3:
            stretch = float(number_text(target * (1 + better * 0.1), kind.decimals))
            if kind.cap is not None:
                stretch = min(stretch, kind.cap)
        csv = self.rng.random() < 0.2
        return KpiSpec(team, kind, target, alert, stretch, snapshots, csv, self.paragraph(2))

    def make_kpis(self, teams: list[TeamSpec]) -> list[KpiSpec]:
        return [self.make_kpi(team.id, kind) for team in teams
                for kind in self.rng.sample(KPIS, self.rng.choice(KPIS_PER_TEAM))]

    # -- objectives and key results ----------------------------------------------------------------

    def _confidence(self, final: float) -> str:
        value = min(0.95, max(0.1, 0.35 + 0.5 * min(final, 1) + self.rng.gauss(0, 0.08)))
        return f'"{round(value * 100)}%"' if self.rng.random() < 0.1 else f"{value:.2f}"

    def _note(self) -> str | None:
        return self.rng.choice(NOTES) if self.rng.random() < 0.3 else None

    def _weeks(self, quarter: str) -> tuple[list[date], int]:
        """Weekly check-in days of the quarter up to AS_OF, and how many weeks the quarter has."""
        start, end = quarter_dates(quarter)
        days = [start + timedelta(days=6 + 7 * k) for k in range(14) if start + timedelta(days=6 + 7 * k) <= end]
        return [d for d in days if d <= AS_OF], len(days)

    def metric(self, metric: Metric, quarter: str) -> KeyResultSpec:
        start = self.rng.uniform(*metric.start)
        change = self.rng.uniform(*metric.change)
        target = start * (1 - change) if metric.lower_is_better else start * (1 + change)
        if metric.cap is not None:
            target = min(target, metric.cap)
        start, target = float(number_text(start, metric.decimals)), float(number_text(target, metric.decimals))
        if start == target:
            step = 10 ** -metric.decimals
            target = start - step if metric.lower_is_better else start + step
        title = metric.title.format(s=_title_number(start, metric.decimals), t=_title_number(target, metric.decimals))
        kr = KeyResultSpec(metric.id, title, start=start, target=target, unit=metric.unit, decimals=metric.decimals)
        final, shape = min(1.15, self.rng.betavariate(2.4, 1.3) * 1.15), self.rng.uniform(0.7, 1.5)
        days, total = self._weeks(quarter)
        for k, day in enumerate(days):
            progress = final * ((k + 1) / total) ** shape + self.rng.gauss(0, 0.03)
            value = max(start + (target - start) * progress, 0.0)
            kr.checkins.append(CheckinSpec(day, value=float(number_text(value, metric.decimals)),
                                           confidence=self._confidence(final), note=self._note()))
        return kr

    def milestone(self, kr_id: str, title: str, quarter: str) -> KeyResultSpec:
        kr = KeyResultSpec(kr_id, title.format(thing=self.rng.choice(THINGS)), milestone=True)
        days, total = self._weeks(quarter)
        done_week = self.rng.randrange(total) if self.rng.random() < 0.75 else total
        final = 1.0 if done_week < total else 0.3
        for k, day in enumerate(days):
            kr.checkins.append(CheckinSpec(day, done=k >= done_week, confidence=self._confidence(final),
                                           note=self._note()))
        return kr

    def kpi_linked(self, kpi: KpiSpec, quarter: str) -> KeyResultSpec | None:
        """A key result moving one of the team's KPIs, or None when the KPI has no room to move."""
        start_day, _ = quarter_dates(quarter)
        kind = kpi.kind
        start = kpi.start_before(start_day)
        better = -1 if kind.lower_is_better else 1
        if start is None or (kind.cap is not None and start >= kind.cap * 0.97):
            return None
        target = float(number_text(start * (1 + better * self.rng.uniform(0.03, 0.12)), kind.decimals))
        step = 10 ** -kind.decimals
        while target == start or target == kpi.target:
            target += better * step
        verb = "Reduce" if kind.lower_is_better else "Raise"
        unit = "%" if kind.unit == "%" else (f" {kind.unit}" if kind.unit else "")
        title = f"{verb} {kind.title[0].lower() + kind.title[1:]} to {_title_number(target, kind.decimals)}{unit}"
        kr = KeyResultSpec(f"kpi-{kind.slug}", title, target=target, unit=kind.unit, decimals=kind.decimals,
                           kpi=kpi.ref)
        days, _ = self._weeks(quarter)
        for day in days[1::2]:  # fortnightly confidence: the values come from the KPI
            kr.checkins.append(CheckinSpec(day, confidence=self._confidence(0.7), note=self._note()))
        return kr

    def key_results(self, team: TeamSpec, quarter: str, kpis: list[KpiSpec]) -> list[KeyResultSpec]:
        count = self.rng.choice((3, 4, 4, 5))
        results: list[KeyResultSpec] = []
        if kpis and self.rng.random() < 0.3:
            linked = self.kpi_linked(self.rng.choice(kpis), quarter)
            if linked is not None:
                results.append(linked)
        if self.rng.random() < 0.35:
            kr_id, title = self.rng.choice(MILESTONES)
            results.append(self.milestone(kr_id, title, quarter))
        for metric in self.rng.sample(METRICS, count - len(results)):
            results.append(self.metric(metric, quarter))
        self.rng.shuffle(results)
        start, end = quarter_dates(quarter)
        for kr in results:
            if self.rng.random() < 0.7:
                kr.owner = self.rng.choice(team.members)
            if self.rng.random() < 0.25:
                kr.weight = self.rng.choice((2, 3))
            if self.rng.random() < 0.15:
                kr.due = max(start, end - timedelta(days=self.rng.randint(0, 30)))
        return results

    def title(self) -> str:
        if self.rng.random() < 0.3:
            return self.rng.choice(OBJECTIVE_PHRASES)
        return f"{self.rng.choice(OBJECTIVE_VERBS)} {self.rng.choice(OBJECTIVE_SUBJECTS)}"

    def aligns_to(self, quarter: str, parents: list[ObjectiveSpec]) -> list[str]:
        """References to the parent team's objectives or key results, mostly without a period."""
        picks = self.rng.sample(parents, 2 if len(parents) > 1 and self.rng.random() < 0.15 else 1)
        references = []
        for parent in picks:
            text = f"{parent.team}/{parent.slug}"
            if self.rng.random() < 0.5:
                text += "#" + self.rng.choice(parent.key_results).id
            references.append(f"{quarter}/{text}" if self.rng.random() < 0.2 else text)
        return references

    def body(self) -> str:
        bullets = "\n".join(f"- {s}" for s in self.rng.sample(SENTENCES, 3))
        return (f"## Context\n\n{self.paragraph(4)}\n\n{self.paragraph(3)}\n\n## Plan\n\n{bullets}\n\n"
                f"## Risks\n\n{self.paragraph(2)} *Owner's note:* **{self.rng.choice(NOTES)}**\n")

    def objectives(self, team: TeamSpec, quarter: str, kpis: list[KpiSpec],
                   parents: list[ObjectiveSpec]) -> list[ObjectiveSpec]:
        made: list[ObjectiveSpec] = []
        slugs: set[str] = set()
        for _ in range(self.rng.choice(OBJECTIVES_PER_QUARTER)):
            title = self.title()
            slug, n = slug_of(title), 2
            while slug in slugs:
                slug, n = f"{slug_of(title)}-{n}", n + 1
            slugs.add(slug)
            owner = self.rng.choice(team.members) if self.rng.random() < 0.5 else None
            kind = "committed" if self.rng.random() < 0.25 else "aspirational"
            aligns = self.aligns_to(quarter, parents) if parents else []
            tags = self.rng.sample(TAGS, self.rng.randint(1, 3))
            made.append(ObjectiveSpec(quarter, team.id, slug, title, owner, kind, aligns, tags,
                                      self.key_results(team, quarter, kpis), self.body()))
        return made

    def company(self) -> Company:
        teams = self.make_teams()
        kpis = self.make_kpis(teams)
        by_team: dict[str, list[KpiSpec]] = {}
        for kpi in kpis:
            by_team.setdefault(kpi.team, []).append(kpi)
        objectives: list[ObjectiveSpec] = []
        for quarter in QUARTERS:
            made: dict[str, list[ObjectiveSpec]] = {}
            for team in teams:  # parents come before their children
                parents = made.get(team.parent, []) if team.parent else []
                made[team.id] = self.objectives(team, quarter, by_team.get(team.id, []), parents)
                objectives.extend(made[team.id])
        return Company(teams, kpis, objectives)


def make_company(teams: int, seed: int = 6) -> Company:
    """The same company for the same (teams, seed), on every machine."""
    return Generator(teams, seed).company()
