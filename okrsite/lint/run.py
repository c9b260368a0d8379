"""Run the OKR-practice checks: the known ways companies fail with OKRs, as warnings in the pull request.

Each rule is a pure function of the validated site, its computed results and its bounds; it
yields findings (the objective they concern, if any, and a diagnostic). An objective silences a
rule for itself with `lint_ignore: [rule-id]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic, did_you_mean
from okrsite.lint import rules
from okrsite.lint.defaults import RULE_DEFAULTS
from okrsite.model import Objective, Site


@dataclass(frozen=True, slots=True)
class Finding:
    objective: Objective | None
    diagnostic: Diagnostic


def lint(site: Site, results: Results, config: Config) -> list[Diagnostic]:
    """Every finding of every enabled rule, minus those an objective silenced."""
    found: list[Diagnostic] = []
    for rule_id, bounds in config.lint.rules.items():
        for finding in rules.RULES[rule_id](site, results, config, bounds):
            if finding.objective is None or rule_id not in finding.objective.lint_ignore:
                found.append(finding.diagnostic)
    found.extend(_unknown_ignores(site))
    return found


def _unknown_ignores(site: Site) -> Iterator[Diagnostic]:
    for objective in site.objectives.values():
        for rule_id in objective.lint_ignore:
            if rule_id not in RULE_DEFAULTS:
                yield Diagnostic(objective.source.path, objective.lines.get("lint_ignore", 1), 1, "warning",
                                 "lint-ignore", f"`lint_ignore` names an unknown rule `{rule_id}`",
                                 did_you_mean(rule_id, RULE_DEFAULTS) or f"rules: {', '.join(RULE_DEFAULTS)}")
