"""`okrsite export`: the computed data on stdout."""

from __future__ import annotations

import argparse
import sys

from okrsite.commands import report
from okrsite.export import export_csv, export_json
from okrsite.pipeline import run


def run_export(args: argparse.Namespace) -> int:
    project = run(args.config, args.as_of, drafts=args.drafts)
    if project.results is None or project.site is None:
        report(project.diagnostics.items)
        print("okrsite export: fix the errors above first", file=sys.stderr)
        return 1
    writer = export_csv if args.format == "csv" else export_json
    sys.stdout.write(writer(project.site, project.results))
    return 0
