"""The state behind `okrsite serve`: a site rebuilt into a private folder, file by file.

Rebuilds reuse parsed files whose bytes did not change and write only output files whose bytes
changed; a broken edit keeps the last good pages on disk and records what is wrong.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable, Collection

from okrsite import forking
from okrsite.config import CONFIG_NAME, load_config
from okrsite.diagnostics import Diagnostic, Diagnostics
from okrsite.diskcache import file_digest
from okrsite.frontmatter import read_document
from okrsite.memo import DocumentCache
from okrsite.loader import visible, read_file, walk
from okrsite.patch import patch
from okrsite.pipeline import Project, UsageError, find_root, run
from okrsite.render.memory import RenderMemory
from okrsite.render.pages import collect_people, current_period, same_people
from okrsite.render.site import TemplateProblem, Theme, render_site, workers_for
from okrsite.serve.changes import BuildState, changed_keys


@dataclass(frozen=True, slots=True)
class BuildReport:
    build: int
    ok: bool
    seconds: float
    pages: int
    written: int
    removed: int
    problems: tuple[Diagnostic, ...]  # errors (and warnings) of the last build
    unchanged: bool = False  # nothing changed since the last build: nothing was done


class LiveSite:
    """Owns the served folder; `rebuild()` is called from one thread at a time."""

    def __init__(self, config_file: Path | None, as_of: date | None) -> None:
        self.config_file = config_file
        self.as_of = as_of
        self.folder = Path(tempfile.mkdtemp(prefix="okrsite-serve-")).resolve()
        self.cache = DocumentCache(read_document)
        self.digests: dict[str, bytes] = {}
        self.build = 0
        self.problems: tuple[Diagnostic, ...] = ()
        self.ok = False
        self.changed = threading.Condition()
        self.root = find_root(config_file)
        self.config_path = config_file.resolve() if config_file else self.root / CONFIG_NAME
        self.content = load_config(self.root, Diagnostics(), self.config_path).content_path
        self.inputs: dict[str, tuple[int, int, bytes]] = {}  # path -> (mtime_ns, size, digest)
        self.contents: dict[str, bytes] = {}  # path -> bytes as of the last snapshot
        self.base_url = ""
        self.state: BuildState | None = None  # what the folder shows, for the next rebuild's diff
        self.page_deps: dict[str, frozenset] = {}
        self.kept_bytes: dict[str, tuple[bytes, bytes]] = {}  # path -> (bytes, digest) of the last non-page files
        self.listing: tuple[Path, list[str]] | None = None  # the content folder's files at the last snapshot
        self.memory = RenderMemory()
        self.project: Project | None = None  # the model of the last good build, for `patch`

    def snapshot(self, changed: Collection[str] | None = None) -> tuple[set[str], bool]:
        """The input files whose bytes changed since the last snapshot, and whether the set of input
        files is still the same (none added or removed).

        `changed`: the paths the watcher saw change since then; only those are read again, unless
        one of them is a file the inputs did not have (or has lost). Without it, every input file is
        looked at, and read again only when its size or modification time moved.
        """
        if changed is not None and self.inputs:
            rechecked = self._recheck(changed)
            if rechecked is not None:
                return rechecked, True
        seen: dict[str, tuple[int, int, bytes]] = {}
        listing = walk(self.content)  # what load_content reads (hidden and backup files left out)
        self.listing = (self.content, listing)
        folder = str(self.content)
        for relative in listing:
            seen[os.path.join(folder, relative)] = (0, 0, b"")
        for current, _, files in os.walk(self.root / "themes"):
            for name in files:
                seen[os.path.join(current, name)] = (0, 0, b"")
        seen[str(self.config_path)] = (0, 0, b"")
        for path in seen:
            try:
                stat = os.stat(path)
            except OSError:
                continue
            old = self.inputs.get(path)
            if old is not None and old[:2] == (stat.st_mtime_ns, stat.st_size):
                seen[path] = old
            else:
                data = read_file(path)
                seen[path] = (stat.st_mtime_ns, stat.st_size, file_digest(data))
                self.contents[path] = data
        none = (0, 0, None)
        differs = {p for p in seen.keys() | self.inputs.keys() if seen.get(p, none)[2] != self.inputs.get(p, none)[2]}
        same_files = seen.keys() == self.inputs.keys()
        self.inputs = seen
        for path in set(self.contents) - set(seen):
            del self.contents[path]
        return differs, same_files

    def _recheck(self, changed: Collection[str]) -> set[str] | None:
        """Read again the input files among `changed`: those whose bytes differ, or None when
        `changed` names a file that the inputs lack (or one of them is gone): the listing changed."""
        differs: dict[str, tuple[tuple[int, int, bytes], bytes]] = {}
        for path in changed:
            if path not in self.inputs:
                if os.path.lexists(path) and not self._invisible(path):
                    return None
                continue  # a file that came and went (an editor's temporary file), or one okrsite never reads
            try:
                stat = os.stat(path)
                data = read_file(path)
            except OSError:
                return None
            entry = (stat.st_mtime_ns, stat.st_size, file_digest(data))
            if entry[2] != self.inputs[path][2]:
                differs[path] = (entry, data)
            else:
                self.inputs[path] = entry  # touched: the next full snapshot need not read it again
        for path, (entry, data) in differs.items():
            self.inputs[path], self.contents[path] = entry, data
        return set(differs)

    def _invisible(self, path: str) -> bool:
        """A file below the content folder that `walk` leaves out (hidden, or a backup)."""
        relative = os.path.relpath(path, self.content)
        return not relative.startswith("..") and not all(visible(part) for part in relative.split(os.sep))

    def _read(self, path: str) -> bytes:
        """Bytes as of the snapshot taken at the start of this rebuild (a later save shows up in
        the next snapshot and triggers its own rebuild); files the snapshot missed come from disk."""
        known = self.contents.get(path)
        return known if known is not None else read_file(path)

    def rebuild(self, changed: Collection[str] | None = None,
                announce: Callable[[BuildReport], None] | None = None) -> BuildReport:
        """Build what changed since the last build; `changed`: what the watcher saw (see `snapshot`).

        The cyclic garbage collector is paused meanwhile: its passes over what a rebuild allocates
        cost about a fifth of a one-edit rebuild. Once the build is done (and `announce`d), what it
        left in reference cycles is freed and what lives on (caches, model, page records) is frozen:
        the collector need not scan it again (a full scan of a 10,000-objective heap takes a second).
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            report = self._rebuild(changed)
            if announce is not None:
                announce(report)
            return report
        finally:
            if enabled:
                gc.collect()
                gc.freeze()
                gc.enable()

    def _rebuild(self, changed: Collection[str] | None) -> BuildReport:
        started = time.perf_counter()
        pages = written = removed = 0
        # The snapshot is taken before building: a save during the build shows up as a change next time.
        differs, same_files = self.snapshot(changed)
        if not differs and self.build:
            return BuildReport(self.build, self.ok, time.perf_counter() - started, 0, 0, 0, self.problems, unchanged=True)
        try:
            previous, self.project = self.project, None
            project = None
            if previous is not None and same_files:  # edits of objective files patch the previous model
                project = patch(previous, {path: self.contents[path] for path in differs}, self.cache)
            if project is None:
                project = run(self.config_file, self.as_of, self.cache, read_bytes=self._read, listing=self.listing)
            self.content = project.config.content_path
            self.base_url = project.config.base_url.rstrip("/") + "/" if project.config.base_url else ""
            problems = tuple(project.diagnostics.items)
            ok = not project.diagnostics.has_errors
            if ok:
                assert project.site is not None and project.results is not None
                pages, written, removed = self._render(project)
                self.project = project
        except UsageError as error:
            ok, problems = False, (Diagnostic("okrsite.toml", 0, 0, "error", "usage", str(error)),)
        except TemplateProblem as problem:
            ok, problems = False, (problem.diagnostic,)
        except Exception as error:  # a bug must not stop the preview; show it and keep serving
            traceback.print_exc()
            ok, problems = False, (Diagnostic("okrsite", 0, 0, "error", "internal", f"internal error: {error!r}"),)
        with self.changed:
            self.build += 1
            self.ok, self.problems = ok, problems
            self.changed.notify_all()
        return BuildReport(self.build, ok, time.perf_counter() - started, pages, written, removed, problems)

    def _render(self, project) -> tuple[int, int, int]:
        """Render the pages an edit can have changed (all of them the first time), write what differs."""
        site, results, config = project.site, project.results, project.config
        findings = tuple(d for d in project.diagnostics.items if d.severity == "warning")
        kept = self.state is not None and same_people(self.state.site, site)
        people = self.state.people if kept else collect_people(site)
        current = current_period(site, results)
        themes = str(self.root / "themes") + os.sep
        theme = tuple(sorted((p, v[2]) for p, v in self.inputs.items() if p.startswith(themes)))
        state = BuildState(config, site, results, findings, people, current.id if current else None, theme)
        if self.state is None or self.state.theme != theme:  # kept HTML was made by the templates as they were
            self.memory.fragments.clear()
        keys = changed_keys(self.state, state) if self.state is not None else None
        self.state = None  # until this build is written, the previous state no longer describes the folder
        if keys is None:
            select, keep = None, set()
        else:
            def select(path: str) -> bool:
                if path == "":
                    return bool(keys)
                return path not in self.page_deps or not self.page_deps[path].isdisjoint(keys)
            keep = set(self.digests)
        deps: dict[str, frozenset] = {}
        planned: list[str] = []
        theme_files = Theme.for_config(config)
        # Rendering every page (the first build; configuration, people or theme changes) is spread
        # over the cores like `okrsite build`: children render and write shards of the pages.
        workers = workers_for(len(site.objectives)) if keys is None else 1
        children = [forking.start(partial(self._render_shard, project, theme_files, findings, (k, workers)))
                    for k in range(1, workers)]
        if None in children:  # no process to spare: render everything here (after the started ones finish)
            for child in children:
                forking.finish(child)
            children, workers = [], 1
        files = render_site(site, results, config, theme_files, findings, (0, workers), select=select, deps=deps,
                            plan_out=planned, memory=self.memory, people=people)
        try:
            counts = self._write(files, keep, planned, children, deps)
        except BaseException:
            self.digests = {}  # some files may already be new: compare nothing with them next time
            raise
        self.page_deps = {**self.page_deps, **deps} if keys is not None else deps
        self.page_deps = {p: d for p, d in self.page_deps.items() if p in self.digests}
        self.state = state
        return counts

    def _render_shard(self, project, theme: Theme, findings: tuple, shard: tuple[int, int]) -> tuple:
        """Render and write one shard of the pages (in a child process): (digests, written, deps)."""
        deps: dict[str, frozenset] = {}
        files = render_site(project.site, project.results, project.config, theme, findings, shard, deps=deps)
        seen, written = self._write_files(files)
        return seen, written, deps

    def _write_files(self, files) -> tuple[dict[str, bytes], int]:
        """Write the files whose bytes changed since the last build (atomically each): (digests, written)."""
        seen: dict[str, bytes] = {}
        written = 0
        for relative, data in files:
            kept = self.kept_bytes.get(relative)
            digest = kept[1] if kept is not None and kept[0] is data else file_digest(data)
            if not relative.endswith(".html"):  # the search index (9 MB on a large site) is often the very same
                self.kept_bytes[relative] = (data, digest)
            seen[relative] = digest
            if self.digests.get(relative) == digest:
                continue
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            written += 1
        return seen, written

    def _write(self, files, keep: set[str], planned: list[str], children: list = (),
               deps: dict[str, frozenset] | None = None) -> tuple[int, int, int]:
        """Write files whose bytes changed, collect what `children` wrote, remove files that are gone.

        `keep`: files of the previous build not rendered this time that stay as they are
        (unless the page is no longer in the plan, which `render_site` fills in `planned`).
        """
        try:
            seen, written = self._write_files(files)
        finally:
            outcomes = [forking.finish(child) for child in children]  # always wait for every child
        for status, outcome in outcomes:
            if status != "ok":
                raise outcome
            child_seen, child_written, child_deps = outcome
            seen.update(child_seen)
            written += child_written
            if deps is not None:
                deps.update(child_deps)
        still_planned = set(planned)
        for path in keep:
            if path not in seen and path in self.digests and (not path.endswith(".html") or path in still_planned):
                seen[path] = self.digests[path]
        gone = set(self.digests) - set(seen)
        for relative in gone:
            (self.folder / relative).unlink(missing_ok=True)
        self.digests = seen
        return sum(1 for p in seen if p.endswith(".html")), written, len(gone)

    def wait_for_build(self, seen: int, timeout: float) -> int:
        """Block until a build newer than `seen` finished (or timeout); returns the current build."""
        with self.changed:
            self.changed.wait_for(lambda: self.build != seen, timeout=timeout)
            return self.build

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
