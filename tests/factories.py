"""Tiny model objects for unit tests of pure functions."""

from __future__ import annotations

from datetime import date

from okrsite.model import CheckIn, KeyResult, Kpi, Objective, Reference, Snapshot, Source, Site, Team
from okrsite.periods import parse_period


def checkin(day: str, value: float | None = None, *, done: bool | None = None, confidence: float | None = None) -> CheckIn:
    return CheckIn(date.fromisoformat(day), value, done, confidence, "", 1)


def key_result(id: str = "kr1", *, start: float | None = 0, target: float | None = 10, type: str = "metric",
               current: float | None = None, kpi: str | None = None, done: bool = False, weight: float = 1.0,
               checkins: tuple[CheckIn, ...] = (), due: str = "2026-09-30", threshold: float | None = None,
               direction: str = "") -> KeyResult:
    return KeyResult(id, f"KR {id}", type, start, target, "", current, kpi, done, weight, None, date.fromisoformat(due),
                     tuple(sorted(checkins, key=lambda c: c.date)), 1, threshold=threshold, direction=direction)


def objective(ref: str, *key_results: KeyResult, kind: str = "aspirational", aligns_to: tuple[str, ...] = ()) -> Objective:
    period, team, slug = ref.split("/")
    references = tuple(
        Reference(text, text.split("#")[0], text.split("#")[1] if "#" in text else None, 1, 1) for text in aligns_to
    )
    return Objective(ref, period, team, slug, f"Objective {slug}", None, kind, references, (),
                     key_results or (key_result(),), "", Source(f"content/okrs/{ref}.md", 1))


def kpi(ref: str = "finance/mrr", *, target: float = 100, alert: float = 90, direction: str = "higher",
        cadence: str = "monthly", snapshots: tuple[tuple[str, float], ...] = ()) -> Kpi:
    team, slug = ref.split("/")
    shots = tuple(Snapshot(date.fromisoformat(d), v, "", Source("x.md", 1)) for d, v in snapshots)
    return Kpi(ref, team, slug, "KPI", "", direction, target, alert, None, cadence, shots, "", Source("x.md", 1))


def team(id: str, parent: str | None = None) -> Team:
    return Team(id, id.title(), parent, None, (), "", Source(f"content/teams/{id}.md", 1))


def site(teams: list[Team], objectives: list[Objective], kpis: list[Kpi] = ()) -> Site:
    periods = {o.period: parse_period(o.period) for o in objectives}
    return Site({t.id: t for t in teams}, periods, {o.ref: o for o in objectives}, {k.ref: k for k in kpis})
