"""New content from templates: a whole example site (`okrsite init`) or one file (`okrsite new`)."""

from __future__ import annotations

import importlib.metadata
import json
import re
from datetime import date, timedelta
from pathlib import Path

from okrsite.periods import Period, period_of_day
from okrsite.render.urls import slugify
from okrsite.schema import config_schema, document_schemas

# What both jobs do first: check out the site (without keeping the token) and install okrsite.
SETUP_STEPS = """\
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the base branch too, for okrsite diff
          persist-credentials: false
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "%(install)s"
"""
WORKFLOW = """\
# Checks OKR files and the site's build on every pull request (annotations on the changed
# lines; what the change does to scores and statuses in the run's summary; the built site kept
# as an artifact to preview), and publishes the site to GitHub
# Pages on every push to main and once a day (status depends on the date: expected pace, stale
# check-ins). Settings > Pages > Source: GitHub Actions.
name: okrsite

on:
  pull_request:
  push:
    branches: [main]
  schedule:
    - cron: "23 4 * * *"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
%(setup)s      - run: okrsite check --format github
      - run: okrsite build
      - run: okrsite diff "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"
        env:
          BASE_REF: ${{ github.base_ref }}
      - uses: actions/upload-artifact@v4
        with:
          name: site-preview
          path: _site

  deploy:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
%(setup)s      - id: pages
        uses: actions/configure-pages@v5
      - run: okrsite check --format github
      - run: okrsite build --base-url "$BASE_URL/"
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
      - id: deployment
        uses: actions/deploy-pages@v4
"""
# zizmor (GitHub Actions' static analyser) reads this: GitHub's own actions by tag, others by commit.
ZIZMOR = """\
rules:
  unpinned-uses:
    config:
      policies:
        "actions/*": ref-pin
        "*": hash-pin
"""

# VS Code: the task "okrsite check" (Terminal > Run Build Task) puts every diagnostic into the
# Problems panel at its file, line and column. (YAML schemas are not applied to Markdown
# front-matter by the YAML extension; `okrsite schema` still writes them for tools that do.)
VSCODE_TASKS = {
    "version": "2.0.0",
    "tasks": [{
        "label": "okrsite check",
        "type": "shell",
        "command": "okrsite check",
        "group": {"kind": "build", "isDefault": True},
        "presentation": {"reveal": "silent", "clear": True},
        "problemMatcher": {
            "owner": "okrsite",
            "source": "okrsite",
            "fileLocation": ["relative", "${workspaceFolder}"],
            "pattern": {
                "regexp": r"^(.+?):(\d+):(?:(\d+):)? (error|warning): (.*)$",
                "file": 1, "line": 2, "column": 3, "severity": 4, "message": 5,
            },
        },
    }],
}

def installed_requirement() -> str | None:
    """What `pip install` needs to get the okrsite that is running, from its PEP 610 record
    (`direct_url.json`): a git URL pinned to the installed commit, or the released version when it
    came from a package index; None for a local folder or an editable install, which CI cannot reach."""
    try:
        distribution = importlib.metadata.distribution("okrsite")
    except importlib.metadata.PackageNotFoundError:
        return None
    record = distribution.read_text("direct_url.json")
    if record is None:
        return f"okrsite=={distribution.version}"
    try:
        found = json.loads(record)
        url, vcs = found["url"], found.get("vcs_info") or {}
    except (ValueError, KeyError, TypeError):
        return None
    if vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"okrsite @ git+{url}@{vcs['commit_id']}"
    if "archive_info" in found and url.startswith(("https://", "http://")):
        return f"okrsite @ {url}"
    return None


GITIGNORE = "/_site/\n/.*.okrsite-new-*/\n/.*.okrsite-old-*/\n"


def _weekly_checkins(period: Period, today: date, start: float, per_week: float, unit_note: str) -> str:
    """Check-ins every Friday of the period up to today, moving steadily."""
    lines = []
    day = period.start + timedelta(days=(4 - period.start.weekday()) % 7)
    value = start
    while day <= min(today, period.end):
        value += per_week
        lines.append(f"      - {{date: {day}, value: {round(value, 1):g}, confidence: 0.7}}")
        day += timedelta(days=7)
    if not lines:
        return ""
    lines[-1] = lines[-1][:-1] + f', note: "{unit_note}"}}'
    return "    checkins:\n" + "\n".join(lines) + "\n"


def tooling(install: str) -> dict[str, str]:
    """What a site repository needs besides its content: the CI workflow and its audit settings,
    the editor task, the JSON Schemas and `.gitignore`. `install` is what the workflow gives to
    `pip install` (see `installed_requirement`)."""
    return {
        ".gitignore": GITIGNORE,
        ".github/workflows/okrsite.yml": WORKFLOW % {"setup": SETUP_STEPS % {"install": install}},
        ".github/zizmor.yml": ZIZMOR,
        ".vscode/tasks.json": json.dumps(VSCODE_TASKS, indent=2) + "\n",
        **{f"schemas/{name}": json.dumps(schema, indent=2) + "\n"
           for name, schema in {**document_schemas(), "okrsite-config.schema.json": config_schema()}.items()},
    }


def empty_site() -> dict[str, str]:
    """A site without the example company: the settings and one team, the company, to grow from."""
    return {
        "okrsite.toml": '# okrsite settings: see docs/content-format.md for every key.\ntitle = "OKRs"\n',
        "content/teams/company.md": "---\nname: Our company\n---\nThe company. Its objectives are the top of the cascade.\n",
    }


