"""Every lint rule's id and its default bounds: the `[lint]` table of okrsite.toml overrides them."""

from __future__ import annotations

RULE_DEFAULTS: dict[str, dict[str, float]] = {
    "too-many-objectives": {"max": 5},
    "key-result-count": {"min": 2, "max": 5},
    "too-many-kpis": {"max": 7},
    "quantitative-objective": {},
    "to-do-list": {"share": 0.5},
    "direction-mismatch": {},
    "orphan-objective": {},
    "stale-checkin": {"days": 14},
    "future-checkin": {},
    "stale-kpi": {},
    "copied-key-result": {},
    "sandbagging": {"organization_max": 0.9},
    "kpi-restated": {},
    "due-outside-period": {},
    "missing-owner": {},
}
