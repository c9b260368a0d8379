"""`okrsite build`: validate and compute; rendering the site arrives with the site issue."""

from __future__ import annotations

import argparse
import sys

from okrsite.commands import report
from okrsite.diagnostics import summary
from okrsite.pipeline import run


def run_build(args: argparse.Namespace) -> int:
    project = run(args.config, args.as_of)
    report(project.diagnostics)
    items = project.diagnostics.items
    if project.diagnostics.has_errors or (args.strict and items):
        print(f"okrsite build: {summary(items)}; nothing was written", file=sys.stderr)
        return 1
    site = project.site
    assert site is not None
    print(f"okrsite build: content is valid ({len(site.teams)} teams, {len(site.objectives)} objectives, "
          f"{len(site.kpis)} KPIs, as of {project.as_of}); {summary(items)}.")
    print("okrsite build: the site renderer is not part of this version yet; nothing was written.")
    return 0
