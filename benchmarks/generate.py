"""Write a deterministic synthetic company as an okrsite site (issue 6's benchmark content).

    python benchmarks/generate.py --size small|medium|large OUT_DIR
    python benchmarks/generate.py --objectives 4000 OUT_DIR --hugo HUGO_DIR --mkdocs MKDOCS_DIR

`--hugo` / `--mkdocs` also write, for the same company, as many plain Markdown pages as okrsite
writes HTML pages (see plain.py), so that the three generators build the same number of pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from company import (AS_OF, QUARTERS, CheckinSpec, Company, KeyResultSpec, KpiSpec, ObjectiveSpec, TeamSpec,
                     make_company, number_text, teams_for_objectives)
from plain import write_hugo, write_mkdocs

SIZES: dict[str, int] = {"small": 16, "medium": 80, "large": 300}  # teams; ~500, ~2,500, ~10,000 objectives
SEED = 6


@dataclass(frozen=True, slots=True)
class Summary:
    """What was generated: counts for the report, and the file the runner edits."""

    teams: int
    quarters: int
    objectives: int
    key_results: int
    checkins: int
    kpis: int
    snapshots: int
    people: int
    files: int
    content_bytes: int
    html_pages: int
    edit_target: str  # an objective of the running quarter whose check-ins the runner edits


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def team_text(team: TeamSpec) -> str:
    lines = ["---", f"name: {quoted(team.name)}"]
    if team.parent:
        lines.append(f"parent: {team.parent}")
    lines.append(f"lead: {quoted(team.lead)}")
    lines.append("members:")
    lines.extend(f"  - {quoted(m)}" for m in team.members)
    return "\n".join(lines) + "\n---\n" + team.body + "\n"


def _checkin_text(checkin: CheckinSpec, kr: KeyResultSpec) -> str:
    fields = [f"date: {checkin.day.isoformat()}"]
    if checkin.value is not None:
        fields.append(f"value: {number_text(checkin.value, kr.decimals)}")
    if checkin.done is not None:
        fields.append(f"done: {'true' if checkin.done else 'false'}")
    if checkin.confidence is not None:
        fields.append(f"confidence: {checkin.confidence}")
    if checkin.note:
        fields.append(f"note: {quoted(checkin.note)}")
    return "      - {" + ", ".join(fields) + "}"


def _key_result_lines(kr: KeyResultSpec) -> list[str]:
    lines = [f"  - id: {kr.id}", f"    title: {quoted(kr.title)}"]
    if kr.milestone:
        lines.append("    type: milestone")
    if kr.kpi:
        lines.append(f"    kpi: {kr.kpi}")
    if kr.start is not None:
        lines.append(f"    start: {number_text(kr.start, kr.decimals)}")
    if kr.target is not None:
        lines.append(f"    target: {number_text(kr.target, kr.decimals)}")
    if kr.unit:
        lines.append(f"    unit: {quoted(kr.unit)}")
    if kr.weight != 1:
        lines.append(f"    weight: {kr.weight}")
    if kr.owner:
        lines.append(f"    owner: {quoted(kr.owner)}")
    if kr.due:
        lines.append(f"    due: {kr.due.isoformat()}")
    if kr.checkins:
        lines.append("    checkins:")
        lines.extend(_checkin_text(c, kr) for c in kr.checkins)
    return lines


def objective_text(objective: ObjectiveSpec) -> str:
    lines = ["---", f"title: {quoted(objective.title)}"]
    if objective.owner:
        lines.append(f"owner: {quoted(objective.owner)}")
    if objective.kind != "aspirational":
        lines.append(f"kind: {objective.kind}")
    if len(objective.aligns_to) == 1:
        lines.append(f"aligns_to: {objective.aligns_to[0]}")
    elif objective.aligns_to:
        lines.append("aligns_to:")
        lines.extend(f"  - {ref}" for ref in objective.aligns_to)
    lines.append(f"tags: [{', '.join(objective.tags)}]")
    lines.append("key_results:")
    for kr in objective.key_results:
        lines.extend(_key_result_lines(kr))
    return "\n".join(lines) + "\n---\n" + objective.body


def kpi_files(kpi: KpiSpec) -> dict[str, str]:
    """The KPI's Markdown file and, for some, a CSV with all but the last three snapshots."""
    kind = kpi.kind
    lines = ["---", f"title: {quoted(kind.title)}"]
    if kind.unit:
        lines.append(f"unit: {quoted(kind.unit)}")
    lines.append(f"direction: {'lower' if kind.lower_is_better else 'higher'}")
    lines.append(f"target: {number_text(kpi.target, kind.decimals)}")
    if kpi.alert is not None:
        lines.append(f"alert: {number_text(kpi.alert, kind.decimals)}")
    if kpi.stretch is not None:
        lines.append(f"stretch: {number_text(kpi.stretch, kind.decimals)}")
    lines.append("cadence: monthly")
    inline = kpi.snapshots[-3:] if kpi.csv else kpi.snapshots
    files: dict[str, str] = {}
    base = f"content/kpis/{kpi.team}/{kind.slug}"
    if kpi.csv:
        lines.append(f"data: {kind.slug}.csv")
        rows = [f"{day.isoformat()},{number_text(value, kind.decimals)}," for day, value in kpi.snapshots[:-3]]
        files[f"{base}.csv"] = "date,value,note\n" + "\n".join(rows) + "\n"
    lines.append("snapshots:")
    lines.extend(f"  - {{date: {day.isoformat()}, value: {number_text(value, kind.decimals)}}}"
                 for day, value in inline)
    files[f"{base}.md"] = "\n".join(lines) + "\n---\n" + kpi.body + "\n"
    return files


