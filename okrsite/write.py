"""Write stage: build into a fresh folder beside the output, swap it in only when all succeeded."""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Sequence

from okrsite import forking


class OutputRefused(Exception):
    """The output folder would put the user's files at risk; nothing was written."""


def check_output(out: Path, root: Path, content: Path) -> None:
    """Refuse outputs whose replacement would delete content, the project or the home folder."""
    target = out.resolve()
    home = Path.home().resolve()
    reason = None
    if target == Path(target.anchor):
        reason = "it is the file-system root"
    elif target == home:
        reason = "it is your home folder"
    elif root.resolve() == target or root.resolve().is_relative_to(target):
        reason = "it is the site folder or a folder above it"
    elif target == content.resolve() or target.is_relative_to(content.resolve()) or content.resolve().is_relative_to(target):
        reason = "it is or holds the content folder"
    elif target.is_dir() and any(target.iterdir()) and not (target / ".nojekyll").exists():
        reason = "it is a folder that okrsite did not build (no .nojekyll inside); empty it or choose another"
    if reason:
        raise OutputRefused(f"refusing to write the site to {out}: {reason}")


Producer = Callable[[], Iterable[tuple[str, bytes]]]


def _write_files(folder: Path, producer: Producer) -> tuple[int, int]:
    """Write a producer's files into `folder`; returns (files, of which pages)."""
    made: set[Path] = {folder}
    count = pages = 0
    for relative, data in producer():
        path = folder / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        count += 1
        pages += relative.endswith(".html")
    return count, pages


def write_site(out: Path, producers: Sequence[Producer]) -> tuple[int, int]:
    """Write every producer's files into a temporary folder, then replace `out` with it.

    The first producer runs in this process; the others in forked child processes at the same
    time (one per core), or here too when no child can be started. If any of them fails, the
    temporary folder is removed, `out` is untouched, and the first failure is raised here.
    Returns (files, of which pages) written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.parent / f".{out.name}.okrsite-new-{os.getpid()}"
    previous = out.parent / f".{out.name}.okrsite-old-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    children: list = []
    try:
        children = [(producer, forking.start(partial(_write_files, temporary, producer))) for producer in producers[1:]]
        try:
            count, pages = _write_files(temporary, producers[0])
            for producer, child in children:
                if child is None:  # no process to spare: its share is written here
                    more, more_pages = _write_files(temporary, producer)
                    count, pages = count + more, pages + more_pages
        finally:  # wait for every child, whatever happened here
            outcomes = [forking.finish(child) for _, child in children if child is not None]
        for status, value in outcomes:
            if status != "ok":
                raise value  # type: ignore[misc]
            count, pages = count + value[0], pages + value[1]  # type: ignore[index]
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if out.exists():
        out.rename(previous)
    temporary.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    return count, pages
