"""The site's files that are not pages: the search index, the Atom feed and the sitemap."""

from __future__ import annotations

import json
from datetime import date, timedelta
import re
from html import escape as escape_html

from okrsite.digest import week_id
from okrsite.model import KeyResult, Kpi, Objective, Site
from okrsite.render import urls
from okrsite.render.plan import PageBuilder
from okrsite.render.views import milestone_word, newest_entries


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape(text: str) -> str:
    """Text for XML: escaped, without the characters XML 1.0 forbids (control characters in a
    note would make the whole feed unreadable)."""
    return escape_html(_NOT_XML.sub("", text))


def search_index(builder: PageBuilder) -> bytes:
    """The search index script: every entry of `search_entries` as one JSON array."""
    entries = json.dumps(search_entries(builder), ensure_ascii=False, sort_keys=True)
    return ("window.OKRSITE_SEARCH = " + entries + ";\n").encode("utf-8")


def _sort_key(entry: dict) -> tuple[str, str, str]:
    return entry["k"], entry["t"].lower(), entry["u"]


def search_entries(builder: PageBuilder) -> list[dict]:
    """Objectives, key results, teams, people and KPIs, with URLs relative to the site root."""
    site, words = builder.site, builder.words
    team, kpi, person = words._("team"), words._("KPI"), words._("person")
    kinds = words._("objective"), words._("key result")
    entries = [{"k": team, "t": t.name, "s": t.id, "u": urls.team_page(t.id)} for t in site.teams.values()]
    for objective in site.objectives.values():
        entries.extend(_objective_entries(site, objective, kinds))
    entries.extend({"k": kpi, "t": k.title, "s": site.teams[k.team].name, "u": urls.kpi_page(k.ref)}
                   for k in site.kpis.values())
    entries.extend({"k": person, "t": name, "s": "", "u": urls.person_page(slug)}
                   for name, slug in builder.people.items())
    return sorted(entries, key=_sort_key)


def _objective_entries(site: Site, objective: Objective, kinds: tuple[str, str]) -> list[dict]:
    """An objective's search entries: its own and its key results' (`kinds` names the two)."""
    where = f"{site.teams[objective.team].name} · {objective.period}"
    page = urls.objective_page(objective.ref)
    return [{"k": kinds[0], "t": objective.title, "s": where, "u": page},
            *({"k": kinds[1], "t": k.title, "s": where, "u": f"{page}#kr-{k.id}"} for k in objective.key_results)]


def atom_feed(builder: PageBuilder, limit: int = 100) -> str:
    """An Atom feed of check-ins and KPI snapshots on or before as_of, newest first."""
    site, as_of, base, words = builder.site, builder.results.as_of, builder.config.base_url, builder.words
    series: list = []
    for objective in site.objectives.values():
        series.extend((objective, k, k.checkins, date.min, as_of) for k in objective.key_results)
    series.extend((kpi, None, kpi.snapshots, date.min, as_of) for kpi in site.kpis.values())
    newest = newest_entries(series, limit, lambda owner, k, entry: _feed_id(owner, k, entry.date))
    link = (lambda page: urls.absolute(base, page)) if base else (lambda page: page)
    entries = []
    for day, key, owner, key_result, entry in newest:
        if key_result is not None:
            value = (milestone_word(words, entry.done) if entry.done is not None
                     else words.number(entry.value, key_result.unit))
            summary = f"{key_result.title}: {value}" + (f" — {entry.note}" if entry.note else "")
            title = f"{site.teams[owner.team].name}: {owner.title}"
            page = urls.objective_page(owner.ref) + f"#kr-{key_result.id}"
        else:
            summary = f"{owner.title}: {words.number(entry.value, owner.unit)}" + (f" — {entry.note}" if entry.note else "")
            title, page = words._("KPI: %(title)s") % {"title": owner.title}, urls.kpi_page(owner.ref)
        entries.append(f"<entry><id>urn:okrsite:{escape(key)}</id><title>{escape(title)}</title>"
                       f"<updated>{day.isoformat()}T00:00:00Z</updated><link href=\"{escape(link(page))}\"/>"
                       f"<summary>{escape(summary)}</summary></entry>\n")
    for monday in builder.digest_mondays:  # the weekly digests, as entries of their own
        week, on = week_id(monday), min(monday + timedelta(days=6), as_of)
        heading = escape(words._("Weekly digest %(week)s") % {"week": week})
        summary = escape(words._("What week %(week)s changed: status changes, new off-track objectives, the biggest "
                                 "moves, key results without a check-in, KPIs across their alert line.") % {"week": week})
        entries.append(f"<entry><id>urn:okrsite:digest/{week}</id><title>{heading}</title>"
                       f"<updated>{on.isoformat()}T00:00:00Z</updated>"
                       f"<link href=\"{escape(link(urls.digest_page(week)))}\"/>"
                       f"<summary>{summary}</summary></entry>\n")
    title = escape(builder.config.title)
    feed_title = escape(words._("%(site)s: check-ins, KPIs and weekly digests") % {"site": builder.config.title})
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{feed_title}</title>\n"
        f"<id>urn:okrsite:{title}</id>\n<updated>{as_of.isoformat()}T00:00:00Z</updated>\n"
        f"<author><name>{title}</name></author>\n"
        f"<link href=\"{escape(link(urls.HOME))}\"/>\n{''.join(entries)}</feed>\n"
    )


def _feed_id(owner: Objective | Kpi, key_result: KeyResult | None, day: date) -> str:
    """A feed entry's id, which also orders entries of the same day."""
    return f"{owner.ref}#{key_result.id}/{day}" if key_result is not None else f"kpi/{owner.ref}/{day}"


def sitemap(base_url: str, pages: list[str]) -> str:
    rows = "".join(f"<url><loc>{escape(urls.absolute(base_url, p))}</loc></url>\n" for p in sorted(pages))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n')
