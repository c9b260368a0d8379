"""`okrsite new objective|kpi|team`: a correct content file from a template, at the right path."""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from pathlib import Path

from okrsite.commands import report
from okrsite.config import Config, load_config
from okrsite.diagnostics import Diagnostics, did_you_mean
from okrsite.files import Refused, SiteFiles, create, replace_file
from okrsite.loader import display_base, walk
from okrsite.model import slugify
from okrsite.periods import Period, parse_period, period_of_day
from okrsite.pipeline import UsageError, find_root, run
from okrsite.scaffold import free_slug, is_slug, kpi_file, objective_file, team_file


def _teams(content: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted((content / "teams").glob("*.md"))}


def _known_team(team: str, teams: dict[str, Path]) -> None:
    if team not in teams:
        hint = did_you_mean(team, teams) or f"teams: {', '.join(teams) or 'none yet'}"
        raise UsageError(f"there is no team `{team}` ({hint})")


def _lead(path: Path, files: SiteFiles) -> str | None:
    """The team's `lead:`, to own a new objective when --owner is not given."""
    try:
        text = files(str(path)).decode("utf-8", errors="replace")
    except OSError:
        return None  # `okrsite check` says why
    for line in text.splitlines():
        if line.startswith("lead:"):
            return line.split(":", 1)[1].strip().strip("\"'") or None
    return None


MAX_TITLE = 200
MAX_ID = 60
_ID = r"[a-z0-9][a-z0-9-]{0,59}"
_ALIGNS_TO = re.compile(rf"(?:(?P<period>[0-9A-Za-z-]+)/)?{_ID}/{_ID}(?:#{_ID})?")


def _text(value: str, what: str) -> str:
    """A one-line title, name or owner: trimmed, not empty, not too long, no line breaks or control characters."""
    text = value.strip()
    if not text:
        raise UsageError(f"the {what} is empty: give a few words")
    if len(text) > MAX_TITLE:
        raise UsageError(f"the {what} has {len(text)} characters; keep it under {MAX_TITLE} and put the detail "
                         "in the file's text")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise UsageError(f"the {what} must be one line of text, without line breaks or control characters")
    return text


def _aligns_to(value: str | None, fiscal_year_start: int) -> str | None:
    """`--aligns-to` in SPEC's grammar: [<period>/]<team-id>/<objective-slug>[#<kr-id>]."""
    if value is None:
        return None
    match = _ALIGNS_TO.fullmatch(value)
    if not match or (match["period"] and parse_period(match["period"], fiscal_year_start) is None):
        raise UsageError(f"--aligns-to {value!r} is not a reference: write [<period>/]<team-id>/<objective-slug>"
                         "[#<kr-id>], e.g. 2026-Q3/sales/grow-revenue#kr1")
    return value


