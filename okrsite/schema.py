"""The front-matter keys of every content file, declared once.

The validator takes its known keys from here, and `okrsite schema` turns the same declarations
into JSON Schema files for editors, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}$"
REFERENCE_PATTERN = r"^(?:[^/#\s]+/)?[^/#\s]+/[^/#\s]+(?:#[^/#\s]+)?$"


@dataclass(frozen=True, slots=True)
class Key:
    """One front-matter key: its kind of value, whether it is required, and what it means."""

    kind: str  # text | number | date | bool | slug | choice | texts | references | confidence | items | mapping
    meaning: str
    required: bool = False
    choices: tuple[str, ...] = ()
    items: dict[str, "Key"] = field(default_factory=dict)  # for kinds "items" (a list of mappings) and "mapping"


CHECKIN = {
    "date": Key("date", "day of the check-in", required=True),
    "value": Key("number", "metric value on that day"),
    "done": Key("bool", "milestone state on that day"),
    "confidence": Key("confidence", "0-1 or a percentage like \"70%\": how sure the owner is of the goal"),
    "note": Key("text", "what happened"),
}
KEY_RESULT = {
    "id": Key("slug", "stable id to reference it (default kr1, kr2, ... by position)"),
    "title": Key("text", "the measurable result", required=True),
    "type": Key("choice", "metric (default), milestone, or maintain (a line to hold all period)",
                choices=("metric", "milestone", "maintain")),
    "start": Key("number", "baseline (metric; defaults from `kpi`)"),
    "target": Key("number", "goal (metric); below start means lower is better"),
    "unit": Key("text", "shown beside numbers: %, RM, days, ..."),
    "current": Key("number", "latest value when there are no check-ins"),
    "kpi": Key("text", "<team-id>/<slug> of a KPI whose snapshots give the values"),
    "done": Key("bool", "milestone: done or not"),
    "weight": Key("number", "weight in the objective's score (> 0, default 1)"),
    "owner": Key("text", "person responsible"),
    "due": Key("date", "deadline inside the period (default: the period's end)"),
    "threshold": Key("number", "maintain: the value to stay at or above (or at or below) all period"),
    "direction": Key("choice", "maintain: higher (at or above the threshold, default; a KPI's own direction when "
                     "linked) or lower", choices=("higher", "lower")),
    "checkins": Key("items", "weekly check-ins", items=CHECKIN),
}
REVIEW = {
    "grade": Key("number", "the final score, 0-1; replaces the computed one only with a `reason`"),
    "reason": Key("text", "why the grade differs from the computed score"),
    "learned": Key("text", "what the team learned"),
    "next": Key("text", "what carries over: text, or the ref of a later objective such as 2026-Q4/sales/chains"),
}
OBJECTIVE = {
    "title": Key("text", "the objective, qualitative", required=True),
    "owner": Key("text", "person responsible (default: the team's lead)"),
    "kind": Key("choice", "aspirational (expected ~0.7) or committed (expected 1.0)",
                choices=("aspirational", "committed")),
    "aligns_to": Key("references", "[<period>/]<team-id>/<slug>[#<kr-id>] of what it supports"),
    "tags": Key("texts", "free labels"),
    "lint_ignore": Key("texts", "lint rules silenced for this objective"),
    "state": Key("choice", "active (default), draft (left out of the site unless --drafts) or abandoned "
                 "(needs `reason`: shown struck through, left out of scores)", choices=("active", "draft", "abandoned")),
    "reason": Key("text", "why an abandoned objective was dropped"),
    "review": Key("mapping", "the end-of-period review: grade, reason, learned, next", items=REVIEW),
    "key_results": Key("items", "2-5 measurable key results", required=True, items=KEY_RESULT),
}
TEAM = {
    "name": Key("text", "display name", required=True),
    "parent": Key("slug", "parent team id; only the company has none"),
    "lead": Key("text", "person who leads the team"),
    "members": Key("texts", "people in the team"),
}
SNAPSHOT = {
    "date": Key("date", "day of the value", required=True),
    "value": Key("number", "the KPI's value", required=True),
    "note": Key("text", "context"),
}
KPI = {
    "title": Key("text", "e.g. Monthly Recurring Revenue", required=True),
    "unit": Key("text", "shown beside numbers"),
    "direction": Key("choice", "higher (default) or lower is better", choices=("higher", "lower")),
    "target": Key("number", "at or better than this: green", required=True),
    "alert": Key("number", "at or worse than this: red (default 10% short of target)"),
    "stretch": Key("number", "stretch value, shown"),
    "cadence": Key("choice", "how often it is measured (stale after two cadences)",
                   choices=("daily", "weekly", "monthly", "quarterly")),
    "snapshots": Key("items", "values over time", items=SNAPSHOT),
    "data": Key("text", "CSV file beside the KPI with header date,value[,note]"),
}


def _json_type(key: Key) -> dict[str, Any]:
    schema: dict[str, Any]
    if key.kind == "text":
        schema = {"type": ["string", "number"]}
    elif key.kind == "number":
        schema = {"type": "number"}
    elif key.kind == "date":
        schema = {"type": "string", "pattern": DATE_PATTERN}
    elif key.kind == "bool":
        schema = {"type": "boolean"}
    elif key.kind == "slug":
        schema = {"type": "string", "pattern": SLUG_PATTERN}
    elif key.kind == "choice":
        schema = {"enum": list(key.choices)}
    elif key.kind == "texts":
        schema = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": ["string", "number"]}}]}
    elif key.kind == "references":
        reference = {"type": "string", "pattern": REFERENCE_PATTERN}
        schema = {"oneOf": [reference, {"type": "array", "items": reference}]}
    elif key.kind == "confidence":
        schema = {"oneOf": [{"type": "number", "minimum": 0, "maximum": 1},
                            {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"}]}
    elif key.kind == "items":
        schema = {"type": "array", "items": object_schema(key.items)}
    elif key.kind == "mapping":
        schema = object_schema(key.items)
    else:  # pragma: no cover - a new kind must be added above
        raise ValueError(key.kind)
    schema["description"] = key.meaning
    return schema


def object_schema(keys: dict[str, Key]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _json_type(key) for name, key in keys.items()},
        "required": [name for name, key in keys.items() if key.required],
        "additionalProperties": False,
    }


def document_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12) for each kind of content file's front-matter."""
    schemas = {}
    for name, keys in (("team", TEAM), ("objective", OBJECTIVE), ("kpi", KPI)):
        schema = object_schema(keys)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"okrsite {name}", **schema}
        if name == "objective":
            schema["properties"]["key_results"]["minItems"] = 1
        schemas[f"okrsite-{name}.schema.json"] = schema
    return schemas


def config_schema() -> dict[str, Any]:
    from okrsite.config import MarkdownOptions, StatusThresholds

    def section(cls) -> dict[str, Any]:
        from dataclasses import fields

        return {"type": "object", "additionalProperties": False,
                "properties": {f.name: {"type": "number", "minimum": 0, "maximum": 1} if f.type == "float"
                               else {"type": "boolean"} for f in fields(cls)}}

    text = {"type": "string"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "okrsite.toml", "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": text, "base_url": text, "content_dir": text, "output_dir": text, "theme": text, "language": text,
            "repo_url": text, "edit_uri": text,
            "as_of": {"type": "string", "pattern": DATE_PATTERN}, "fiscal_year_start": {"type": "integer", "minimum": 1,
                                                                                       "maximum": 12},
            "default_kind": {"enum": ["aspirational", "committed"]},
            "status": section(StatusThresholds), "markdown": section(MarkdownOptions),
            "lint": {"type": "object"},
        },
    }


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in {**document_schemas(), "okrsite-config.schema.json": config_schema()}.items():
        path = folder / name
        path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
