"""What a change does to the numbers: two sites' exported data compared, for a pull request's reviewer.

Both sides are the export contract (`export.export_data`) computed at the same `as_of`, so that a
difference is the change's, not the calendar's. The result is plain data (`--format json`), worded
at the edge as Markdown (a PR comment or step summary) or text.
"""

from __future__ import annotations

import json
from typing import Any

from okrsite.diagnostics import Diagnostic

Data = dict[str, Any]
SHOWN = ("title", "score", "status_word", "value")  # what a change of an objective or key result is told by


def compare(before: Data, after: Data, found_before: list[Diagnostic], found_after: list[Diagnostic]) -> Data:
    """The periods whose organisation score moved, the objectives and key results added, removed or
    changed (with their old and new title, value, score and status), and the findings that appeared
    or were resolved."""
    periods = _by(before["periods"], "id"), _by(after["periods"], "id")
    moved_periods = [{"id": pid, "score": [periods[0][pid]["score"], periods[1][pid]["score"]]}
                     for pid in periods[1] if pid in periods[0] and periods[0][pid]["score"] != periods[1][pid]["score"]]
    old, new = _by(before["objectives"], "ref"), _by(after["objectives"], "ref")
    changed = []
    for ref in new.keys() & old.keys():
        fields = _changes(old[ref], new[ref])
        krs_old, krs_new = _by(old[ref]["key_results"], "id"), _by(new[ref]["key_results"], "id")
        key_results = [{"id": k, "title": krs_new[k]["title"], "unit": krs_new[k]["unit"], **_changes(krs_old[k], krs_new[k])}
                       for k in krs_new if k in krs_old and _changes(krs_old[k], krs_new[k])]
        aligned = [old[ref]["aligns_to"], new[ref]["aligns_to"]]
        if fields or key_results or aligned[0] != aligned[1]:
            changed.append({"ref": ref, "title": new[ref]["title"], **fields, "key_results": key_results,
                            "key_results_added": sorted(krs_new.keys() - krs_old.keys()),
                            "key_results_removed": sorted(krs_old.keys() - krs_new.keys()),
                            **({"aligns_to": aligned} if aligned[0] != aligned[1] else {})})
    shown = {(d.path, d.rule, d.message) for d in found_before}, {(d.path, d.rule, d.message) for d in found_after}
    return {
        "as_of": after["as_of"],
        "periods": moved_periods,
        "objectives_added": [_summary(new[ref]) for ref in sorted(new.keys() - old.keys())],
        "objectives_removed": [_summary(old[ref]) for ref in sorted(old.keys() - new.keys())],
        "objectives_changed": sorted(changed, key=lambda o: o["ref"]),
        "findings_appeared": [_finding(f) for f in sorted(shown[1] - shown[0])],
        "findings_resolved": [_finding(f) for f in sorted(shown[0] - shown[1])],
    }


def _by(items: list[dict], key: str) -> dict[str, dict]:
    return {item[key]: item for item in items}


def _changes(old: dict, new: dict) -> dict[str, list]:
    return {field: [old[field], new[field]] for field in SHOWN if field in new and old.get(field) != new[field]}


def _summary(objective: dict) -> dict:
    return {"ref": objective["ref"], "title": objective["title"], "score": objective["score"],
            "status_word": objective["status_word"]}


def _finding(found: tuple[str, str, str]) -> dict:
    return {"path": found[0], "rule": found[1], "message": found[2]}


def is_empty(change: Data) -> bool:
    return not any(change[key] for key in change if key != "as_of")


def as_json(change: Data) -> str:
    return json.dumps(change, indent=2, ensure_ascii=False) + "\n"


def _moved(pair: list, unit: str = "", score: bool = False) -> str:
    old, new = ("—" if v is None else f"{v:.2f}" if score else f"{v}{unit}" for v in pair)
    return f"{old} → {new}"


def as_markdown(change: Data, against: str) -> str:
    """A headline, then a table of what moved: readable as a pull request comment."""
    counts = [f"{len(change[k])} objective{'s' * (len(change[k]) != 1)} {word}"
              for k, word in (("objectives_changed", "changed"), ("objectives_added", "added"),
                              ("objectives_removed", "removed")) if change[k]]
    scores = [f"{p['id']} score {_moved(p['score'], score=True)}" for p in change["periods"]]
    lines = [f"### OKRs: what this change does (against `{against}`, as of {change['as_of']})", ""]
    if is_empty(change):
        return "\n".join(lines + ["No score, status or finding changes.", ""])
    lines += ["**" + ", ".join(counts + scores) + "**" if counts or scores else "**No score changes**", ""]
    rows = []
    for o in change["objectives_changed"]:
        rows.append(f"| {o['ref']} — {o['title']} | {_cell(o, 'value')} | {_cell(o, 'score')} | {_cell(o, 'status_word')} |")
        rows += [f"| ↳ `{k['id']}` {k['title']} | {_cell(k, 'value', k['unit'])} | {_cell(k, 'score')} | "
                 f"{_cell(k, 'status_word')} |" for k in o["key_results"]]
        if "aligns_to" in o:
            rows.append(f"| ↳ aligns to | {', '.join(o['aligns_to'][0]) or '—'} → {', '.join(o['aligns_to'][1]) or '—'} | | |")
    rows += [f"| added: {o['ref']} — {o['title']} | | {o['score']:.2f} | {o['status_word']} |"
             for o in change["objectives_added"]]
    rows += [f"| removed: {o['ref']} — {o['title']} | | {o['score']:.2f} | {o['status_word']} |"
             for o in change["objectives_removed"]]
    if rows:
        lines += ["| objective / key result | value | score | status |", "|---|---|---|---|", *rows, ""]
    for key, title in (("findings_appeared", "New findings"), ("findings_resolved", "Resolved findings")):
        if change[key]:
            lines += [f"**{title}**", "", *(f"- `{f['path']}` ({f['rule']}): {f['message']}" for f in change[key]), ""]
    return "\n".join(lines)


def _cell(item: dict, field: str, unit: str = "") -> str:
    if field not in item:
        return ""
    return _moved(item[field], f" {unit}" if unit and unit != "%" else unit, score=field == "score")


def as_text(change: Data, against: str) -> str:
    """The Markdown without its table syntax, for a terminal."""
    text = as_markdown(change, against)
    return "\n".join(line.strip("|").replace(" | ", " · ").strip() for line in text.splitlines()
                     if not line.startswith("|---")).replace("**", "").replace("### ", "")
