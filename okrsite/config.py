"""`okrsite.toml`: read with tomllib into a typed, validated configuration."""

from __future__ import annotations

import functools
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from okrsite import i18n
from okrsite.diagnostics import Diagnostics, did_you_mean
from okrsite.files import CSV_MB, CSV_ROWS, FILE_MB, MB, SiteFiles, inside
from okrsite.lint.defaults import RULE_DEFAULTS

CONFIG_NAME = "okrsite.toml"
KINDS = ("aspirational", "committed")


@dataclass(frozen=True, slots=True)
class StatusThresholds:
    """The numbers behind green/amber/red (SPEC.md, Computations)."""

    aspirational_goal: float = 0.7
    committed_goal: float = 1.0
    green_margin: float = 0.10
    amber_margin: float = 0.25
    achieved: float = 0.7
    partly_achieved: float = 0.4
    low_confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    allow_html: bool = False


@dataclass(frozen=True, slots=True)
class Limits:
    """How large a file okrsite reads: bad input must not exhaust the machine (`[limits]`)."""

    file_mb: float = FILE_MB  # a content file, theme template or static file
    csv_mb: float = CSV_MB  # a KPI's CSV data
    csv_rows: int = CSV_ROWS


@dataclass(frozen=True, slots=True)
class LintOptions:
    """Which OKR-practice rules run, with what bounds, and whether the site shows badges."""

    rules: dict[str, dict[str, float]] = field(default_factory=lambda: {k: dict(v) for k, v in RULE_DEFAULTS.items()})
    badges: bool = True


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    title: str = "OKRs"
    base_url: str = ""
    content_dir: str = "content"
    output_dir: str = "_site"
    theme: str = "default"
    as_of: date | None = None
    fiscal_year_start: int = 1
    default_kind: str = "aspirational"
    language: str = "en"
    repo_url: str = ""  # the site's repository on the web (MkDocs' setting): pages link to their files there
    edit_uri: str = ""  # from repo_url to the web editor of the site folder's files (github.com: edit/main/)
    status: StatusThresholds = field(default_factory=StatusThresholds)
    markdown: MarkdownOptions = field(default_factory=MarkdownOptions)
    lint: LintOptions = field(default_factory=LintOptions)
    limits: Limits = field(default_factory=Limits)

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    def files(self) -> SiteFiles:
        """The reader of this site's files, with its limits."""
        return SiteFiles.of(self.root, round(self.limits.file_mb * MB), round(self.limits.csv_mb * MB))

    def effective_as_of(self) -> date:
        return self.as_of or date.today()


_TOP_TYPES: dict[str, tuple[type, ...]] = {
    "title": (str,), "base_url": (str,), "content_dir": (str,), "output_dir": (str,),
    "theme": (str,), "as_of": (date, str), "fiscal_year_start": (int,),
    "default_kind": (str,), "language": (str,), "repo_url": (str,), "edit_uri": (str,),
}
_SECTIONS = {"status": StatusThresholds, "markdown": MarkdownOptions, "lint": LintOptions, "limits": Limits}


def _key_line(lines: list[str], section: str | None, key: str) -> int:
    """Best-effort line of `key` in `[section]` (tomllib keeps no positions)."""
    current: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]", stripped)
        if header:
            current = header.group(1)
            if section is not None and current == section and key == "":
                return number
            continue
        if current == section and re.match(rf"[\"']?{re.escape(key)}[\"']?\s*=", stripped):
            return number
    return 0


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", date: "a date"}
    return " or ".join(names[t] for t in types)


def _check_value(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in types
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, types)


def load_config(root: Path, diagnostics: Diagnostics, config_file: Path | None = None) -> Config:
    """Read `okrsite.toml` in `root` (defaults when absent); problems become diagnostics."""
    path = config_file or root / CONFIG_NAME
    display = path.name if path.parent == root else str(path)
    config = Config(root=root)
    if not path.exists():
        return config
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, column = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        message = re.sub(r"\s*\(at line.*\)$", "", str(error))
        diagnostics.error(display, line, column, "config", f"TOML syntax error: {message}")
        return config
    lines = text.splitlines()
    values: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    known = set(_TOP_TYPES) | set(_SECTIONS)
    for key, value in data.items():
        line = _key_line(lines, None, key) or _key_line(lines, key, "")
        if key in _SECTIONS:
            if not isinstance(value, dict):
                diagnostics.error(display, line, 1, "config", f"`{key}` must be a table `[{key}]`")
                continue
            sections[key] = _read_section(key, value, lines, display, diagnostics)
        elif key not in _TOP_TYPES:
            diagnostics.error(display, line, 1, "config", f"unknown setting `{key}`", did_you_mean(key, known))
        elif not _check_value(value, _TOP_TYPES[key]):
            diagnostics.error(display, line, 1, "config", f"`{key}` must be {_type_name(_TOP_TYPES[key])}")
        else:
            values[key] = value
    values = _check_top_values(root, values, lines, display, diagnostics)
    return replace(config, **values, **sections)


