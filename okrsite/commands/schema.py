"""`okrsite schema [DIR]`: JSON Schema files for editors, made from the validator's own key lists."""

from __future__ import annotations

import argparse

from okrsite.schema import write_schemas


def run_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(args.directory):
        print(f"okrsite schema: wrote {path}")
    return 0
