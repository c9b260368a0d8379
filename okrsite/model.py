"""The validated content as plain frozen data: no I/O, no rendering, no YAML."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from okrsite.periods import Period


@functools.lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """A lowercase ASCII slug for a person's name (`Siti Nur'Aisyah` -> `siti-nuraisyah`): their
    page's name, and the folder of their individual objectives; also a tag's. Remembered: a large
    site's pages ask for the same few hundred names and tags a hundred thousand times."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")
    return slug or "person"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a thing was written, for messages and provenance."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    parent: str | None
    lead: str | None
    members: tuple[str, ...]
    body: str
    source: Source
    parent_line: int = 1


class CheckIn(NamedTuple):
    """One check-in. A named tuple rather than a dataclass: sites hold hundreds of thousands of
    them, and a tuple is made about three times faster."""

    date: date
    value: float | None
    done: bool | None
    confidence: float | None
    note: str
    line: int


@dataclass(frozen=True, slots=True)
class KeyResult:
    id: str
    title: str
    type: str  # metric | milestone | maintain
    start: float | None  # for a KPI-linked result, defaulted from the KPI (see start_from_kpi)
    target: float | None
    unit: str
    current: float | None
    kpi: str | None
    done: bool
    weight: float
    owner: str | None
    due: date  # the period's end unless given
    checkins: tuple[CheckIn, ...]  # sorted by date
    line: int
    kpi_line: int = 0
    start_from_kpi: bool = False
    due_line: int = 0  # 0 when `due` was not given
    threshold: float | None = None  # maintain: the line the value must hold all period
    direction: str = ""  # maintain: higher (at or above the threshold) | lower (at or below); "" until known


@dataclass(frozen=True, slots=True)
class Reference:
    """`[<period>/]<team-id>/<slug>[#<kr-id>]` as written, resolved to a full objective ref."""

    text: str
    objective: str  # `<period>/<team>/<slug>` it resolved to
    key_result: str | None
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Review:
    """An objective's end-of-period review (`review:`)."""

    grade: float | None  # the final score; replaces the computed one only with a reason
    reason: str
    learned: str
    next: str  # what carries over, as written
    line: int
    next_ref: str | None = None  # the later objective `next` names, when it names one

    @property
    def graded(self) -> bool:
        return self.grade is not None and bool(self.reason.strip())


@dataclass(frozen=True, slots=True)
class Objective:
    ref: str  # <period>/<team>/<slug>; an individual objective's: <period>/@<person-slug>/<slug>
    period: str
    team: str  # an individual objective's: its person's team
    slug: str
    title: str
    owner: str | None  # the team's lead unless given
    kind: str  # aspirational | committed
    aligns_to: tuple[Reference, ...]
    tags: tuple[str, ...]
    key_results: tuple[KeyResult, ...]
    body: str
    source: Source
    lint_ignore: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # line of each front-matter key
    person: str | None = None  # an individual objective's person (content/people/<person>/...)
    state: str = "active"  # active | draft | abandoned
    reason: str = ""  # why it was abandoned
    review: Review | None = None

    @property
    def holder(self) -> str:
        """Whose objective it is: the team id, or `@<person-slug>` for an individual objective."""
        return self.ref.split("/", 2)[1]


@dataclass(frozen=True, slots=True)
class Snapshot:
    date: date
    value: float
    note: str
    source: Source


@dataclass(frozen=True, slots=True)
class Kpi:
    ref: str  # <team>/<slug>
    team: str
    slug: str
    title: str
    unit: str
    direction: str  # higher | lower
    target: float
    alert: float
    stretch: float | None
    cadence: str
    snapshots: tuple[Snapshot, ...]  # sorted by date
    body: str
    source: Source


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the content says, validated and cross-referenced."""

    teams: dict[str, Team]
    periods: dict[str, Period]
    objectives: dict[str, Objective]
    kpis: dict[str, Kpi]

    @property
    def root_team(self) -> Team | None:
        return next((t for t in self.teams.values() if t.parent is None), None)

    def by_period(self, individual: bool = False, state: str = "active") -> dict[str, list[Objective]]:
        """The team objectives of each period (with `individual`, the individual ones) in a `state`:
        active ones count in scores, abandoned ones are only shown. In site order."""
        grouped: dict[str, list[Objective]] = {p: [] for p in self.periods}
        for objective in self.objectives.values():
            if (objective.person is not None) == individual and objective.state == state:
                grouped[objective.period].append(objective)
        return grouped
