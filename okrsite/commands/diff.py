"""`okrsite diff REV`: what the working tree changes against a git revision, in scores, statuses and findings.

REV's files are read with git (`ls-tree` and one `cat-file --batch`), never checked out over the
user's tree, and both sides are computed with the working tree's `okrsite.toml` at the same `as_of`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from okrsite.commands import report
from okrsite.diff import as_json, as_markdown, as_text, compare
from okrsite.export import export_data
from okrsite.loader import visible
from okrsite.pipeline import Project, UsageError, run


def run_diff(args: argparse.Namespace) -> int:
    after = run(args.config, args.as_of)
    if not _loaded(after, "the working tree"):
        return 1
    config = after.config
    files = files_at(config.root, args.rev, config.content_dir)
    folder = str(config.content_path)
    listing = sorted(name for name in files if all(visible(part) for part in name.split("/")))
    before = run(args.config, after.as_of, read_bytes=lambda path: files[os.path.relpath(path, folder).replace(os.sep, "/")],
                 listing=(config.content_path, listing))
    if not _loaded(before, args.rev):
        return 1
    assert after.site and after.results and before.site and before.results
    change = compare(export_data(before.site, before.results), export_data(after.site, after.results),
                     [d for d in before.diagnostics.items if d.severity == "warning"],
                     [d for d in after.diagnostics.items if d.severity == "warning"])
    formats = {"json": lambda: as_json(change), "markdown": lambda: as_markdown(change, args.rev),
               "text": lambda: as_text(change, args.rev)}
    print(formats[args.format](), end="" if args.format == "json" else "\n")
    return 0


def _loaded(project: Project, side: str) -> bool:
    """True when `side` loads without errors; else its errors are reported as `check` reports them."""
    if project.results is not None:
        return True
    report(d for d in project.diagnostics.items if d.severity == "error")
    print(f"okrsite diff: {side} has errors (above); nothing to compare", file=sys.stderr)
    return False


def files_at(root: Path, rev: str, content_dir: str) -> dict[str, bytes]:
    """The files below `content_dir` (of the site folder `root`) at git revision `rev`, by their
    path in the content folder."""
    def git(*command: str, given: bytes | None = None) -> bytes:
        try:
            done = subprocess.run(["git", *command], cwd=root, input=given, capture_output=True, timeout=300)
        except OSError as error:
            raise UsageError(f"okrsite diff needs git: {error.strerror or error}") from error
        if done.returncode != 0:
            raise UsageError(f"git {command[0]} failed: {done.stderr.decode(errors='replace').strip()}")
        return done.stdout

    try:
        git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except UsageError as error:
        raise UsageError(f"git knows no commit `{rev}` in {root} (a branch, tag or commit, e.g. origin/main)") from error
    prefix = git("rev-parse", "--show-prefix").decode().strip()
    names = [n.decode() for n in git("ls-tree", "-r", "-z", "--name-only", "--full-name", rev, "--",
                                     content_dir).split(b"\0") if n]
    inside = prefix + content_dir.strip("/") + "/"
    names = [n for n in names if n.startswith(inside)]
    output = git("cat-file", "--batch", given="".join(f"{rev}:{n}\n" for n in names).encode())
    files: dict[str, bytes] = {}
    position = 0
    for name in names:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        files[name[len(inside):]] = output[header_end + 1:header_end + 1 + size]
        position = header_end + 1 + size + 1
    return files
