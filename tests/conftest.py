from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrsite.diagnostics import Diagnostic
from okrsite.pipeline import run

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


class FixtureSite:
    """A copy of a fixture site in tmp_path that a test can change file by file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def check(self) -> list[Diagnostic]:
        return run(self.root / "okrsite.toml").diagnostics.items

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.check() if d.severity == "error"]


@pytest.fixture
def tiny(tmp_path: Path) -> FixtureSite:
    shutil.copytree(FIXTURES / "tiny", tmp_path / "site")
    return FixtureSite(tmp_path / "site")
