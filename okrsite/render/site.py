"""Render stage: the theme's templates over the page data, plus search index, feed and sitemap."""

from __future__ import annotations

import bisect
import functools
import json
import traceback
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2

from okrsite import forking
from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.model import KeyResult, Kpi, Objective, Site
from okrsite.render import formatting as fmt, urls
from okrsite.render.memory import Newest, RenderMemory, kept, replaced
from okrsite.render.pages import Page, PageBuilder
from okrsite.render.views import latest_within, newest_entries

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"


class TemplateProblem(Exception):
    """A theme template failed; carries a diagnostic naming the template file and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic)
        self.diagnostic = diagnostic

    def __str__(self) -> str:
        return self.diagnostic.message


@dataclass(frozen=True, slots=True)
class Theme:
    """Template and static folders in lookup order: the site's theme, then the default."""

    folders: tuple[Path, ...]

    @classmethod
    def for_config(cls, config: Config) -> "Theme":
        site_theme = config.root / "themes" / config.theme
        folders = [site_theme] if site_theme.is_dir() and site_theme.resolve() != DEFAULT_THEME else []
        return cls(tuple(folders) + (DEFAULT_THEME,))

    def environment(self) -> jinja2.Environment:
        """One environment per theme for the life of the process: compiled templates are reused
        (serve's rebuilds included; Jinja reloads a template whose file changed)."""
        return _environment(self.folders)

    def static_files(self) -> dict[str, Path]:
        """Every static file, the site theme's copy winning over the default's."""
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for file in sorted(static.rglob("*")):
                    if file.is_file():
                        found[urls.asset(file.relative_to(static).as_posix())] = file
        return found


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    # A site template may extend the default one of the same name as "default/<name>.html".
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader([str(f / "templates") for f in folders]),
        jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(DEFAULT_THEME / "templates"))}),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(number=fmt.number, score=fmt.score, percent=fmt.percent, day=fmt.day)
    env.globals["kept"] = kept
    return env


def _template_diagnostic(error: Exception, theme: Theme) -> Diagnostic:
    """Point at the template file and line where rendering failed."""
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not filename:
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith(".html") or "/templates/" in frame.filename:
                filename, line = frame.filename, frame.lineno
                break
    shown = filename or "theme"
    for folder in theme.folders:
        if filename and filename.startswith(str(folder)):
            shown = str(Path(filename).relative_to(folder.parent.parent)) if folder != DEFAULT_THEME else \
                "okrsite default theme: " + str(Path(filename).relative_to(folder))
    message = getattr(error, "message", None) or str(error)
    return Diagnostic(shown, line or 0, 0, "error", "template", f"template error: {message}",
                      "fix the template, or remove it to fall back to the default theme")


PARALLEL_FROM = 300  # objectives; below this, starting rendering processes costs more than it saves


def workers_for(objectives: int) -> int:
    """How many processes should render a site: one per core for large sites, where `fork` exists."""
    return forking.workers(objectives, PARALLEL_FROM)


def render_site(site: Site, results: Results, config: Config, theme: Theme,
                findings: Iterable[Diagnostic] = (), shard: tuple[int, int] = (0, 1),
                select: Callable[[str], bool] | None = None,
                deps: dict[str, frozenset] | None = None,
                plan_out: list[str] | None = None,
                memory: RenderMemory | None = None,
                people: dict[str, str] | None = None) -> Iterator[tuple[str, bytes]]:
    """Every output file as (path, bytes), in a stable order. Raises TemplateProblem.

    `findings` are the warnings of the run (OKR-practice checks), shown on the health pages.
    `shard = (k, n)` renders only every n-th page starting at k (shard 0 also writes the search
    index, feed, sitemap and static files), so n processes together write the whole site.
    `select(path)` limits rendering to some pages (and the other files to `select("")`); `deps`
    receives what each rendered page shows, for `serve` to know what an edit touches; `memory`
    is what `serve` keeps from one rebuild to the next for the search index and the feed, and
    `people` (`collect_people(site)`) what it has already worked out.
    """
    index, count = shard
    try:
        env = theme.environment()
        builder = PageBuilder(site, results, config, [f for f in findings if f.severity == "warning"], people, memory)
        plan = builder.plan()
        if plan_out is not None:
            plan_out.extend(path for path, _ in plan)
        for position, (path, build) in enumerate(plan):
            if position % count == index and (select is None or select(path)):
                page = build()
                data = _render_page(env, page, config, builder).encode("utf-8")
                if deps is not None:  # after rendering: view data made on use records what it shows too
                    deps[path] = frozenset(builder.ctx.deps)
                yield path, data
    except jinja2.TemplateError as error:
        raise TemplateProblem(_template_diagnostic(error, theme)) from error
    except (TypeError, AttributeError, KeyError, ValueError) as error:
        if any("/templates/" in f.filename for f in traceback.extract_tb(error.__traceback__)):
            raise TemplateProblem(_template_diagnostic(error, theme)) from error
        raise
    if index != 0 or (select is not None and not select("")):
        return
    yield urls.SEARCH_INDEX, search_index(builder, builder.memory)
    yield urls.FEED, atom_feed(builder, memory=builder.memory).encode("utf-8")
    if config.base_url:
        yield urls.SITEMAP, sitemap(config.base_url, [p for p, _ in plan if p != urls.NOT_FOUND]).encode("utf-8")
    yield ".nojekyll", b""
    for path, file in theme.static_files().items():
        yield path, file.read_bytes()


