"""Problems found in content, as data; formatted only at the edge (CLI, serve)."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, replace
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Said:
    """A message as a template and its values, so that the site can say it to people in their
    language (`okrsite.render.views.finding_view`) while editors get `english()`.

    Values are named for what they are: `kr` a key result's id, `kpi` a KPI's ref, `team` a team's
    id (the site shows their titles and names instead), a `date` a day, a float a number.
    """

    template: str  # English, marked N_(...), with %(name)s placeholders
    values: tuple[tuple[str, object], ...] = ()

    def english(self) -> str:
        """The message for editors: ids in backticks, ISO dates, numbers as written."""
        return self.template % {key: _plain(key, value) for key, value in self.values}


def _plain(key: str, value: object) -> str:
    if key in ("kr", "kpi", "team", "match"):
        return f"`{value}`"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def said(template: str, **values: object) -> Said:
    return Said(template, tuple(values.items()))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one place of one file (line and column are 1-based, 0 = unknown)."""

    path: str
    line: int
    column: int
    severity: Severity
    rule: str
    message: str
    hint: str = ""
    said: Said | None = None  # the message as a template, for the site's words (not in JSON output)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


def warning(path: str, line: int, column: int, rule: str, message: str | Said, hint: str = "") -> Diagnostic:
    """A warning; `message` as a `Said` when the site shows it to people (a practice note)."""
    if isinstance(message, Said):
        return Diagnostic(path, line, column, "warning", rule, message.english(), hint, message)
    return Diagnostic(path, line, column, "warning", rule, message, hint)


class Diagnostics:
    """Collects every problem of a run; stages append, nobody prints."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._errors = 0

    def error(self, path: str, line: int, column: int, rule: str, message: str, hint: str = "") -> None:
        self._items.append(Diagnostic(path, line, column, "error", rule, message, hint))
        self._errors += 1

    def warning(self, path: str, line: int, column: int, rule: str, message: str | Said, hint: str = "") -> None:
        self._items.append(warning(path, line, column, rule, message, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            self._items.append(item)
            self._errors += item.severity == "error"

    @property
    def items(self) -> list[Diagnostic]:
        """Every diagnostic once, sorted by file and line."""
        return sorted(set(self._items), key=Diagnostic.sort_key)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def error_count(self) -> int:
        return self._errors


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest known word, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{matches[0]}`?" if matches else ""


def format_text(diagnostic: Diagnostic) -> str:
    """`path:line:col: error: message (hint)`, the format editors and CI logs understand."""
    where = diagnostic.path
    if diagnostic.line:
        where += f":{diagnostic.line}"
        if diagnostic.column:
            where += f":{diagnostic.column}"
    text = f"{where}: {diagnostic.severity}: {diagnostic.message}"
    if diagnostic.hint:
        text += f" ({diagnostic.hint})"
    return text


def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request."""
    props = [f"file={_escape_github_property(diagnostic.path)}"]
    if diagnostic.line:
        props.append(f"line={diagnostic.line}")
        if diagnostic.column:
            props.append(f"col={diagnostic.column}")
    props.append(f"title={_escape_github_property('okrsite ' + diagnostic.rule)}")
    message = diagnostic.message + (f" ({diagnostic.hint})" if diagnostic.hint else "")
    return f"::{diagnostic.severity} {','.join(props)}::{_escape_github_data(message)}"


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([{k: v for k, v in asdict(d).items() if k != "said"} for d in diagnostics], indent=2,
                      ensure_ascii=False)


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    items = list(diagnostics)
    errors = sum(1 for d in items if d.severity == "error")
    warnings = len(items) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def strict(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning becomes an error."""
    return [replace(d, severity="error") if d.severity == "warning" else d for d in diagnostics]
