from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from okrsite.diagnostics import Diagnostic
from okrsite.pipeline import run

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def okrsite(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run okrsite as a user does: a subprocess in a site folder."""
    return subprocess.run([sys.executable, "-m", "okrsite", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def copy_fixture(name: str, tmp_path: Path, extra_config: str = "") -> Path:
    """A private copy of tests/fixtures/<name>, with lines appended to its okrsite.toml."""
    site = tmp_path / name
    shutil.copytree(FIXTURES / name, site)
    if extra_config:
        with open(site / "okrsite.toml", "a", encoding="utf-8") as config:
            config.write(extra_config)
    return site


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
    return FixtureSite(copy_fixture("tiny", tmp_path))
