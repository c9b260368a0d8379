"""`okrsite check`: validate the content and compile the site's theme templates; text, GitHub Actions or JSON format."""

from __future__ import annotations

import argparse
import sys

from okrsite.diagnostics import format_github, format_json, format_text, strict, summary
from okrsite.pipeline import run
from okrsite.render.site import Theme


def run_check(args: argparse.Namespace) -> int:
    project = run(args.config, args.as_of, drafts=args.drafts)
    found = [*project.diagnostics.items, *Theme.for_config(project.config).problems()]
    items = strict(found) if args.strict else found
    if args.format == "json":
        print(format_json(items))
    else:
        formatter = format_github if args.format == "github" else format_text
        for diagnostic in items:
            print(formatter(diagnostic))
        counts = ""
        if project.site is not None:
            counts = (f" in {len(project.site.teams)} teams, {len(project.site.objectives)} objectives, "
                      f"{len(project.site.kpis)} KPIs")
        print(f"okrsite check: {summary(items)}{counts}", file=sys.stderr)
    failed = any(d.severity == "error" for d in items)
    return 1 if failed else 0
