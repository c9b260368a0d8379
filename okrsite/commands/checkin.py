"""`okrsite checkin REF --value V`: one check-in added to a key result's file, checked before it is written."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from okrsite.checkin import CheckinRefused, NewCheckin, add_checkin
from okrsite.commands import report
from okrsite.diagnostics import Diagnostics
from okrsite.files import SiteFiles, replace_file
from okrsite.frontmatter import read_document
from okrsite.model import Objective, Site
from okrsite.pipeline import UsageError, run
from okrsite.validate.documents import REFERENCE

HINT = "write [<period>/]<team>/<objective-slug>#<key-result-id>, e.g. 2026-Q3/sales/win-mid-market#outlets"


def run_checkin(args: argparse.Namespace) -> int:
    match = REFERENCE.fullmatch(args.ref)
    if match is None or not match["kr"]:
        raise UsageError(f"`{args.ref}` is not a key result reference: {HINT}")
    project = run(args.config, args.as_of, drafts=True)  # a draft is checked in on too
    if project.site is None:
        report(project.diagnostics.items)
        return 1
    day = args.date or project.config.as_of or date.today()
    objective = _objective(project.site, match["period"], match["team"], match["slug"], day)
    key_result = next((k for k in objective.key_results if k.id == match["kr"]), None)
    if key_result is None:
        ids = ", ".join(k.id for k in objective.key_results)
        raise UsageError(f"{objective.ref} has no key result `{match['kr']}` (it has {ids})")
    checkin = _new_checkin(args, key_result.type == "milestone", day)
    same_day = [c for c in key_result.checkins if c.date == day]
    if same_day and not args.replace:
        raise UsageError(f"{objective.source.path}:{same_day[0].line}: `{key_result.id}` already has a check-in on "
                         f"{day}; pass --replace to replace it, or --date for another day")
    path = project.config.root / objective.source.path
    files = project.config.files()
    data = files(str(path))
    diagnostics = Diagnostics()
    text = data.decode("utf-8-sig")
    document = read_document(objective.source.path, data, diagnostics)
    if document is None:
        report(diagnostics.items)
        return 1
    try:
        new_text = add_checkin(text, document, key_result.id, checkin, same_day[0].line if same_day else None)
    except CheckinRefused as refused:
        raise UsageError(f"{objective.source.path}: {refused}") from refused
    new_data = (b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b"") + new_text.encode("utf-8")
    return _check_and_write(args, path, new_data, objective.source.path, files)


def _objective(site: Site, period: str | None, team: str, slug: str, day: date) -> Objective:
    """The objective a reference names; without a period, the one whose period holds `day` (the shortest)."""
    found = [o for o in site.objectives.values() if o.holder == team and o.slug == slug and period in (None, o.period)]
    if period is None and len(found) > 1:
        holding = [o for o in found if site.periods[o.period].contains(day)]
        found = sorted(holding, key=lambda o: site.periods[o.period].end - site.periods[o.period].start)[:1] or found
    if len(found) != 1:
        where = ", ".join(o.ref for o in found)
        raise UsageError(f"no objective {period + '/' if period else ''}{team}/{slug}" if not found else
                         f"{team}/{slug} is in several periods ({where}): put the period first, e.g. {found[0].ref}")
    return found[0]


def _new_checkin(args: argparse.Namespace, milestone: bool, day: date) -> NewCheckin:
    if milestone != (args.done is not None):
        raise UsageError("a milestone takes --done or --not-done" if milestone else
                         "a metric key result takes --value (--done and --not-done are for milestones)")
    if args.value is not None:
        try:
            float(args.value)
        except ValueError:
            raise UsageError(f"--value must be a number, not `{args.value}`") from None
    return NewCheckin(day, args.value, args.done, args.confidence, args.note)


def _check_and_write(args: argparse.Namespace, path: Path, data: bytes, shown: str, files: SiteFiles) -> int:
    """Validate the site with the new file; write it (atomically) only when it has no error."""
    target = str(path)
    checked = run(args.config, args.as_of, read_bytes=lambda p: data if p == target else files(p), drafts=True)
    mine = [d for d in checked.diagnostics.items if d.path == shown]
    if any(d.severity == "error" for d in mine):
        report(mine)
        print(f"okrsite checkin: {shown} was left as it was", file=sys.stderr)
        return 1
    report(d for d in mine if d.rule in ("checkin-outside-period", "future-checkin"))
    replace_file(path, data, "okrsite-checkin")
    print(f"okrsite checkin: added to {shown}")
    return 0