def example_site(today: date, fiscal_year_start: int = 1) -> dict[str, str]:
    """A small company that checks clean on `today`: a year goal, a quarter's team goals, a KPI."""
    quarter = period_of_day(today, "quarter", fiscal_year_start)
    year = period_of_day(today, "year", fiscal_year_start)
    months = [date(today.year, today.month, 1)]
    while len(months) < 6:
        first = months[-1]
        months.append(date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1))
    snapshots = "\n".join(f"  - {{date: {m}, value: {40 + 3 * i}}}" for i, m in enumerate(reversed(months)))
    return {
        "okrsite.toml": (
            '# okrsite settings: see https://pypi.org/project/okrsite/ for every key.\n'
            'title = "Example Co — OKRs"\n'
            'base_url = ""          # e.g. "https://okr.example.com/"; the GitHub workflow passes it itself\n'
            f"fiscal_year_start = {fiscal_year_start}\n"
            '# as_of = 2026-08-15   # compute as of this day instead of today\n'
        ),
        "content/teams/example-co.md": "---\nname: Example Co\nlead: Aisha Rahman\nmembers: [Aisha Rahman, Daniel Tan]\n---\n"
                                       "The company. Its objectives are the top of the cascade.\n",
        "content/teams/product.md": "---\nname: Product\nparent: example-co\nlead: Daniel Tan\n"
                                    "members: [Daniel Tan, Priya Menon]\n---\nBuilds what customers pay for.\n",
        "content/teams/sales.md": "---\nname: Sales\nparent: example-co\nlead: Mei Ling Ong\n"
                                  "members: [Mei Ling Ong, Ravi Kumar]\n---\nFinds and wins customers.\n",
        f"content/okrs/{year.id}/example-co/grow-with-happy-customers.md": (
            "---\ntitle: Grow with customers who stay because they want to\nkey_results:\n"
            "  - id: customers\n    title: Grow paying customers from 40 to 80\n    kpi: sales/customers\n"
            "    start: 40\n    target: 80\n"
            "  - id: nps\n    title: Raise NPS from 20 to 40\n    start: 20\n    target: 40\n"
            + _weekly_checkins(year, today, 20, 0.3, "From the monthly survey.") +
            "---\nWhy this matters, in a few sentences. Team objectives below align to it.\n"
        ),
        f"content/okrs/{quarter.id}/product/faster-onboarding.md": (
            "---\ntitle: Make the first week a delight\nowner: Priya Menon\n"
            "aligns_to: example-co/grow-with-happy-customers#nps\nkey_results:\n"
            "  - title: Cut time to first invoice from 10 days to 3\n    start: 10\n    target: 3\n    unit: days\n"
            + _weekly_checkins(quarter, today, 10, -0.5, "Setup wizard shipped.") +
            "  - title: Raise onboarding CSAT from 70% to 90%\n    start: 70\n    target: 90\n    unit: \"%\"\n"
            + _weekly_checkins(quarter, today, 70, 1.2, "Survey after day 7.") +
            "---\nNew customers who are live in days, not weeks, stay and tell others.\n"
        ),
        f"content/okrs/{quarter.id}/sales/win-the-right-customers.md": (
            "---\ntitle: Win customers who fit us well\nkind: committed\n"
            "aligns_to: example-co/grow-with-happy-customers#customers\nkey_results:\n"
            "  - title: Increase qualified demos from 8 to 20 a month\n    start: 8\n    target: 20\n"
            + _weekly_checkins(quarter, today, 8, 0.8, "Partner referrals picking up.") +
            "  - title: Reduce discount given from 15% to 5%\n    start: 15\n    target: 5\n    unit: \"%\"\n"
            + _weekly_checkins(quarter, today, 15, -0.6, "Value-based pricing deck in use.") +
            "---\nFewer, better-fitting customers churn less.\n"
        ),
        "content/kpis/sales/customers.md": (
            "---\ntitle: Paying customers\nunit: customers\ntarget: 60\nalert: 45\nstretch: 80\ncadence: monthly\n"
            f"snapshots:\n{snapshots}\n---\nCounted on the first of each month from the billing system.\n"
        ),
    }


def free_slug(folder: Path, title: str) -> str:
    """A slug from the first words of `title`, with -2, -3, ... when the file exists."""
    words = slugify(title).split("-")[:6]
    base = "-".join(words)[:50].strip("-") or "objective"
    slug, n = base, 2
    while (folder / f"{slug}.md").exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def objective_file(title: str, owner: str | None, aligns_to: str | None) -> str:
    lines = ["---", f"title: {_quote(title)}"]
    if owner:
        lines.append(f"owner: {_quote(owner)}")
    lines.append(f"aligns_to: {aligns_to}" if aligns_to else "# aligns_to: <team-id>/<objective-slug>[#<kr-id>]")
    lines += [
        "key_results:",
        "  - title: \"Raise the first measurable result from 0 to 100\"  # edit: a number that shows success",
        "    start: 0", "    target: 100", "    checkins: []",
        "  - title: \"Raise the second measurable result from 0 to 10\"",
        "    start: 0", "    target: 10", "    checkins: []",
        "---", "Why this objective matters now, and how the team will know it is reached.", "",
    ]
    return "\n".join(lines)


def kpi_file(title: str) -> str:
    return (f"---\ntitle: {_quote(title)}\nunit: \"\"\ndirection: higher\ntarget: 100\ncadence: monthly\n"
            "snapshots: []\n---\nWhat this KPI measures, where the number comes from, and who updates it.\n")


def team_file(name: str, parent: str | None) -> str:
    parent_line = f"parent: {parent}\n" if parent else ""
    return f"---\nname: {_quote(name)}\n{parent_line}lead: \"\"\nmembers: []\n---\nWhat this team is for.\n"


def is_slug(text: str) -> bool:
    return re.fullmatch(r"[a-z0-9][a-z0-9-]*", text) is not None
