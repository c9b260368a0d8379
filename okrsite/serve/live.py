"""The state behind `okrsite serve`: the current model, patched on an edit, and a renderer over it.

Nothing is written to disk: each requested file is made by the same `SiteRenderer` as `build`
uses, from the model of the last good build, so that a page served equals that page of a cold
build of the same files. A broken edit keeps the last good model and records what is wrong.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Collection

from okrsite.config import CONFIG_NAME, load_config
from okrsite.diagnostics import Diagnostic, Diagnostics
from okrsite.frontmatter import read_document
from okrsite.loader import visible, walk
from okrsite.memo import DocumentCache
from okrsite.patch import patch
from okrsite.pipeline import Project, UsageError, find_root, run
from okrsite.render.site import SiteRenderer, TemplateProblem, Theme


@dataclass(frozen=True, slots=True)
class BuildReport:
    build: int
    ok: bool
    seconds: float
    pages: int
    problems: tuple[Diagnostic, ...]  # errors (and warnings) of the last build
    unchanged: bool = False  # nothing changed since the last build: nothing was done


@dataclass(frozen=True, slots=True)
class Served:
    """What a request is answered from: one build's number, outcome and renderer (None until a build succeeds)."""

    build: int
    ok: bool
    problems: tuple[Diagnostic, ...]
    renderer: SiteRenderer | None
    base_url: str


class LiveSite:
    """The model of the last build and a renderer over it; `rebuild()` is called from one thread at a time,
    `served()` from any."""

    def __init__(self, config_file: Path | None, as_of: date | None, drafts: bool = False) -> None:
        self.config_file = config_file
        self.as_of, self.drafts = as_of, drafts
        self.cache = DocumentCache(read_document)
        self.changed = threading.Condition()
        self.current = Served(0, False, (), None, "")
        self.root = find_root(config_file)
        self.config_path = config_file.resolve() if config_file else self.root / CONFIG_NAME
        config = load_config(self.root, Diagnostics(), self.config_path)
        self.content, self.files = config.content_path, config.files()
        self.inputs: dict[str, tuple[int, int, bytes]] = {}  # path -> (mtime_ns, size, bytes)
        self.listing: tuple[Path, list[str]] | None = None  # the content folder's files at the last snapshot
        self.project: Project | None = None  # the model of the last good build, for `patch`

    def served(self) -> Served:
        return self.current

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
        gone: list[str] = []
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
                gone.append(path)  # listed, then removed before it could be looked at
                continue
            old = self.inputs.get(path)
            if old is not None and old[:2] == (stat.st_mtime_ns, stat.st_size):
                seen[path] = old
            else:
                try:
                    seen[path] = (stat.st_mtime_ns, stat.st_size, self.files(path))
                except OSError:
                    gone.append(path)  # refused or unreadable: the build reads it again and reports why
        for path in gone:
            del seen[path]
        none = (0, 0, None)
        differs = {p for p in seen.keys() | self.inputs.keys() if seen.get(p, none)[2] != self.inputs.get(p, none)[2]}
        same_files = seen.keys() == self.inputs.keys()
        self.inputs = seen
        return differs, same_files

    def _recheck(self, changed: Collection[str]) -> set[str] | None:
        """Read again the input files among `changed`: those whose bytes differ, or None when
        `changed` names a file that the inputs lack (or one of them is gone): the listing changed."""
        differs: dict[str, tuple[int, int, bytes]] = {}
        for path in changed:
            if path not in self.inputs:
                if os.path.lexists(path) and not self._invisible(path):
                    return None
                continue  # a file that came and went (an editor's temporary file), or one okrsite never reads
            try:
                stat = os.stat(path)
                data = self.files(path)
            except OSError:
                return None
            entry = (stat.st_mtime_ns, stat.st_size, data)
            if data != self.inputs[path][2]:
                differs[path] = entry
            else:
                self.inputs[path] = entry  # touched: the next full snapshot need not read it again
        self.inputs.update(differs)
        return set(differs)

    def _invisible(self, path: str) -> bool:
        """A file below the content folder that `walk` leaves out (hidden, or a backup)."""
        relative = os.path.relpath(path, self.content)
        return not relative.startswith("..") and not all(visible(part) for part in relative.split(os.sep))

    def _read(self, path: str) -> bytes:
        """Bytes as of the snapshot taken at the start of this rebuild (a later save shows up in
        the next snapshot and triggers its own rebuild); files the snapshot missed come from disk."""
        known = self.inputs.get(path)
        return known[2] if known is not None else self.files(path)

    def rebuild(self, changed: Collection[str] | None = None,
                announce: Callable[[BuildReport], None] | None = None) -> BuildReport:
        """Load what changed since the last build; `changed`: what the watcher saw (see `snapshot`).

        The cyclic garbage collector is paused meanwhile; once the build is done (and `announce`d),
        what it left in reference cycles is freed and what lives on (caches, model) is frozen: the
        collector need not scan it again (a full scan of a 10,000-objective heap takes a second).
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
        # The snapshot is taken before building: a save during the build shows up as a change next time.
        differs, same_files = self.snapshot(changed)
        current = self.current
        if not differs and current.build:
            return BuildReport(current.build, current.ok, time.perf_counter() - started, 0, current.problems,
                               unchanged=True)
        renderer, base_url = current.renderer, current.base_url
        try:
            previous, self.project = self.project, None
            project = None
            if previous is not None and same_files:  # edits of objective files patch the previous model
                project = patch(previous, {path: self.inputs[path][2] for path in differs}, self.cache)
            if project is None:
                project = run(self.config_file, self.as_of, self.cache, read_bytes=self._read, listing=self.listing,
                              drafts=self.drafts)
            config = project.config
            self.content, self.files = config.content_path, config.files()
            problems = tuple(project.diagnostics.items)
            ok = not project.diagnostics.has_errors
            if ok:
                assert project.site is not None and project.results is not None
                theme = Theme.for_config(config)
                broken = theme.problems()
                if broken:
                    ok, problems = False, (*broken, *problems)
                else:
                    renderer = SiteRenderer(project.site, project.results, config, theme, project.diagnostics.items,
                                            self.cache.memo)
                    base_url = config.base_url.rstrip("/") + "/" if config.base_url else ""
                    self.project = project
        except UsageError as error:
            ok, problems = False, (Diagnostic("okrsite.toml", 0, 0, "error", "usage", str(error)),)
        except TemplateProblem as problem:
            ok, problems = False, (problem.diagnostic,)
        except Exception as error:  # a bug must not stop the preview; show it and keep serving
            traceback.print_exc()
            ok, problems = False, (Diagnostic("okrsite", 0, 0, "error", "internal", f"internal error: {error!r}"),)
        pages = len(renderer.pages) if ok and renderer is not None else 0
        with self.changed:
            self.current = Served(current.build + 1, ok, problems, renderer, base_url)
            self.changed.notify_all()
        return BuildReport(current.build + 1, ok, time.perf_counter() - started, pages, problems)

    def wait_for_build(self, seen: int, timeout: float) -> int:
        """Block until a build newer than `seen` finished (or timeout); returns the current build."""
        with self.changed:
            self.changed.wait_for(lambda: self.current.build != seen, timeout=timeout)
            return self.current.build
