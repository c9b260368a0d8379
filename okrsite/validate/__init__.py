"""Validate stage: raw files -> typed model + diagnostics, every rule of SPEC.md."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Callable

from okrsite.config import Config
from okrsite.diagnostics import Diagnostics, did_you_mean, said
from okrsite.frontmatter import read_document
from okrsite.i18n import N_
from okrsite.memo import DocumentCache, Memo, Typed, compute_now, read_now
from okrsite.loader import RawContent, RawFile
from okrsite.model import Kpi, Objective, Site, Team, slugify
from okrsite.periods import Period, parse_period
from okrsite.validate.documents import RawReference, read_kpi, read_objective, read_team
from okrsite.validate.fields import SLUG
from okrsite.validate.references import check_team_tree, link_kpis, link_review, resolve_references



PERIOD_HINT = "periods are YYYY-Qn (quarter 1-4), YYYY-Hn (half 1-2) or YYYY, e.g. 2026-Q3"


def _bad_id(file: RawFile, value: str, what: str, diagnostics: Diagnostics) -> bool:
    if SLUG.fullmatch(value):
        return False
    diagnostics.error(file.path, 1, 1, "invalid-id", f"{what} `{value}` in the file's path is not a valid id",
                      "rename it with lowercase letters, digits and dashes only")
    return True


def validate(raw: RawContent, config: Config, diagnostics: Diagnostics, cache: DocumentCache | None = None) -> Site:
    """Build the site model; anything wrong is reported, and the model holds what was valid.

    With a `cache` (serve's rebuilds), unchanged files are neither parsed nor read into the model again.
    """
    typed: Typed = cache.typed if cache else read_now(read_document)
    memo: Memo = cache.memo if cache else compute_now
    # Ids of every file that exists, even when it failed to parse: what points at a broken
    # file is not reported again, so one mistake gives one message.
    team_files = {file.parts[0] for file in raw.teams}
    kpi_files = {"/".join(file.parts) for file in raw.kpis}
    objective_files = {"/".join(file.parts) for file in raw.objectives}
    teams = _read_teams(raw, team_files, diagnostics, typed)
    kpis = _read_kpis(raw, team_files, diagnostics, typed, config.limits.csv_rows)
    periods: dict[str, Period] = {}
    objectives: dict[str, Objective] = {}
    references: dict[str, list[RawReference]] = {}
    people = people_by_slug(teams)
    for file in raw.objectives:
        found = objective_from_file(config, team_files, typed, file, diagnostics, people)
        if found is None:
            continue
        period, objective, references[objective.ref] = found
        periods[period.id] = period
        objectives[objective.ref] = link_objective(objective, teams, periods, kpis, kpi_files, memo, diagnostics)
    objectives = resolve_references(objectives, references, periods, objective_files, diagnostics, memo)
    objectives = {ref: link_review(o, objectives, periods, diagnostics) for ref, o in objectives.items()}
    ordered_periods = dict(sorted(periods.items(), key=lambda item: item[1].sort_key))
    return Site(teams, ordered_periods, dict(sorted(objectives.items())), kpis)


def leave_out_drafts(site: Site, diagnostics: Diagnostics) -> Site:
    """The site without its draft objectives (validated like any, shown only with --drafts): what
    aligns to a draft loses that link, with a warning, and a period of drafts only is no period yet."""
    drafts = {ref for ref, o in site.objectives.items() if o.state == "draft"}
    if not drafts:
        return site
    objectives: dict[str, Objective] = {}
    for ref, objective in site.objectives.items():
        if ref in drafts:
            continue
        kept = tuple(r for r in objective.aligns_to if r.objective not in drafts)
        for reference in objective.aligns_to:
            if reference.objective in drafts:
                diagnostics.warning(objective.source.path, reference.line, reference.column, "aligns-to-draft",
                                    said(N_("%(match)s is a draft, which the site leaves out"),
                                         match=f"aligns_to: {reference.text}"),
                                    N_("align to an active objective, or build with --drafts to preview both"))
        objectives[ref] = replace(objective, aligns_to=kept) if len(kept) != len(objective.aligns_to) else objective
    periods = {p: period for p, period in site.periods.items() if any(o.period == p for o in objectives.values())}
    return Site(site.teams, periods, objectives, site.kpis)


def people_by_slug(teams: dict[str, Team]) -> dict[str, dict[str, str]]:
    """Each person a team names (lead or member) by the slug of their name: {name: their team} (two
    names when two people's names make the same slug). Their team is the first that names them,
    leads first, in team order."""
    found: dict[str, dict[str, str]] = {}
    for team in teams.values():
        if team.lead:
            found.setdefault(slugify(team.lead), {}).setdefault(team.lead, team.id)
    for team in teams.values():
        for member in team.members:
            found.setdefault(slugify(member), {}).setdefault(member, team.id)
    return found


def objective_from_file(config: Config, team_files: set[str], typed: Typed, file: RawFile,
                        diagnostics: Diagnostics, people: dict[str, dict[str, str]] | None = None,
                        ) -> tuple[Period, Objective, list[RawReference]] | None:
    """One objective file on its own: its period, typed objective and raw `aligns_to`, or None.
    An individual one (`@<person>` in place of the team) is its person's, in their team."""
    period_id, team_id, slug = file.parts
    period = parse_period(period_id, config.fiscal_year_start)
    if period is None:
        diagnostics.error(file.path, 1, 1, "invalid-period", f"`{period_id}` is not a period", PERIOD_HINT)
        return None
    if _bad_id(file, slug, "objective slug", diagnostics):
        return None
    person = None
    if team_id.startswith("@"):
        person = _known_person(file, team_id[1:], people or {}, diagnostics)
        if person is None:
            return None
    elif not _known_team(file, team_id, team_files, diagnostics):
        return None
    key = (period, team_id, slug, config.default_kind)
    found = typed(file.path, file.data, key, partial(read_objective, period, team_id, slug, config), diagnostics)
    if found is None:
        return None
    objective, references = found
    if person is not None:
        name, team = person
        objective = replace(objective, team=team, person=name, owner=objective.owner or name)
    return period, objective, references


def _known_person(file: RawFile, slug: str, people: dict[str, dict[str, str]],
                  diagnostics: Diagnostics) -> tuple[str, str] | None:
    """The (name, team) of the person whose folder holds an individual objective, or None, said why."""
    names = people.get(slug)
    if not names:
        diagnostics.error(file.path, 1, 1, "unknown-person", f"folder `{slug}` is not a person any team names",
                          did_you_mean(slug, people) or "name the person in their team's `lead:` or `members:`; the "
                          "folder is their name in lowercase with dashes, e.g. `priya-nair` for Priya Nair")
        return None
    if len(names) > 1:
        diagnostics.error(file.path, 1, 1, "unknown-person", f"folder `{slug}` could be any of "
                          f"{', '.join(sorted(names))}", "spell their names apart in the teams' `lead:` and `members:`")
        return None
    return next(iter(names.items()))


def link_objective(objective: Objective, teams: dict[str, Team], periods: dict[str, Period], kpis: dict[str, Kpi],
                   kpi_files: set[str], memo: Memo, diagnostics: Diagnostics) -> Objective:
    """The objective with its team lead as owner when it names none, and its KPI links checked
    (reused while the objective, that lead, its period and the KPIs it uses are the same)."""
    lead = teams[objective.team].lead if objective.owner is None and objective.team in teams else None
    used = tuple((k.kpi, kpis.get(k.kpi), k.kpi in kpi_files) for k in objective.key_results if k.kpi)
    return memo(("linked", objective.ref), (objective, lead, periods[objective.period], used),
                partial(_linked, objective, lead, periods, kpis, kpi_files), diagnostics)


def _linked(objective: Objective, lead: str | None, periods: dict[str, Period], kpis: dict[str, Kpi],
            kpi_files: set[str], diagnostics: Diagnostics) -> Objective:
    if lead is not None:
        objective = replace(objective, owner=lead)
    return link_kpis(objective, periods, kpis, kpi_files, diagnostics)


def _known_team(file: RawFile, team_id: str, teams: set[str], diagnostics: Diagnostics) -> bool:
    if team_id in teams:
        return True
    diagnostics.error(file.path, 1, 1, "unknown-team", f"folder `{team_id}` is not a team",
                      did_you_mean(team_id, teams) or f"create content/teams/{team_id}.md or move the file")
    return False


def _read_teams(raw: RawContent, team_files: set[str], diagnostics: Diagnostics, typed: Typed) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for file in raw.teams:
        (team_id,) = file.parts
        if _bad_id(file, team_id, "team id", diagnostics):
            continue
        team = typed(file.path, file.data, team_id, partial(read_team, team_id), diagnostics)
        if team is not None:
            teams[team_id] = team
    if not raw.teams:
        diagnostics.error(f"{raw.content_dir}/teams", 0, 0, "team-root", "there are no teams",
                          f"add {raw.content_dir}/teams/<company-id>.md with `name:` for the company")
    check_team_tree(teams, team_files, diagnostics)
    return dict(sorted(teams.items()))


def _read_kpis(raw: RawContent, teams: set[str], diagnostics: Diagnostics, typed: Typed,
               csv_rows: int) -> dict[str, Kpi]:
    data_by_folder: dict[str, tuple] = {}
    for path, data in sorted(raw.data_files.items()):
        folder = path.rsplit("/", 1)[0]
        data_by_folder[folder] = data_by_folder.get(folder, ()) + ((path, data),)
    def beside(file: RawFile) -> tuple:
        """The data files in a KPI file's folder, as (path, bytes)."""
        return data_by_folder.get(file.path.rsplit("/", 1)[0], ())

    read = partial(_read_kpi_file, teams, beside, raw.data_files, typed, csv_rows)
    found = [read(file, diagnostics) for file in raw.kpis]
    return {kpi.ref: kpi for kpi in sorted((k for k in found if k is not None), key=lambda k: k.ref)}


def _read_kpi_file(teams: set[str], beside: Callable[[RawFile], tuple], data_files: dict[str, bytes], typed: Typed,
                   csv_rows: int, file: RawFile, diagnostics: Diagnostics) -> Kpi | None:
    team_id, slug = file.parts
    if _bad_id(file, slug, "KPI slug", diagnostics) or not _known_team(file, team_id, teams, diagnostics):
        return None
    return typed(file.path, file.data, (team_id, slug, beside(file), csv_rows),
                 partial(read_kpi, team_id, slug, data_files, csv_rows), diagnostics)
