"""Escapes YAML refuses are errors with the file, line and column, found by `check`, never a crash
of `build`; the escapes YAML allows read as YAML reads them."""

from __future__ import annotations

import yaml

from okrsite import frontmatter
from tests.conftest import okrsite
from tests.validate.test_bad_input import OBJ, assert_at, only_error

KEY_RESULTS = "key_results:\n  - {title: A, start: 0, target: 5}\n"


def test_a_lone_surrogate_escape_in_a_title_is_an_error_at_its_place(tiny):
    tiny.write(OBJ, f'---\ntitle: "Grow \\ud800 fast"\n{KEY_RESULTS}---\n')
    error = only_error(tiny, "lone surrogate")
    assert_at(error, OBJ, 2, 14)
    assert "`\\ud800` is a lone surrogate, not a character" in error.message
    assert error.rule == "yaml-syntax"
    assert "write the character itself" in error.hint


def test_a_surrogate_pair_written_as_two_escapes_is_an_error(tiny):
    tiny.write(OBJ, f'---\ntitle: "\\ud83d\\ude00"\n{KEY_RESULTS}---\n')
    assert_at(only_error(tiny, "lone surrogate"), OBJ, 2, 9)


def test_an_escape_beyond_unicode_is_an_error(tiny):
    tiny.write(OBJ, f'---\ntitle: "\\U00110000"\n{KEY_RESULTS}---\n')
    assert_at(only_error(tiny, "beyond the last Unicode character"), OBJ, 2, 9)


def test_a_lone_surrogate_is_an_error_without_libyaml_too(tiny, monkeypatch):
    monkeypatch.setattr(frontmatter, "_Loader", yaml.SafeLoader)  # PyYAML's own reader accepts "\ud800"
    tiny.write(OBJ, f'---\ntitle: "Grow \\ud800 fast"\n{KEY_RESULTS}---\n')
    error = only_error(tiny, "lone surrogate")
    assert_at(error, OBJ, 2, 8)
    assert error.rule == "yaml-syntax"


def test_check_fails_and_build_stops_cleanly_on_a_lone_surrogate(tiny):
    tiny.write(OBJ, f'---\ntitle: "\\ud800"\n{KEY_RESULTS}---\n')
    for command in ("check", "build"):
        result = okrsite(command, cwd=tiny.root)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "UnicodeEncodeError" not in result.stderr
        assert "new.md:2:9" in result.stdout + result.stderr


def test_escapes_yaml_allows_read_as_yaml_reads_them(tiny):
    from okrsite.pipeline import run

    tiny.write(OBJ, f'---\ntitle: "Smile \\U0001F600 \\u00e9\\x41\\N\\_ café\u3000"\n{KEY_RESULTS}---\n')
    project = run(tiny.root / "okrsite.toml")
    assert not project.diagnostics.has_errors, project.diagnostics.items
    assert project.site.objectives["2026-Q3/sales/new"].title == "Smile \U0001F600 \u00e9A\x85\xa0 café\u3000"


def test_a_lone_surrogate_in_a_key_is_an_error_without_libyaml_too(tiny, monkeypatch):
    monkeypatch.setattr(frontmatter, "_Loader", yaml.SafeLoader)
    tiny.write(OBJ, f'---\ntitle: Grow\n"\\udfff": 1\n{KEY_RESULTS}---\n')
    assert_at(only_error(tiny, "`\\udfff` is a lone surrogate"), OBJ, 3, 1)