def _read_lint(data: dict[str, Any], lines: list[str], display: str, diagnostics: Diagnostics) -> LintOptions:
    """`[lint]`: `rule = false` switches a rule off; `rule = { max = 6 }` changes its bounds."""
    rules = {k: dict(v) for k, v in RULE_DEFAULTS.items()}
    badges = True
    for key, value in data.items():
        line = _key_line(lines, "lint", key)
        if key == "badges":
            if isinstance(value, bool):
                badges = value
            else:
                diagnostics.error(display, line, 1, "config", "`lint.badges` must be true or false")
        elif key not in RULE_DEFAULTS:
            diagnostics.error(display, line, 1, "config", f"unknown lint rule `{key}`",
                              did_you_mean(key, list(RULE_DEFAULTS) + ["badges"]))
        elif value is False:
            rules.pop(key)
        elif value is True:
            continue
        elif isinstance(value, dict):
            for name, bound in value.items():
                if name not in RULE_DEFAULTS[key]:
                    known = ", ".join(RULE_DEFAULTS[key]) or "none"
                    diagnostics.error(display, line, 1, "config", f"lint rule `{key}` has no setting `{name}`",
                                      f"its settings: {known}")
                elif isinstance(bound, bool) or not isinstance(bound, (int, float)) or bound < 0:
                    diagnostics.error(display, line, 1, "config", f"`lint.{key}.{name}` must be a number >= 0")
                else:
                    rules[key][name] = float(bound)
        else:
            diagnostics.error(display, line, 1, "config", f"`lint.{key}` must be true, false or a table like {{ max = 6 }}")
    return LintOptions(rules, badges)


def _read_section(name: str, data: dict[str, Any], lines: list[str], display: str, diagnostics: Diagnostics) -> Any:
    if name == "lint":
        return _read_lint(data, lines, display, diagnostics)
    cls = _SECTIONS[name]
    types = {f.name: {"float": (float,), "int": (int,)}.get(str(f.type), (bool,)) for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _key_line(lines, name, key)
        if key not in types:
            diagnostics.error(display, line, 1, "config", f"unknown setting `{key}` in [{name}]", did_you_mean(key, types))
        elif not _check_value(value, types[key]):
            diagnostics.error(display, line, 1, "config", f"`{name}.{key}` must be {_type_name(types[key])}")
        elif name == "limits" and not 0 < value < 1e6:
            diagnostics.error(display, line, 1, "config", f"`{name}.{key}` must be a number above 0, not {value}")
        elif name != "limits" and types[key] == (float,) and not 0 <= value <= 1:
            diagnostics.error(display, line, 1, "config", f"`{name}.{key}` must be between 0 and 1, not {value}")
        else:
            values[key] = float(value) if types[key] == (float,) else value
    return cls(**values)


def _check_top_values(root: Path, values: dict[str, Any], lines: list[str], display: str,
                      diagnostics: Diagnostics) -> dict[str, Any]:
    def bad(key: str, message: str, hint: str = "") -> None:
        diagnostics.error(display, _key_line(lines, None, key), 1, "config", message, hint)
        values.pop(key)

    if isinstance(values.get("as_of"), datetime):
        bad("as_of", "`as_of` must be a date without a time", f"write as_of = {values['as_of'].date().isoformat()}")
    if "as_of" in values and isinstance(values["as_of"], str):
        parsed = parse_date(values["as_of"])
        if parsed is None:
            bad("as_of", f"`as_of` is not a date: {values['as_of']!r}", "write it as YYYY-MM-DD, without quotes")
        else:
            values["as_of"] = parsed
    if "fiscal_year_start" in values and not 1 <= values["fiscal_year_start"] <= 12:
        bad("fiscal_year_start", "`fiscal_year_start` must be a month number from 1 to 12")
    if "default_kind" in values and values["default_kind"] not in KINDS:
        bad("default_kind", f"`default_kind` must be one of {', '.join(KINDS)}", did_you_mean(values["default_kind"], KINDS))
    for key in ("content_dir", "output_dir"):
        if key in values and not values[key].strip():
            bad(key, f"`{key}` must not be empty")
        elif key in values and not inside(str(root / values[key]), os.path.realpath(root)):
            where = "(`build --out` can write elsewhere)" if key == "output_dir" else ""
            bad(key, f"`{key}` must be a folder inside the site folder, not {values[key]!r}",
                f"give a path relative to okrsite.toml that stays below it {where}".strip())
    if "theme" in values and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", values["theme"]):
        bad("theme", f"`theme` must be the name of a folder in themes/, not {values['theme']!r}",
            "write only the folder's name, such as theme = \"company\"")
    if "language" in values:
        theme_locales = root / "themes" / values.get("theme", "default") / "locales"
        languages = i18n.available(theme_locales)
        if i18n.base(values["language"]) not in languages or i18n.format_locale(values["language"]) is None:
            bad("language", f"okrsite has no `{values['language']}` language; it has {', '.join(languages)}",
                did_you_mean(values["language"], languages) or "add its catalog in themes/<theme>/locales/, "
                "as docs/translating.md shows")
    for key in ("base_url", "repo_url"):
        if values.get(key) and not re.match(r"https?://", values[key]):
            bad(key, f"`{key}` must start with http:// or https://", "or leave it empty")
    return values


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@functools.lru_cache(maxsize=65536)
def parse_date(text: str) -> date | None:
    """A `YYYY-MM-DD` date (`2026-8-1` too, as YAML reads it), or None, also for impossible dates.

    Remembered: a site has a few hundred distinct dates in hundreds of thousands of check-ins,
    and one object per date also keeps the model small.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the usual YYYY-MM-DD, parsed in C
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
