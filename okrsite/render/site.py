"""Render stage: the theme's templates over the page data, plus search index, feed, sitemap and static files.

`SiteRenderer` makes any one output file on request. `build` asks it for every file (in shards,
over processes for a large site); `serve` asks it for the file a browser requests. Both get the
very bytes of one code path.
"""

from __future__ import annotations

import functools
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from jinja2.visitor import NodeTransformer

from okrsite.compute import Results
from okrsite.config import Config
from okrsite.diagnostics import Diagnostic
from okrsite.memo import Memo, compute_now
from okrsite.files import Refused, SiteFiles, inside
from okrsite.model import Site
from okrsite import i18n
from okrsite.render import urls
from okrsite.render.feeds import atom_feed, search_index, sitemap
from okrsite.render.plan import PageBuilder
from okrsite.render.views import Page

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
    """Template and static folders in lookup order: the site's theme, then the default.

    The site's theme comes with the site's repository: its files are read with the site's
    `SiteFiles` (inside the site folder, regular files, bounded), its templates run sandboxed.
    """

    folders: tuple[Path, ...]
    files: SiteFiles
    outside: str = ""  # the site theme's folder when it resolves outside the site folder (refused)
    language: str = i18n.DEFAULT

    @classmethod
    def for_config(cls, config: Config) -> "Theme":
        site_theme = config.root / "themes" / config.theme
        files = config.files()
        if not site_theme.is_dir() or site_theme.resolve() == DEFAULT_THEME:
            return cls((DEFAULT_THEME,), files, language=config.language)
        if not inside(str(site_theme), files.root):
            return cls((DEFAULT_THEME,), files, f"themes/{config.theme}", config.language)
        return cls((site_theme, DEFAULT_THEME), files, language=config.language)

    def environment(self) -> jinja2.Environment:
        """One environment per theme and language for the life of the process: compiled templates
        are reused (serve's included; Jinja reloads a template whose file changed)."""
        return _environment(self.folders, self.files, self.words())

    def words(self) -> i18n.Language:
        """The site's language: okrsite's catalog with the theme's own messages over it (English
        alone when the theme's catalog cannot be read: `problems` reports why)."""
        return self._language()[0]

    def _language(self) -> tuple[i18n.Language, Diagnostic | None]:
        """The language and what is wrong with the theme's catalog, read and parsed once per version
        of the file (its modification time is part of the key: serve picks up an edited catalog as
        a cold build does)."""
        root, own = self.folders[0].parent.parent, None  # the site folder (themes/<name>/..)
        if len(self.folders) > 1:
            po = i18n.catalog_path(self.folders[0] / "locales", i18n.base(self.language))
            if po.is_file() and self.files.problem(str(po)) is None:  # refused files: `problems` says why
                own = po.relative_to(root).as_posix()
        return _language(self.language, root, own, _modified(str(root / own)) if own else None, self.files)

    def problems(self) -> list[Diagnostic]:
        """A diagnostic for each file of the site's own theme that okrsite refuses to read and each
        template that does not compile (the default theme ships tested): `check`, `build` and
        `serve` report them before any page is asked for."""
        found: list[Diagnostic] = []
        if self.outside:
            found.append(Diagnostic(self.outside, 0, 0, "error", "theme", "the theme folder is a symbolic link to a "
                                    "folder outside the site folder; okrsite reads only the site's own files",
                                    "move the theme into the site's themes/ folder"))
        catalog = self._language()[1]
        if catalog is not None:
            found.append(catalog)
        env = self.environment()
        for folder in self.folders[:-1]:
            for kind in ("templates", "static", "locales"):
                for file in _files_below(folder / kind):
                    refused = self.files.problem(str(file))
                    if refused is not None:
                        found.append(Diagnostic(file.relative_to(folder.parent.parent).as_posix(), 0, 0, "error",
                                                "unreadable", f"okrsite does not read this file: {refused.reason}",
                                                refused.hint))
                    elif kind == "templates" and file.suffix == ".html":
                        try:
                            env.get_template(file.relative_to(folder / kind).as_posix())
                        except jinja2.TemplateError as error:
                            found.append(_template_diagnostic(error, self))
        return found

    def static_files(self) -> dict[str, Callable[[], bytes]]:
        """Every static file's reader, the site theme's copy winning over the default's; a site theme
        file okrsite refuses to read is left out (`problems` reports it)."""
        found: dict[str, Callable[[], bytes]] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            for file in _files_below(static):
                if folder == DEFAULT_THEME:
                    found[urls.asset(file.relative_to(static).as_posix())] = file.read_bytes
                elif self.files.problem(str(file)) is None:
                    found[urls.asset(file.relative_to(static).as_posix())] = functools.partial(self.files, str(file))
        return found


