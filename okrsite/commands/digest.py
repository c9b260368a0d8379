"""`okrsite digest [--week 2026-W33] --format markdown|html|text`: a week's digest, for chat or e-mail."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from html import escape

from okrsite.commands import report
from okrsite.compute import ResultsOn
from okrsite.diagnostics import summary
from okrsite.digest import week_start, weekly_digest
from okrsite.pipeline import UsageError, run
from okrsite.render import urls
from okrsite.render.pages.digests import digest_view
from okrsite.render.plan import PageBuilder

Item = tuple[str, str, str, str]  # (text before the link, linked words, link, text after)


def sections(view: dict, base_url: str) -> list[tuple[str, list[Item], str]]:
    """The digest as (heading, items, what to say when there are none), in the page's order; links
    absolute with a base_url, else from the site's root."""
    def link(url: str) -> str:
        return urls.absolute(base_url, url) if base_url else url

    def move(m: dict, after: str) -> Item:
        return "", m["title"], link(m["url"]), f" · {m['team']}: {after}"

    return [
        ("New off track", [move(m, f"{m['from'].word} → {m['to'].word} (now {m['score']})") for m in view["new_reds"]],
         "Nothing went off track this week."),
        ("Status changes", [move(m, f"{m['from'].word} → {m['to'].word} ({m['delta']})") for m in view["changes"]],
         "No objective changed status."),
        ("Biggest moves", [move(m, f"{m['delta']} to {m['score']}") for m in view["moves"]], "No score moved."),
        ("KPIs across their alert line",
         [("", k["title"], link(k["url"]),
           f" · {k['team']}: {k['from'].word} → {k['to'].word} ({k['value']}; alert {k['alert']})")
          for k in view["kpis"]], "No KPI crossed its alert line."),
        ("No check-in this week",
         [(f"{t['team']}: ", k["title"], link(k["url"]), f" · {k['objective']}")
          for t in view["silent"] for k in t["key_results"]],
         "Every key result had its check-in."),
    ]


def markdown(view: dict, title: str, base_url: str) -> str:
    lines = [f"## {title}: week {view['week']} ({view['first']} – {view['last']}"
             f"{', so far' if view['partial'] else ''})", ""]
    for heading, items, none in sections(view, base_url):
        lines.append(f"**{heading}**")
        lines += [f"- {before}[{words}]({url}){after}" for before, words, url, after in items] or [f"- {none}"]
        lines.append("")
    return "\n".join(lines)


def text(view: dict, title: str, base_url: str) -> str:
    lines = [f"{title}: week {view['week']} ({view['first']} – {view['last']}{', so far' if view['partial'] else ''})",
             ""]
    for heading, items, none in sections(view, base_url):
        lines.append(heading)
        lines += [f"  - {before}{words}{after}" for before, words, _, after in items] or [f"  - {none}"]
        lines.append("")
    return "\n".join(lines)


def html(view: dict, title: str, base_url: str) -> str:
    parts = [f"<h2>{escape(title)}: week {escape(view['week'])} ({escape(view['first'])} – {escape(view['last'])}"
             f"{', so far' if view['partial'] else ''})</h2>"]
    for heading, items, none in sections(view, base_url):
        parts.append(f"<h3>{escape(heading)}</h3><ul>")
        parts += [f'<li>{escape(before)}<a href="{escape(url)}">{escape(words)}</a>{escape(after)}</li>'
                  for before, words, url, after in items] or [f"<li>{escape(none)}</li>"]
        parts.append("</ul>")
    return "\n".join(parts) + "\n"


def run_digest(args: argparse.Namespace) -> int:
    project = run(args.config, args.as_of, base_url=args.base_url)
    if project.site is None or project.results is None:
        report(d for d in project.diagnostics.items if d.severity == "error")
        print(f"okrsite digest: {summary(project.diagnostics.items)}; fix them first (okrsite check)", file=sys.stderr)
        return 1
    as_of = project.results.as_of
    first = week_start(args.week) if args.week else as_of - timedelta(days=as_of.weekday())
    if first is None:
        raise UsageError(f"`{args.week}` is not a week: write YYYY-Www, e.g. 2026-W33")
    if first > as_of:
        raise UsageError(f"week {args.week} starts after the as-of date {as_of}: pass a later --as-of")
    config = project.config
    digest = weekly_digest(project.site, ResultsOn(project.site, project.results, config.status), first)
    view = digest_view(PageBuilder(project.site, project.results, config).at(urls.HOME), digest)
    write = {"markdown": markdown, "text": text, "html": html}[args.format]
    print(write(view, config.title, config.base_url), end="")
    return 0
