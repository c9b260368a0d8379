"""The state behind `okrsite serve`: a site rebuilt into a private folder, file by file.

Rebuilds reuse parsed files whose bytes did not change and write only output files whose bytes
changed; a broken edit keeps the last good pages on disk and records what is wrong.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from okrsite.diagnostics import Diagnostic
from okrsite.frontmatter import DocumentCache
from okrsite.pipeline import UsageError, run
from okrsite.render.site import TemplateProblem, Theme, render_site


@dataclass(frozen=True, slots=True)
class BuildReport:
    build: int
    ok: bool
    seconds: float
    pages: int
    written: int
    removed: int
    problems: tuple[Diagnostic, ...]  # errors (and warnings) of the last build


class LiveSite:
    """Owns the served folder; `rebuild()` is called from one thread at a time."""

    def __init__(self, config_file: Path | None, as_of: date | None) -> None:
        self.config_file = config_file
        self.as_of = as_of
        self.folder = Path(tempfile.mkdtemp(prefix="okrsite-serve-")).resolve()
        self.cache = DocumentCache()
        self.digests: dict[str, bytes] = {}
        self.build = 0
        self.problems: tuple[Diagnostic, ...] = ()
        self.ok = False
        self.changed = threading.Condition()
        self.root: Path | None = None
        self.content: Path | None = None

    def rebuild(self) -> BuildReport:
        started = time.perf_counter()
        pages = written = removed = 0
        try:
            project = run(self.config_file, self.as_of, self.cache)
            self.root, self.content = project.config.root, project.config.content_path
            problems = tuple(project.diagnostics.items)
            ok = not project.diagnostics.has_errors
            if ok:
                assert project.site is not None and project.results is not None
                files = render_site(project.site, project.results, project.config, Theme.for_config(project.config),
                                    project.diagnostics.items)
                pages, written, removed = self._write(files)
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

    def _write(self, files) -> tuple[int, int, int]:
        """Write files whose bytes changed (atomically each), remove files that are gone."""
        seen: dict[str, bytes] = {}
        pages = written = 0
        for relative, data in files:
            digest = hashlib.blake2b(data, digest_size=16).digest()
            seen[relative] = digest
            pages += relative.endswith(".html")
            if self.digests.get(relative) == digest:
                continue
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            written += 1
        gone = set(self.digests) - set(seen)
        for relative in gone:
            (self.folder / relative).unlink(missing_ok=True)
        self.digests = seen
        return pages, written, len(gone)

    def wait_for_build(self, seen: int, timeout: float) -> int:
        """Block until a build newer than `seen` finished (or timeout); returns the current build."""
        with self.changed:
            self.changed.wait_for(lambda: self.build != seen, timeout=timeout)
            return self.build

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
