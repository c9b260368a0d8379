"""The default theme and the translations ship inside the installed package (not only in the source tree)."""

from __future__ import annotations

import fnmatch
import tomllib

from tests.conftest import REPO


def test_package_data_covers_every_theme_file_and_catalog():
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["okrsite"]
    shipped = [REPO / "okrsite" / "themes" / "default", REPO / "okrsite" / "locales"]
    files = [p.relative_to(REPO / "okrsite").as_posix() for folder in shipped for p in folder.rglob("*")
             if p.is_file() and p.suffix != ".pot"]
    assert "locales/ko/LC_MESSAGES/messages.po" in files and "locales/ms/LC_MESSAGES/messages.po" in files
    missing = [f for f in files if not any(fnmatch.fnmatchcase(f, pattern) and f.count("/") == pattern.count("/")
                                           for pattern in patterns)]
    assert missing == []


def test_top_level_theme_is_the_packaged_one():
    assert (REPO / "themes" / "default").resolve() == (REPO / "okrsite" / "themes" / "default").resolve()