def _render_page(env: jinja2.Environment, page: Page, config: Config, builder: PageBuilder) -> str:
    # The 404 page is served at any missing address: with a base_url its links are absolute.
    if page.path == urls.NOT_FOUND and config.base_url:
        link = lambda target: urls.absolute(config.base_url, target)  # noqa: E731
        root = urls.absolute(config.base_url, "")
    else:
        link = lambda target: urls.relative(page.path, target)  # noqa: E731
        root = urls.root_prefix(page.path)
    page_urls = {
        "root": root, "home": link(urls.HOME), "archive": link(urls.ARCHIVE), "teams": link(urls.TEAMS),
        "kpis": link(urls.KPIS), "people": link(urls.PEOPLE), "feed": link(urls.FEED),
        "css": link(urls.asset("okrsite.css")), "js": link(urls.asset("okrsite.js")), "search": link(urls.SEARCH_INDEX),
        "icon": link(urls.asset("favicon.svg")),
        "alignment": link(urls.alignment_page(builder.current.id)) if builder.current else "",
        "health": link(urls.health_page(builder.current.id)) if builder.current else "",
    }
    return env.get_template(page.template).render(
        page=page.data, title=page.title, site_title=config.title, lang=config.language, urls=page_urls,
        as_of=fmt.day(builder.results.as_of), path=page.path,
    )


def search_index(builder: PageBuilder, memory: RenderMemory) -> bytes:
    """The search index script. Made again only when what it lists changed, and then, in serve,
    only the entries of the objectives an edit replaced: making it whole takes a quarter of a
    second at 10,000 objectives."""
    site = builder.site
    listed = (
        tuple((t.id, t.name) for t in site.teams.values()),
        tuple((k.ref, k.title, k.team) for k in site.kpis.values()),
        tuple(builder.ctx.people.items()),
    )
    made_from = memory.search_made_from
    pairs = replaced(made_from[1], site.objectives) if made_from is not None and made_from[0] == listed else None
    moved = [(old, new) for old, new in pairs or () if _searched(old) != _searched(new)]
    memory.search_made_from = (listed, site.objectives)
    if pairs is not None and not moved:
        return memory.search_index
    items = _patched_entries(memory.search_items, site, moved) if pairs is not None else None
    if items is None and builder.remembers:
        items = [(_sort_key(entry), _json(entry)) for entry in search_entries(builder)]
    if items is None:  # a build that keeps nothing: one dump is faster than one per entry
        memory.search_index = _search_script(json.dumps(search_entries(builder), ensure_ascii=False, sort_keys=True))
        return memory.search_index
    memory.search_items = items
    memory.search_index = _search_script("[" + ", ".join(text for _, text in items) + "]")  # what json.dumps gives
    return memory.search_index


def _patched_entries(items: list | None, site: Site, moved: list[tuple[Objective, Objective]]) -> list | None:
    """The last index's sorted (sort key, JSON) entries with those of the `moved` objectives
    swapped for their new ones; None when there are none to patch."""
    if items is None:
        return None
    items = list(items)
    for old, new in moved:
        for entry in _objective_entries(site, old):
            key = _sort_key(entry)
            position = bisect.bisect_left(items, (key,))
            if position == len(items) or items[position][0] != key:
                return None  # not what the last index held: make it whole
            del items[position]
        for entry in _objective_entries(site, new):
            bisect.insort(items, (_sort_key(entry), _json(entry)))
    return items


def _search_script(entries: str) -> bytes:
    return ("window.OKRSITE_SEARCH = " + entries + ";\n").encode("utf-8")


def _json(entry: dict) -> str:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True)


def _sort_key(entry: dict) -> tuple[str, str, str]:
    return entry["k"], entry["t"].lower(), entry["u"]


def _searched(objective: Objective) -> tuple:
    """What the search index shows of an objective (its ref, team and period are in its key)."""
    return objective.title, tuple((k.id, k.title) for k in objective.key_results)


def search_entries(builder: PageBuilder) -> list[dict]:
    """Objectives, key results, teams, people and KPIs, with URLs relative to the site root."""
    site = builder.site
    entries = [{"k": "team", "t": t.name, "s": t.id, "u": urls.team_page(t.id)} for t in site.teams.values()]
    for objective in site.objectives.values():
        entries.extend(_objective_entries(site, objective))
    entries.extend({"k": "KPI", "t": k.title, "s": site.teams[k.team].name, "u": urls.kpi_page(k.ref)}
                   for k in site.kpis.values())
    entries.extend({"k": "person", "t": name, "s": "", "u": urls.person_page(slug)}
                   for name, slug in builder.ctx.people.items())
    return sorted(entries, key=_sort_key)


