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
from okrsite.i18n import Language
from okrsite.render.pages.digests import digest_view
from okrsite.render.plan import PageBuilder
from okrsite.render.site import Theme

Item = tuple[str, str, str, str]  # (text before the link, linked words, link, text after)
Section = tuple[str, list[Item], str]  # (heading, items, what to say when there are none)


def sections(words: Language, view: dict, base_url: str) -> list[Section]:
    """The digest's sections in the page's order; links absolute with a base_url, else from the
    site's root."""
    _ = words._

    def link(url: str) -> str:
        return urls.absolute(base_url, url) if base_url else url

    def move(m: dict, after: str) -> Item:
        return "", m["title"], link(m["url"]), f" · {m['team']}: {after}"

    def went(m: dict) -> str:
        said = _("now %(score)s, was %(status)s") % {"score": m["score"], "status": m["from"].word}
        note = m["why"]
        if not note or not note["note"]:
            return said
        return _("%(said)s. Latest note (%(key_result)s, %(day)s): “%(note)s”") % {
            "said": said, "key_result": note["key_result"], "day": note["date"], "note": note["note"]}

    others = bool(view["new_reds"])
    return [
        (_("Went off track"), [move(m, went(m)) for m in view["new_reds"]], _("nothing went off track")),
        (_("Other status changes") if others else _("Status changes"),
         [move(m, f"{m['from'].word} → {m['to'].word} ({m['delta']})") for m in view["changes"]],
         _("no other objective changed status") if others else _("no objective changed status")),
        (_("Biggest moves"), [move(m, _("%(moved)s to %(score)s") % {"moved": m["moved"], "score": m["score"]})
                              for m in view["moves"]], _("no score moved")),
        (_("KPIs across their alert line"),
         [("", k["title"], link(k["url"]),
           f" · {k['team']}: {k['from'].word} → {k['to'].word} ("
           + _("%(value)s; alert %(alert)s") % {"value": k["value"], "alert": k["alert"]} + ")")
          for k in view["kpis"]], _("no KPI crossed its alert line")),
        (words.n_("Waiting for a check-in (%(num)s key result; silence is never green)",
                  "Waiting for a check-in (%(num)s key results; silence is never green)", view["silent_count"])
         % {"num": view["silent_count"]},
         [(f"{t['team']}: ", k["title"], link(k["url"]), f" · {k['objective']}")
          for t in view["silent"] for k in t["key_results"]],
         _("every key result had its check-in")),
    ]


def _title(words: Language, view: dict, title: str) -> str:
    values = {"site": title, "week": view["week"], "first": view["first"], "last": view["last"]}
    if view["partial"]:
        return words._("%(site)s: week %(week)s (%(first)s – %(last)s, so far)") % values
    return words._("%(site)s: week %(week)s (%(first)s – %(last)s)") % values


def _quiet(words: Language, done: list[Section]) -> str:
    """One closing sentence for the sections with nothing in them."""
    nones = [none for _, items, none in done if not items]
    return words._("Also this week: %(list)s.") % {"list": words.and_list(nones)} if nones else ""


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Content's words as literal Markdown text (a title or a note with `*` or `[` in it)."""
    return _MARKDOWN.sub(r"\\\1", text)


def markdown(words: Language, view: dict, title: str, base_url: str) -> str:
    done = sections(words, view, base_url)
    lines = [f"## {_md(_title(words, view, title))}", "", _md(view["standing"]), ""]
    for heading, items, _ in done:
        if items:
            lines += [f"**{heading}**", *(f"- {_md(before)}[{_md(linked)}]({url}){_md(after)}"
                                          for before, linked, url, after in items), ""]
    quiet = _quiet(words, done)
    return "\n".join([*lines, quiet, ""]) if quiet else "\n".join(lines)


def text(words: Language, view: dict, title: str, base_url: str) -> str:
    done = sections(words, view, base_url)
    lines = [_title(words, view, title), "", view["standing"], ""]
    for heading, items, _ in done:
        if items:
            lines += [heading, *(f"  - {before}{linked}{after}" for before, linked, _, after in items), ""]
    quiet = _quiet(words, done)
    return "\n".join([*lines, quiet, ""]) if quiet else "\n".join(lines)


def html(words: Language, view: dict, title: str, base_url: str) -> str:
    done = sections(words, view, base_url)
    parts = [f"<h2>{escape(_title(words, view, title))}</h2>", f"<p>{escape(view['standing'])}</p>"]
    for heading, items, _ in done:
        if items:
            parts += [f"<h3>{escape(heading)}</h3><ul>",
                      *(f'<li>{escape(before)}<a href="{escape(url)}">{escape(linked)}</a>{escape(after)}</li>'
                        for before, linked, url, after in items), "</ul>"]
    quiet = _quiet(words, done)
    if quiet:
        parts.append(f"<p>{escape(quiet)}</p>")
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
    words = Theme.for_config(config).words()  # the site's language, as its pages have it
    view = digest_view(PageBuilder(project.site, project.results, config, words=words).at(urls.HOME), digest)
    write = {"markdown": markdown, "text": text, "html": html}[args.format]
    print(write(words, view, config.title, config.base_url), end="")
    return 0
