"""`okrsite digest [--week 2026-W33] --format markdown|html|text`: a week's digest, for chat or e-mail."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import timedelta
from html import escape

from okrsite.commands import report
from okrsite.compute import ResultsOn
from okrsite.diagnostics import summary
from okrsite.digest import week_start, weekly_digest
from okrsite.pipeline import UsageError, run
from okrsite.render import urls
from okrsite.render.pages.digests import and_list, digest_view
from okrsite.render.plan import PageBuilder

Item = tuple[str, str, str, str]  # (text before the link, linked words, link, text after)
Section = tuple[str, list[Item], str]  # (heading, items, what to say when there are none)


def sections(view: dict, base_url: str) -> list[Section]:
    """The digest's sections in the page's order; links absolute with a base_url, else from the
    site's root."""
    def link(url: str) -> str:
        return urls.absolute(base_url, url) if base_url else url

    def move(m: dict, after: str) -> Item:
        return "", m["title"], link(m["url"]), f" · {m['team']}: {after}"

    def why(m: dict) -> str:
        note = m["why"]
        if not note or not note["note"]:
            return ""
        return f". Latest note ({note['key_result']}, {note['date']}): “{note['note']}”"

    return [
        ("Went off track",
         [move(m, f"now {m['score']}, was {m['from'].word}{why(m)}") for m in view["new_reds"]],
         "nothing went off track"),
        ("Other status changes" if view["new_reds"] else "Status changes",
         [move(m, f"{m['from'].word} → {m['to'].word} ({m['delta']})") for m in view["changes"]],
         "no other objective changed status" if view["new_reds"] else "no objective changed status"),
        ("Biggest moves", [move(m, f"{m['moved']} to {m['score']}") for m in view["moves"]], "no score moved"),
        ("KPIs across their alert line",
         [("", k["title"], link(k["url"]),
           f" · {k['team']}: {k['from'].word} → {k['to'].word} ({k['value']}; alert {k['alert']})")
          for k in view["kpis"]], "no KPI crossed its alert line"),
        (f"Waiting for a check-in ({view['silent_count']} key result{'s' if view['silent_count'] != 1 else ''};"
         " silence is never green)",
         [(f"{t['team']}: ", k["title"], link(k["url"]), f" · {k['objective']}")
          for t in view["silent"] for k in t["key_results"]],
         "every key result had its check-in"),
    ]


def _title(view: dict, title: str) -> str:
    return f"{title}: week {view['week']} ({view['first']} – {view['last']}{', so far' if view['partial'] else ''})"


def _quiet(done: list[Section]) -> str:
    """One closing sentence for the sections with nothing in them."""
    nones = [none for _, items, none in done if not items]
    return f"Also this week: {and_list(nones)}." if nones else ""


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Content's words as literal Markdown text (a title or a note with `*` or `[` in it)."""
    return _MARKDOWN.sub(r"\\\1", text)


def markdown(view: dict, title: str, base_url: str) -> str:
    done = sections(view, base_url)
    lines = [f"## {_md(_title(view, title))}", "", _md(view["standing"]), ""]
    for heading, items, _ in done:
        if items:
            lines += [f"**{heading}**", *(f"- {_md(before)}[{_md(words)}]({url}){_md(after)}"
                                          for before, words, url, after in items), ""]
    return "\n".join([*lines, _quiet(done), ""]) if _quiet(done) else "\n".join(lines)


def text(view: dict, title: str, base_url: str) -> str:
    done = sections(view, base_url)
    lines = [_title(view, title), "", view["standing"], ""]
    for heading, items, _ in done:
        if items:
            lines += [heading, *(f"  - {before}{words}{after}" for before, words, _, after in items), ""]
    return "\n".join([*lines, _quiet(done), ""]) if _quiet(done) else "\n".join(lines)


def html(view: dict, title: str, base_url: str) -> str:
    done = sections(view, base_url)
    parts = [f"<h2>{escape(_title(view, title))}</h2>", f"<p>{escape(view['standing'])}</p>"]
    for heading, items, _ in done:
        if items:
            parts += [f"<h3>{escape(heading)}</h3><ul>",
                      *(f'<li>{escape(before)}<a href="{escape(url)}">{escape(words)}</a>{escape(after)}</li>'
                        for before, words, url, after in items), "</ul>"]
    if _quiet(done):
        parts.append(f"<p>{escape(_quiet(done))}</p>")
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
