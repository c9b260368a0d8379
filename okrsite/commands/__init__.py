"""Thin commands: parse nothing themselves, call the pipeline, format at the edge."""

from __future__ import annotations

import sys

from okrsite.diagnostics import Diagnostics, format_text


def report(diagnostics: Diagnostics, stream=None) -> None:
    """Every diagnostic as `path:line:col: severity: message (hint)`, then a one-line summary."""
    stream = stream or sys.stderr
    for diagnostic in diagnostics.items:
        print(format_text(diagnostic), file=stream)
