"""`okrsite new objective|kpi|team`: a correct content file from a template, at the right path."""

from __future__ import annotations

import argparse
from pathlib import Path

from okrsite.config import load_config
from okrsite.diagnostics import Diagnostics, did_you_mean
from okrsite.periods import parse_period, period_of_day
from okrsite.pipeline import UsageError, find_root
from okrsite.scaffold import free_slug, is_slug, kpi_file, objective_file, team_file


def _teams(content: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted((content / "teams").glob("*.md"))}


def _known_team(team: str, teams: dict[str, Path]) -> None:
    if team not in teams:
        hint = did_you_mean(team, teams) or f"teams: {', '.join(teams) or 'none yet'}"
        raise UsageError(f"there is no team `{team}` ({hint})")


def _lead(path: Path) -> str | None:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("lead:"):
            return line.split(":", 1)[1].strip().strip("\"'") or None
    return None


def _write(path: Path, text: str, root: Path) -> int:
    if path.exists():
        raise UsageError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"okrsite new: wrote {path.relative_to(root).as_posix()}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    root = find_root(args.config)
    config = load_config(root, Diagnostics(), args.config.resolve() if args.config else None)
    content = config.content_path
    teams = _teams(content)
    if args.kind == "team":
        if not is_slug(args.id):
            raise UsageError(f"`{args.id}` is not a team id: use lowercase letters, digits and dashes")
        if args.parent:
            _known_team(args.parent, teams)
        elif teams:
            raise UsageError("a new team needs --parent: only the company has none")
        return _write(content / "teams" / f"{args.id}.md", team_file(args.title, args.parent), root)
    _known_team(args.team, teams)
    if args.kind == "kpi":
        folder = content / "kpis" / args.team
        return _write(folder / f"{free_slug(folder, args.title)}.md", kpi_file(args.title), root)
    as_of = args.as_of or config.effective_as_of()
    period = parse_period(args.period, config.fiscal_year_start) if args.period else \
        period_of_day(as_of, "quarter", config.fiscal_year_start)
    if period is None:
        raise UsageError(f"`{args.period}` is not a period: write YYYY-Qn, YYYY-Hn or YYYY, e.g. 2026-Q3")
    folder = content / "okrs" / period.id / args.team
    text = objective_file(args.title, args.owner or _lead(teams[args.team]), args.aligns_to)
    return _write(folder / f"{free_slug(folder, args.title)}.md", text, root)
