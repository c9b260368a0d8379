"""Write stage: build into a fresh folder beside the output, swap it in only when all succeeded."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import re
import shutil
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable


class OutputRefused(Exception):
    """The output folder would put the user's files at risk; nothing was written."""


def check_output(out: Path, root: Path, content: Path) -> None:
    """Refuse outputs whose replacement would delete content, the project or the home folder."""
    target = out.resolve()
    home = Path.home().resolve()
    reason = None
    if (out.exists() or out.is_symlink()) and not out.is_dir():
        reason = "it is a file, not a folder (okrsite would have to delete it)"
    elif target == Path(target.anchor):
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


Shards = Callable[[int, int], Iterable[tuple[str, bytes]]]  # (k, n) -> the k-th of n shares of the files


def _write_files(folder: Path, files: Iterable[tuple[str, bytes]]) -> tuple[int, int]:
    """Write files into `folder`; returns (files, of which pages)."""
    made: set[Path] = {folder}
    count = pages = 0
    for relative, data in files:
        path = folder / relative
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)
        count += 1
        pages += relative.endswith(".html")
    return count, pages


def write_site(out: Path, shards: Shards, workers: int = 1) -> tuple[int, int]:
    """Write the `workers` shards of the site's files into a temporary folder, then replace `out` with it.

    Shard 0 is written in this process; the others by a pool of forked worker processes at the
    same time (they inherit the rendered model instead of receiving it), or here too where `fork`
    does not exist. If any of them fails, the temporary folder is removed, `out` is untouched,
    and the failure is raised here. Returns (files, of which pages) written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    temporary = out.parent / f".{out.name}.okrsite-new-{os.getpid()}"
    previous = out.parent / f".{out.name}.okrsite-old-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    try:
        count, pages = _write_shards(temporary, shards, workers)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if out.exists():
        out.rename(previous)
    temporary.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    return count, pages


def remove_leftovers(out: Path) -> None:
    """Remove the temporary folders beside `out` of a build that was killed: only folders named as
    `write_site` names them, of a process that no longer runs (a build running now keeps its own)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.okrsite-(?:new|old)-(\d+)")
    for entry in os.scandir(out.parent):
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir(follow_symlinks=False) and not _running(int(match.group(1))):
            shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a process number: not ours to judge
    return True


def _write_shards(folder: Path, shards: Shards, workers: int) -> tuple[int, int]:
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return _write_files(folder, shards(0, 1))
    # Forked workers inherit `shards` (the model and the renderer) through the initializer's
    # arguments, which a fork hands over without serializing them; only shard numbers and counts
    # cross processes.
    pool = ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(shards, os.getpid()))
    try:
        futures = [pool.submit(_write_shard, folder, k, workers) for k in range(1, workers)]
        count, pages = _write_files(folder, shards(0, workers))
        for future in futures:
            more, more_pages = future.result()
            count, pages = count + more, pages + more_pages
    except BaseException:
        # Stopped (Ctrl-C, `kill`) or failed: the other shards are of no use. Stop their workers
        # now rather than wait for them (concurrent.futures has no public way before Python 3.14).
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    return count, pages


class _Worker:
    """What a worker process writes from: set once, by the pool's initializer, in each worker only."""

    shards: Shards | None = None


_PR_SET_PDEATHSIG = 1


def _start_worker(shards: Shards, parent: int) -> None:
    _Worker.shards = shards
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to stop this worker when the build that forked it dies (even by SIGKILL), instead
    of rendering on into a folder nobody will use; elsewhere the pool stops its workers itself."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)


def _write_shard(folder: Path, index: int, count: int) -> tuple[int, int]:
    assert _Worker.shards is not None, "a worker process is started with its shards"
    return _write_files(folder, _Worker.shards(index, count))