def _objective_entries(site: Site, objective: Objective) -> list[dict]:
    """An objective's search entries: its own and its key results'."""
    where = f"{site.teams[objective.team].name} · {objective.period}"
    page = urls.objective_page(objective.ref)
    return [{"k": "objective", "t": objective.title, "s": where, "u": page},
            *({"k": "key result", "t": k.title, "s": where, "u": f"{page}#kr-{k.id}"} for k in objective.key_results)]


def atom_feed(builder: PageBuilder, limit: int = 100, memory: RenderMemory | None = None) -> str:
    """An Atom feed of check-ins and KPI snapshots on or before as_of, newest first.

    With serve's `memory`, the last feed is reused when the objectives an edit replaced had no
    entry in it and have none newer than its oldest: most edits are not among the newest entries.
    """
    site, as_of, base = builder.site, builder.results.as_of, builder.config.base_url
    memory = memory or RenderMemory()
    made_from = (as_of, builder.config.title, base, site.teams, site.kpis)
    kept = memory.feed.reused(made_from, site.objectives, functools.partial(_feed_keys, as_of)) if memory.feed else None
    if kept is not None:
        memory.feed = kept
        return kept.value  # type: ignore[return-value]
    series: list = []
    latest: list = []
    for objective in site.objectives.values():
        its_series, its_latest = _series_of(objective, as_of, memory)
        series += its_series
        latest += its_latest
    for kpi in site.kpis.values():
        series.append((kpi, None, kpi.snapshots, date.min, as_of))
        latest.append(latest_within(kpi.snapshots, date.min, as_of))
    newest = newest_entries(series, limit, lambda owner, k, entry: _feed_id(owner, k, entry.date), latest)
    link = (lambda page: urls.absolute(base, page)) if base else (lambda page: page)
    entries = []
    for day, key, owner, key_result, entry in newest:
        if key_result is not None:
            value = ("done" if entry.done else "not done") if entry.done is not None else fmt.number(entry.value, key_result.unit)
            summary = f"{key_result.title}: {value}" + (f" — {entry.note}" if entry.note else "")
            title = f"{site.teams[owner.team].name}: {owner.title}"
            page = urls.objective_page(owner.ref) + f"#kr-{key_result.id}"
        else:
            summary = f"{owner.title}: {fmt.number(entry.value, owner.unit)}" + (f" — {entry.note}" if entry.note else "")
            title, page = f"KPI: {owner.title}", urls.kpi_page(owner.ref)
        entries.append(f"<entry><id>urn:okrsite:{escape(key)}</id><title>{escape(title)}</title>"
                       f"<updated>{day.isoformat()}T00:00:00Z</updated><link href=\"{escape(link(page))}\"/>"
                       f"<summary>{escape(summary)}</summary></entry>\n")
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{escape(builder.config.title)}: check-ins and KPIs</title>\n"
        f"<id>urn:okrsite:{escape(builder.config.title)}</id>\n<updated>{as_of.isoformat()}T00:00:00Z</updated>\n"
        f"<author><name>{escape(builder.config.title)}</name></author>\n"
        f"<link href=\"{escape(link(urls.HOME))}\"/>\n{''.join(entries)}</feed>\n"
    )
    memory.feed = Newest.made(made_from, site.objectives, newest, limit, text)
    return text


def _feed_id(owner: Objective | Kpi, key_result: KeyResult | None, day: date) -> str:
    """A feed entry's id, which also orders entries of the same day."""
    return f"{owner.ref}#{key_result.id}/{day}" if key_result is not None else f"kpi/{owner.ref}/{day}"


def _feed_keys(as_of: date, objective: Objective) -> list[tuple[date, str]]:
    """What an objective would bring to the feed: its key results' newest check-ins, as (date, key)."""
    return [(day, _feed_id(objective, k, day)) for k in objective.key_results
            if (day := latest_within(k.checkins, date.min, as_of)) is not None]


def _series_of(objective: Objective, as_of: date, memory: RenderMemory) -> tuple[list, list]:
    """The feed's series of an objective (one per key result) and the latest day of each;
    remembered for the same objective object, which serve's rebuilds keep for every file that did
    not change."""
    hit = memory.series.get(objective.ref)
    if hit is not None and hit[0] is objective and hit[1] == as_of:
        return hit[2], hit[3]
    series = [(objective, k, k.checkins, date.min, as_of) for k in objective.key_results]
    latest = [latest_within(k.checkins, date.min, as_of) for k in objective.key_results]
    memory.series[objective.ref] = (objective, as_of, series, latest)
    return series, latest


def sitemap(base_url: str, pages: list[str]) -> str:
    rows = "".join(f"<url><loc>{escape(urls.absolute(base_url, p))}</loc></url>\n" for p in sorted(pages))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n')
