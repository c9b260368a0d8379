"""Run the OKR-practice checks: the known ways companies fail with OKRs, as warnings in the pull request.

Each rule is a pure function of the validated site, its computed results and its bounds. An
objective silences a rule for itself with `lint_ignore: [rule-id]`. What objective rules find is
kept per objective (`Linted`), so that serve checks again only what an edit can have changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic, did_you_mean
from okrsite.lint.defaults import RULE_DEFAULTS
from okrsite.lint.rules import OBJECTIVE_RULES, SITE_RULES, Scope
from okrsite.model import Objective, Site


@dataclass(frozen=True, slots=True)
class Linted:
    objectives: dict[str, tuple[Diagnostic, ...]]  # what was found about each objective (none: left out)
    other: tuple[Diagnostic, ...]  # about KPIs and the whole organization

    def diagnostics(self) -> list[Diagnostic]:
        return [d for found in self.objectives.values() for d in found] + list(self.other)


def lint_site(site: Site, results: Results, config: Config) -> Linted:
    """Every finding of every enabled rule, minus those an objective silenced."""
    scope = Scope(site, results, config)
    checks = _checks(config)
    objectives: dict[str, tuple[Diagnostic, ...]] = {}
    for objective in site.objectives.values():
        if found := _lint_objective(objective, scope, checks):
            objectives[objective.ref] = found
    return Linted(objectives, _site_findings(site, results, config))


def relint(previous: Linted, site: Site, results: Results, config: Config, refs: Iterable[str]) -> Linted:
    """`previous` (of a site with the same objective files) after the objectives `refs` changed:
    their findings and those of the next period's objectives of their teams (compared with them
    by `copied-key-result`) are made again, and those about no objective."""
    scope = Scope(site, results, config)
    checks = _checks(config)
    objectives = dict(previous.objectives)
    again: dict[str, Objective] = {}
    for ref in refs:
        objective = site.objectives[ref]
        again[ref] = objective
        following = scope.next(objective.period)
        again.update((o.ref, o) for o in scope.group(objective.holder, following))
    for ref, objective in again.items():
        objectives.pop(ref, None)
        if found := _lint_objective(objective, scope, checks):
            objectives[ref] = found
    return Linted(objectives, _site_findings(site, results, config))


def _checks(config: Config) -> dict[str, list]:
    """The enabled objective rules by when they apply, each with its id and bounds."""
    checks: dict[str, list] = {"open": [], "over": [], "any": []}
    for rule_id, bounds in config.lint.rules.items():
        if rule_id in OBJECTIVE_RULES:
            when, check = OBJECTIVE_RULES[rule_id]
            checks[when].append((rule_id, check, bounds))
    return checks


def _lint_objective(objective: Objective, scope: Scope, checks: dict[str, list]) -> tuple[Diagnostic, ...]:
    if objective.state == "abandoned":
        return ()  # dropped on purpose: how it is written no longer matters
    over = scope.results.periods[objective.period].over
    found: list[Diagnostic] = []
    for rule_id, check, bounds in checks["over" if over else "open"] + checks["any"]:
        if rule_id not in objective.lint_ignore:
            found += check(objective, scope, bounds)
    for rule_id in objective.lint_ignore:
        if rule_id not in RULE_DEFAULTS:
            found.append(Diagnostic(objective.source.path, objective.lines.get("lint_ignore", 1), 1, "warning",
                                    "lint-ignore", f"`lint_ignore` names an unknown rule `{rule_id}`",
                                    did_you_mean(rule_id, RULE_DEFAULTS) or f"rules: {', '.join(RULE_DEFAULTS)}"))
    return tuple(found)


def _site_findings(site: Site, results: Results, config: Config) -> tuple[Diagnostic, ...]:
    return tuple(d for rule_id, bounds in config.lint.rules.items() if rule_id in SITE_RULES
                 for d in SITE_RULES[rule_id](site, results, config, bounds))
