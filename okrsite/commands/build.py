"""`okrsite build`: validate, compute, render and write the site atomically."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

from okrsite.commands import report
from okrsite.diagnostics import format_text, strict, summary
from okrsite.files import inside
from okrsite.pipeline import Project, UsageError, run
from okrsite.render.site import SiteRenderer, TemplateProblem, Theme, workers_for
from okrsite.write import OutputRefused, check_output, write_site


def output_folder(project: Project, out: Path | None) -> Path:
    """`--out` (relative to the working folder), else `output_dir`, which must stay inside the site
    folder: a configuration from a pull request cannot make okrsite write elsewhere."""
    config = project.config
    if out is not None:
        return out if out.is_absolute() else Path.cwd() / out
    folder = config.root / config.output_dir
    if not inside(str(folder), os.path.realpath(config.root)):
        raise UsageError(f"`output_dir` {config.output_dir!r} leads outside the site folder (a symbolic link?); "
                         "remove the link, or pass --out to write the site elsewhere")
    return folder


def _progress(files: Iterable[tuple[str, bytes]], show: bool) -> Iterator[tuple[str, bytes]]:
    """Pass files through, with a progress line on a terminal."""
    for count, item in enumerate(files, start=1):
        if show and count % 200 == 0:
            print(f"\r  {count} files…", end="", flush=True)
        yield item
    if show:
        print("\r" + " " * 24 + "\r", end="", flush=True)


def build(project: Project, out: Path, show_progress: bool = False, workers: int | None = None) -> tuple[int, int]:
    """Render and write; returns (pages, files). Raises TemplateProblem or OutputRefused."""
    site, results, config = project.site, project.results, project.config
    assert site is not None and results is not None
    check_output(out, config.root, config.content_path)
    renderer = SiteRenderer(site, results, config, Theme.for_config(config), project.diagnostics.items)

    def shards(index: int, count: int) -> Iterable[tuple[str, bytes]]:
        files = renderer.shard(index, count)
        return _progress(files, show_progress) if index == 0 else files

    count, pages = write_site(out, shards, workers or workers_for(len(site.objectives)))
    return pages, count


def run_build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    project = run(args.config, args.as_of, base_url=args.base_url, drafts=args.drafts)
    found = [*project.diagnostics.items, *Theme.for_config(project.config).problems()]
    items = strict(found) if args.strict else found
    report(items)
    if any(d.severity == "error" for d in items):
        print(f"okrsite build: {summary(items)}; the site was not written", file=sys.stderr)
        return 1
    out = output_folder(project, args.out)
    try:
        pages, count = build(project, out, show_progress=sys.stdout.isatty())
    except OutputRefused as error:
        raise UsageError(str(error)) from error
    except OSError as error:
        print(f"okrsite build: cannot write the site to {out}: {error.strerror or error}; "
              "the previous site was left as it was", file=sys.stderr)
        return 1
    except TemplateProblem as problem:
        print(format_text(problem.diagnostic), file=sys.stderr)
        print("okrsite build: template error; the previous site was left as it was", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    warnings = f", {summary(items).split(', ')[1]}" if items else ""
    print(f"okrsite build: wrote {pages} pages ({count} files) to {out} in {elapsed:.2f} s "
          f"(as of {project.as_of}{warnings})")
    return 0