def config_text() -> str:
    return (f'title = "{QUARTERS[0]} to {QUARTERS[-1]}: synthetic company (okrsite benchmark)"\n'
            f"as_of = {AS_OF.isoformat()}\n")


def site_files(company: Company) -> dict[str, str]:
    """Every file of the okrsite site, by path relative to the site folder."""
    files = {"okrsite.toml": config_text()}
    files.update((f"content/teams/{t.id}.md", team_text(t)) for t in company.teams)
    files.update((o.path, objective_text(o)) for o in company.objectives)
    for kpi in company.kpis:
        files.update(kpi_files(kpi))
    return files


def edit_target(company: Company) -> str:
    """An objective of the running quarter, of a team with a parent's parent, with a metric check-in."""
    depth = {t.id: 0 for t in company.teams if t.parent is None}
    for team in company.teams:
        if team.parent is not None:
            depth[team.id] = depth[team.parent] + 1
    running = [o for o in company.objectives if o.period == QUARTERS[-2] and depth[o.team] == 2
               and any(k.checkins and k.checkins[-1].value is not None for k in o.key_results)]
    return min(running, key=lambda o: o.path).path


def write_site(company: Company, out: Path) -> Summary:
    """Write the okrsite site into `out` (created; existing files are overwritten)."""
    files = site_files(company)
    written = 0
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    krs = [k for o in company.objectives for k in o.key_results]
    return Summary(
        teams=len(company.teams), quarters=len({o.period for o in company.objectives}),
        objectives=len(company.objectives), key_results=len(krs), checkins=sum(len(k.checkins) for k in krs),
        kpis=len(company.kpis), snapshots=sum(len(k.snapshots) for k in company.kpis),
        people=len(company.people()), files=len(files), content_bytes=written,
        html_pages=company.html_pages(), edit_target=edit_target(company),
    )


def team_count(size: str | None, objectives: int | None) -> int:
    return teams_for_objectives(objectives) if objectives is not None else SIZES[size or "small"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--size", choices=tuple(SIZES), default=None, help="small, medium or large (default small)")
    group.add_argument("--objectives", type=int, metavar="N", help="about N objectives instead of a named size")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default {SEED})")
    parser.add_argument("--hugo", type=Path, metavar="DIR", help="also write the plain pages as a Hugo site")
    parser.add_argument("--mkdocs", type=Path, metavar="DIR", help="also write the plain pages as a MkDocs site")
    parser.add_argument("--pages", type=int, metavar="N", help="plain pages to write (default: okrsite's HTML pages)")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="folder for the okrsite site")
    args = parser.parse_args(argv)
    company = make_company(team_count(args.size, args.objectives), args.seed)
    summary = write_site(company, args.out)
    pages = args.pages or summary.html_pages
    if args.hugo:
        write_hugo(company, args.hugo, pages)
    if args.mkdocs:
        write_mkdocs(company, args.mkdocs, pages)
    json.dump(asdict(summary), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
