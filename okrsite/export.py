"""The computed data as JSON (SPEC.md's data contract) or CSV (one row per key result)."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from okrsite.compute import Results
from okrsite.model import Site


def number(value: float | None) -> float | int | None:
    """Numbers as people write them: whole numbers without `.0`, others to 4 decimals."""
    if value is None:
        return None
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else rounded


def export_data(site: Site, results: Results) -> dict[str, Any]:
    periods = [
        {"id": p.id, "kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat(),
         "elapsed": number(r.elapsed), "over": r.over, "score": number(r.score), "alignment": number(r.alignment),
         "orphans": list(r.orphans), "individual": {"count": r.individual_count, "score": number(r.individual_score),
                                                    "alignment": number(r.individual_alignment)}}
        for p, r in ((p, results.periods[p.id]) for p in site.periods.values())
    ]
    teams = [
        {"id": t.id, "name": t.name, "parent": t.parent, "lead": t.lead, "members": list(t.members),
         "scores": {pid: number(r.team_scores[t.id]) for pid, r in results.periods.items() if t.id in r.team_scores},
         "alignment": {pid: number(r.team_alignment[t.id]) for pid, r in results.periods.items()
                       if t.id in r.team_alignment}}
        for t in site.teams.values()
    ]
    objectives = []
    for objective in site.objectives.values():
        result = results.objectives[objective.ref]
        key_results = []
        for kr in objective.key_results:
            kr_result = result.key_results[kr.id]
            milestone = kr.type == "milestone"
            key_results.append({
                "id": kr.id, "title": kr.title, "type": kr.type,
                "value": (1 if kr_result.measure.done else 0) if milestone else number(kr_result.measure.value),
                "done": bool(kr_result.measure.done) if milestone else None,
                "start": number(kr.start), "target": number(kr.target), "unit": kr.unit, "weight": number(kr.weight),
                "kpi": kr.kpi, "owner": kr.owner, "due": kr.due.isoformat(),
                "score": number(kr_result.score), "status": kr_result.status, "status_word": kr_result.word,
                "confidence": number(kr_result.confidence),
                "threshold": number(kr.threshold), "direction": kr.direction or None,
                "held": kr_result.measure.held if kr.type == "maintain" else None,
                "observed": kr_result.measure.observed if kr.type == "maintain" else None,
            })
        objectives.append({
            "ref": objective.ref, "period": objective.period, "team": objective.team, "slug": objective.slug,
            "person": objective.person, "state": objective.state, "reason": objective.reason or None,
            "computed_score": number(result.computed), "review": None if objective.review is None else {
                "grade": number(objective.review.grade), "reason": objective.review.reason or None,
                "learned": objective.review.learned or None, "next": objective.review.next or None,
                "next_ref": objective.review.next_ref},
            "title": objective.title, "owner": objective.owner, "kind": objective.kind, "tags": list(objective.tags),
            "score": number(result.score), "expected": number(result.expected), "status": result.status,
            "status_word": result.word, "confidence": number(result.confidence),
            "aligns_to": [r.objective + (f"#{r.key_result}" if r.key_result else "") for r in objective.aligns_to],
            "aligned": result.aligned, "key_results": key_results,
        })
    kpis = [
        {"ref": k.ref, "team": k.team, "title": k.title, "unit": k.unit, "direction": k.direction,
         "target": number(k.target), "alert": number(k.alert), "stretch": number(k.stretch), "cadence": k.cadence,
         "value": number(r.value), "date": r.on.isoformat() if r.on else None, "health": r.health, "stale": r.stale,
         "trend": r.trend}
        for k, r in ((k, results.kpis[k.ref]) for k in site.kpis.values())
    ]
    return {"as_of": results.as_of.isoformat(), "periods": periods, "teams": teams, "objectives": objectives,
            "kpis": kpis}


def export_json(site: Site, results: Results) -> str:
    return json.dumps(export_data(site, results), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("period", "team", "objective", "objective_title", "kind", "objective_score", "objective_status",
               "key_result", "key_result_title", "type", "start", "target", "unit", "value", "weight", "score",
               "status", "status_word")


_FORMULA = re.compile(r"[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def _cell(value: object) -> object:
    """A CSV cell spreadsheets read as data: text starting like a formula (`=`, `+`, `-`, `@`, tab,
    CR) gets a leading `'`, as OWASP recommends; plain numbers stay numbers."""
    if isinstance(value, str) and _FORMULA.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def export_csv(site: Site, results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for objective in export_data(site, results)["objectives"]:
        for kr in objective["key_results"]:
            writer.writerow([_cell(value) for value in (
                objective["period"], objective["team"], objective["ref"], objective["title"], objective["kind"],
                objective["score"], objective["status"], kr["id"], kr["title"], kr["type"], kr["start"],
                kr["target"], kr["unit"], kr["value"], kr["weight"], kr["score"], kr["status"], kr["status_word"],
            )])
    return out.getvalue()