def _create(args: argparse.Namespace, config: Config, path: Path, text: str) -> int:
    """Check the site with the new file as if it were there; write it only when it has no error."""
    content = config.content_path
    relative = path.relative_to(content).as_posix()
    shown = f"{display_base(config.root, content)}/{relative}"
    if os.path.lexists(path):
        raise UsageError(f"{shown} already exists")
    data, target, files = text.encode("utf-8"), str(path), config.files()
    listing = sorted({*walk(content), relative})
    checked = run(args.config, args.as_of, read_bytes=lambda p: data if p == target else files(p),
                  listing=(content, listing), drafts=True)
    errors = [d for d in checked.diagnostics.items if d.path == shown and d.severity == "error"]
    if errors:
        report(errors)
        print(f"okrsite new: {shown} was not written", file=sys.stderr)
        return 1
    try:
        create(content, relative, data)
    except FileExistsError:
        raise UsageError(f"{shown} already exists") from None
    except Refused as refused:
        raise UsageError(f"cannot write {shown}: {refused.reason}") from None
    except OSError as error:
        raise UsageError(f"cannot write {shown}: {error.strerror or error}") from None
    print(f"okrsite new: wrote {shown}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    root = find_root(args.config)
    config = load_config(root, Diagnostics(), args.config.resolve() if args.config else None)
    content = config.content_path
    teams = _teams(content)
    if args.kind == "review":
        return _new_reviews(args, config)
    args.title = _text(args.title, "name" if args.kind == "team" else "title")
    if getattr(args, "owner", None) is not None:
        args.owner = _text(args.owner, "owner")
    if args.kind == "team":
        if not is_slug(args.id) or len(args.id) > MAX_ID:
            raise UsageError(f"`{args.id[:MAX_ID]}` is not a team id: use up to {MAX_ID} lowercase letters, digits "
                             "and dashes")
        if args.parent:
            _known_team(args.parent, teams)
        elif teams:
            raise UsageError("a new team needs --parent: only the company has none")
        return _create(args, config, content / "teams" / f"{args.id}.md", team_file(args.title, args.parent))
    if getattr(args, "person", None) is not None:
        return _new_individual(args, config)
    _known_team(args.team, teams)
    if args.kind == "kpi":
        folder = content / "kpis" / args.team
        return _create(args, config, folder / f"{free_slug(folder, args.title)}.md", kpi_file(args.title))
    period = _period(args, config)
    folder = content / "okrs" / period.id / args.team
    aligns_to = _aligns_to(args.aligns_to, config.fiscal_year_start)
    text = objective_file(args.title, args.owner or _lead(teams[args.team], config.files()), aligns_to)
    return _create(args, config, folder / f"{free_slug(folder, args.title)}.md", text)


def _period(args: argparse.Namespace, config: Config) -> Period:
    """--period, or the quarter that holds the as-of date."""
    as_of = args.as_of or config.effective_as_of()
    period = parse_period(args.period, config.fiscal_year_start) if args.period else \
        period_of_day(as_of, "quarter", config.fiscal_year_start)
    if period is None:
        raise UsageError(f"`{args.period}` is not a period: write YYYY-Qn, YYYY-Hn or YYYY, e.g. 2026-Q3")
    return period


def _new_individual(args: argparse.Namespace, config: Config) -> int:
    """content/people/<person>/<period>/<slug>.md: an objective of a person's own (SPEC's layout, issue 16)."""
    name = _text(args.person, "person's name")
    period = _period(args, config)
    folder = config.content_path / "people" / slugify(name) / period.id
    aligns_to = _aligns_to(args.aligns_to, config.fiscal_year_start)
    text = objective_file(args.title, None, aligns_to)
    return _create(args, config, folder / f"{free_slug(folder, args.title)}.md", text)


def review_stub(computed: str, newline: str) -> str:
    """The `review:` block `new review` adds at the end of an objective's front-matter."""
    lines = ["review:",
             f"  grade: {computed}  # the final score, 0-1: replaces the computed {computed} only with a reason",
             '  reason: ""  # why the grade differs from the computed score',
             '  learned: ""  # what the team learned',
             '  next: ""  # what carries over: in words, or the ref of a later objective (2026-Q4/sales/slug)']
    return newline.join(lines) + newline


def _new_reviews(args: argparse.Namespace, config: Config) -> int:
    """A review stub in each of a team's objectives of a period that has none (checked before writing)."""
    period = parse_period(args.period, config.fiscal_year_start)
    if period is None:
        raise UsageError(f"`{args.period}` is not a period: write YYYY-Qn, YYYY-Hn or YYYY, e.g. 2026-Q2")
    project = run(args.config, args.as_of, drafts=True)
    if project.site is None or project.results is None:
        report(d for d in project.diagnostics.items if d.severity == "error")
        raise UsageError("the site has errors: fix them first (okrsite check), then write the reviews")
    _known_team(args.team, {t: Path() for t in project.site.teams})
    objectives = [o for o in project.site.objectives.values()
                  if o.period == period.id and o.team == args.team and o.person is None and o.state != "abandoned"]
    if not objectives:
        raise UsageError(f"team `{args.team}` has no objectives in {period.id}")
    files, root = config.files(), config.root
    changed: dict[str, bytes] = {}
    for objective in objectives:
        if objective.review is not None:
            continue
        path = str(root / objective.source.path)
        data = files(path)
        text = data.decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = text.split(newline)
        close = next(i for i, line in enumerate(lines) if i > 0 and line.rstrip(" \t") == "---")
        computed = f"{project.results.objectives[objective.ref].score:.2f}"
        lines[close:close] = review_stub(computed, newline).rstrip(newline).split(newline)
        changed[path] = (b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b"") + newline.join(lines).encode()
    if not changed:
        print(f"okrsite new: every objective of `{args.team}` in {period.id} has a review already; nothing was written")
        return 0
    checked = run(args.config, args.as_of, read_bytes=lambda p: changed[p] if p in changed else files(p), drafts=True)
    shown = {os.path.relpath(p, root).replace(os.sep, "/") for p in changed}
    errors = [d for d in checked.diagnostics.items if d.path in shown and d.severity == "error"]
    if errors:
        report(errors)
        print("okrsite new: no file was changed", file=sys.stderr)
        return 1
    for path, data in changed.items():
        replace_file(Path(path), data, "okrsite-review")
    for name in sorted(shown):
        print(f"okrsite new: added a review to {name}")
    return 0
