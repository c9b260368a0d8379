"""The same company as N plain Markdown pages with YAML front-matter, for Hugo and MkDocs.

Page i carries objective i (cycling when N is larger): its title and a few params in the
front-matter, and a body of about the objective file's length: the objective's Markdown, a table
of its key results and a table of its check-ins.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from company import Company, ObjectiveSpec, number_text

HUGO_CONFIG = """baseURL = "https://okr.example/"
languageCode = "en"
title = "Plain pages (okrsite benchmark)"
disableKinds = ["taxonomy", "term"]
"""

HUGO_LAYOUTS: dict[str, str] = {
    "layouts/_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "layouts/_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.team }} · {{ .Params.period }} · {{ .Params.kind }} · {{ .Date.Format "2006-01-02" }}</p>
{{ .Content }}
</article>{{ end }}
""",
    "layouts/_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
""",
}

MKDOCS_CONFIG = """site_name: Plain pages (okrsite benchmark)
nav:
  - Home: index.md
"""
# Only the home page is in the nav: with every page in it, each page would carry all N links
# and MkDocs' output would grow with N squared, which is not what is being compared.

MKDOCS_INDEX = "# Plain pages\n\nThe okrsite benchmark's plain Markdown pages, one per objective.\n"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_body(objective: ObjectiveSpec) -> str:
    rows = ["| Key result | Start | Target | Unit | Owner |", "|---|---|---|---|---|"]
    for kr in objective.key_results:
        start = "" if kr.start is None else number_text(kr.start, kr.decimals)
        target = "" if kr.target is None else number_text(kr.target, kr.decimals)
        rows.append(f"| {kr.title} | {start} | {target} | {kr.unit} | {kr.owner or ''} |")
    checkins = ["| Date | Key result | Value | Confidence | Note |", "|---|---|---|---|---|"]
    for kr in objective.key_results:
        for c in kr.checkins:
            value = ("done" if c.done else "not done") if c.done is not None else (
                "" if c.value is None else number_text(c.value, kr.decimals))
            checkins.append(f"| {c.day} | {kr.id} | {value} | {(c.confidence or '').strip(chr(34))} | {c.note or ''} |")
    return (objective.body + "\n## Key results\n\n" + "\n".join(rows) + "\n\n## Check-ins\n\n"
            + "\n".join(checkins) + "\n")


def plain_pages(company: Company, count: int) -> Iterator[tuple[str, str]]:
    """(file stem, Markdown text) of `count` pages."""
    objectives = company.objectives
    for index in range(count):
        objective = objectives[index % len(objectives)]
        day = date(2021, 1, 1) + timedelta(days=index % 1000)  # in the past: Hugo skips future posts
        front = "\n".join([
            "---", f"title: {_quoted(objective.title + ' (' + objective.team + ', ' + objective.period + ')')}",
            f"date: {day.isoformat()}", f"team: {_quoted(objective.team)}", f"period: {_quoted(objective.period)}",
            f"kind: {objective.kind}", f"tags: [{', '.join(objective.tags)}]", "---", "",
        ])
        yield f"{index:05d}-{objective.slug}", front + page_body(objective)


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_hugo(company: Company, out: Path, count: int) -> None:
    """`hugo.toml`, single + list layouts, and `content/posts/*.md`."""
    files = {"hugo.toml": HUGO_CONFIG, **HUGO_LAYOUTS,
             "content/posts/_index.md": "---\ntitle: Posts\n---\n"}
    files.update((f"content/posts/{stem}.md", text) for stem, text in plain_pages(company, count))
    _write(out, files)


def write_mkdocs(company: Company, out: Path, count: int) -> None:
    """`mkdocs.yml` and `docs/*.md` (plus `docs/index.md`)."""
    files = {"mkdocs.yml": MKDOCS_CONFIG, "docs/index.md": MKDOCS_INDEX}
    files.update((f"docs/{stem}.md", text) for stem, text in plain_pages(company, count))
    _write(out, files)