def _files_below(folder: Path) -> list[Path]:
    """Every visible entry below `folder` that is not a folder (symbolic links to folders are not followed)."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(current) / name for name in sorted(files) if not name.startswith("."))
    return found


class _SiteTemplates(jinja2.BaseLoader):
    """The site theme's templates, read with the site's `SiteFiles` (Jinja's FileSystemLoader
    would follow a symbolic link anywhere)."""

    def __init__(self, folders: tuple[Path, ...], files: SiteFiles) -> None:
        self.folders, self.files = folders, files

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.folders:
            path = os.path.join(folder, *pieces)
            if not os.path.lexists(path):
                continue
            try:
                text = self.files(path).decode("utf-8")
                mtime = os.path.getmtime(path)
            except Refused as refused:
                raise jinja2.TemplateError(f"{template}: {refused.reason} ({refused.hint})") from None
            except UnicodeDecodeError:
                raise jinja2.TemplateError(f"{template} is not UTF-8 text") from None
            except OSError:
                continue
            return text, path, lambda: _modified(path) == mtime
        raise jinja2.TemplateNotFound(template)


def _modified(path: str) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


class _Environment(SandboxedEnvironment):
    """The sandboxed environment of one theme in one language. A message written as a constant
    (`{{ _("Teams") }}`, `{{ _("Lead: %(name)s", name=...) }}`) is translated once, when its template
    is compiled, instead of on every page: the same words and escaping as the i18n extension's
    newstyle gettext (a page of a large site says a few dozen of them, and calling gettext through
    the sandbox each time cost a fifth of the rendering). Messages that are not constants, and
    ngettext, are translated as the page renders."""

    def __init__(self, words: i18n.Language, **options) -> None:
        super().__init__(**options)
        self.words = words

    def getattr(self, obj: object, attribute: str) -> object:
        """`page.title` on view data (dicts) finds the key at once; Jinja's own order (the attribute
        first, the key after its AttributeError) cost a raised exception per lookup, hundreds per
        page. Anything else goes through the sandbox's checks as before."""
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        return _ConstantMessages(self).visit(super()._parse(source, name, filename))


class _ConstantMessages(NodeTransformer):
    def __init__(self, environment: _Environment) -> None:
        self.environment = environment

    def visit_Call(self, node: nodes.Call) -> nodes.Node:
        node = self.generic_visit(node)
        if not (isinstance(node.node, nodes.Name) and node.node.name in ("_", "gettext") and len(node.args) == 1
                and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)
                and node.dyn_args is None and node.dyn_kwargs is None):
            return node
        text = self.environment.words._(node.args[0].value)
        if node.kwargs:  # Markup % {...} escapes the values, as newstyle gettext does
            values = nodes.Dict([nodes.Pair(nodes.Const(k.key), k.value) for k in node.kwargs])
            new: nodes.Node = nodes.Mod(nodes.MarkSafe(nodes.Const(text)), values)
        else:
            new = nodes.MarkSafe(nodes.Const(text % {}))  # `%%` is a percent sign, as in every message
        return new.set_lineno(node.lineno).set_environment(self.environment)


