"""Write stage: build into a fresh folder beside the output, swap it in only when all succeeded."""

from __future__ import annotations

import os
import pickle
import shutil
import traceback
from pathlib import Path
from typing import Callable, Iterable, Sequence


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


def _run_forked(producer: Producer, folder: Path) -> tuple[int, int]:
    """Start a child process that writes one producer's files; returns (pid, read end of its pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write, report, and leave without running the parent's cleanup
        os.close(read_end)
        try:
            outcome: tuple = ("ok", _write_files(folder, producer()))
        except BaseException as error:  # reported to the parent, which decides
            outcome = ("error", error if _picklable(error) else RuntimeError(traceback.format_exc()))
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write_end)
    return pid, read_end


def _picklable(error: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(error))
        return True
    except Exception:
        return False


def write_site(out: Path, producers: Sequence[Producer]) -> tuple[int, int]:
    """Write every producer's files into a temporary folder, then replace `out` with it.

    The first producer runs in this process; the others in forked child processes at the same
    time (one per core). If any of them fails, the temporary folder is removed, `out` is
    untouched, and the first failure is raised here. Returns (files, of which pages) written.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.parent / f".{out.name}.okrsite-new-{os.getpid()}"
    previous = out.parent / f".{out.name}.okrsite-old-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    children: list[tuple[int, int]] = []
    try:
        children = [_run_forked(producer, temporary) for producer in producers[1:]]
        count, pages = _write_files(temporary, producers[0]())
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            os.waitpid(pid, 0)
            status, value = pickle.loads(data) if data else ("error", RuntimeError("a build process died"))
            if status != "ok":
                raise value
            count, pages = count + value[0], pages + value[1]
        children = []
    except BaseException:
        for pid, _ in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if out.exists():
        out.rename(previous)
    temporary.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    return count, pages
