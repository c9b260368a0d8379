"""`okrsite check`: validate only, in text, GitHub Actions or JSON format."""

from __future__ import annotations

import argparse
import sys

from okrsite.diagnostics import format_github, format_json, format_text, summary
from okrsite.pipeline import run


def run_check(args: argparse.Namespace) -> int:
    project = run(args.config, args.as_of)
    items = project.diagnostics.items
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
    failed = project.diagnostics.has_errors or (args.strict and bool(items))
    return 1 if failed else 0