@functools.lru_cache(maxsize=8)
def _language(code: str, root: Path, own: str | None, stamp: float | None,
              files: SiteFiles) -> tuple[i18n.Language, Diagnostic | None]:
    """okrsite's catalog for `code` with the site theme's catalog `own` (relative to `root`) over it,
    as of `stamp`; when that one cannot be parsed, okrsite's alone and the error with its line."""
    if own is None:
        return i18n.load(code), None
    try:
        return i18n.load(code, files(str(root / own))), None
    except Exception as error:  # noqa: BLE001 - Babel's parse errors have no common base
        return i18n.load(code), Diagnostic(own, getattr(error, "lineno", 0) or 0, 0, "error", "catalog",
                                           f"the translations cannot be read: {error}",
                                           "fix the .po file (`pybabel update` rewrites it), or remove it")


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...], files: SiteFiles, words: i18n.Language) -> jinja2.Environment:
    # A site template may extend the default one of the same name as "default/<name>.html".
    default = jinja2.FileSystemLoader(str(DEFAULT_THEME / "templates"))
    loader = jinja2.ChoiceLoader([
        _SiteTemplates(tuple(f / "templates" for f in folders[:-1]), files),
        default,
        jinja2.PrefixLoader({"default": default}),
    ])
    # Themes come with the site's repository, which people we do not control edit: a template may
    # read the view data it is given, never reach Python's internals (`__globals__`, `os`, ...).
    env = _Environment(
        words, loader=loader,
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(words._, words.n_, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(number=words.number, score=words.score, percent=words.percent, day=words.day)
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


class SiteRenderer:
    """Every output file of one computed site, each made when asked for (`file`).

    Pages are rendered on every request; the search index, feed and sitemap are made once and
    kept, as the site they describe never changes (a new model gets a new renderer).
    """

    def __init__(self, site: Site, results: Results, config: Config, theme: Theme,
                 findings: Iterable[Diagnostic] = (), memo: Memo = compute_now) -> None:
        self.config, self.theme, self.words = config, theme, theme.words()
        self.builder = PageBuilder(site, results, config, [f for f in findings if f.severity == "warning"], memo,
                                   self.words)
        self.pages = self.builder.plan()
        self.env = theme.environment()
        self.others: dict[str, Callable[[], bytes]] = {
            urls.SEARCH_INDEX: functools.partial(search_index, self.builder),
            urls.FEED: lambda: atom_feed(self.builder).encode("utf-8"),
        }
        if config.base_url:
            listed = [p for p in self.pages if p != urls.NOT_FOUND]
            self.others[urls.SITEMAP] = lambda: sitemap(config.base_url, listed).encode("utf-8")
        self.others[".nojekyll"] = bytes
        self.others.update(theme.static_files())
        self._kept: dict[str, bytes] = {}

    def paths(self) -> list[str]:
        """Every output file, pages first, in a stable order."""
        return [*self.pages, *self.others]

    def file(self, path: str) -> bytes | None:
        """The bytes of the output file at `path` (relative to the site root), or None when the site has none.
        Raises TemplateProblem."""
        if path in self.pages:
            return self.page(path)
        make = self.others.get(path)
        if make is None:
            return None
        if path in (urls.SEARCH_INDEX, urls.FEED, urls.SITEMAP):
            if path not in self._kept:
                self._kept[path] = make()
            return self._kept[path]
        return make()

    def page(self, path: str) -> bytes:
        """One page, rendered by the theme's template over its view data. Raises TemplateProblem."""
        try:
            return self._render(self.pages[path]()).encode("utf-8")
        except jinja2.TemplateError as error:
            raise TemplateProblem(_template_diagnostic(error, self.theme)) from error
        except Exception as error:  # any error a template's own code raises (`{{ 1/0 }}` too) is the template's
            if any("/templates/" in f.filename for f in traceback.extract_tb(error.__traceback__)):
                raise TemplateProblem(_template_diagnostic(error, self.theme)) from error
            raise

    def _render(self, page: Page) -> str:
        config, builder = self.config, self.builder
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
            "css": link(urls.asset("okrsite.css")), "js": link(urls.asset("okrsite.js")),
            "search": link(urls.SEARCH_INDEX), "icon": link(urls.asset("favicon.svg")),
            "alignment": link(urls.alignment_page(builder.current.id)) if builder.current else "",
            "health": link(urls.health_page(builder.current.id)) if builder.current else "",
        }
        return self.env.get_template(page.template).render(
            page=page.data, title=page.title, site_title=config.title, lang=self.words.tag, urls=page_urls,
            as_of=self.words.day(page.as_of or builder.results.as_of), path=page.path,
        )

    def shard(self, index: int, count: int) -> Iterator[tuple[str, bytes]]:
        """Every `count`-th page from the `index`-th, as (path, bytes); shard 0 also has the other files,
        so that `count` shards together are the whole site. Raises TemplateProblem."""
        for position, path in enumerate(self.pages):
            if position % count == index:
                yield path, self.page(path)
        if index == 0:
            for path in self.others:
                yield path, self.file(path)  # type: ignore[misc]


PARALLEL_FROM = 300  # objectives; below this, starting rendering processes costs more than it saves


def workers_for(objectives: int) -> int:
    """How many processes should render a site: one per usable core (at most 8) for large sites."""
    if objectives < PARALLEL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))

