"""Thin commands: parse nothing themselves, call the pipeline, format at the edge."""

from __future__ import annotations

import sys

from typing import Iterable

from okrsite.diagnostics import Diagnostic, format_text


def report(diagnostics: Iterable[Diagnostic], stream=None) -> None:
    """Every diagnostic as `path:line:col: severity: message (hint)`."""
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(format_text(diagnostic), file=stream)
