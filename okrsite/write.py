"""Write stage: build into a fresh folder beside the output, swap it in only when all succeeded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable


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


def write_site(out: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Write every file into a temporary folder, then replace `out` with it; returns the file count.

    If producing or writing any file fails, the temporary folder is removed and `out` is untouched.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.parent / f".{out.name}.okrsite-new-{os.getpid()}"
    previous = out.parent / f".{out.name}.okrsite-old-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    count = 0
    try:
        temporary.mkdir()
        made: set[Path] = {temporary}
        for relative, data in files:
            path = temporary / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            count += 1
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    if out.exists():
        out.rename(previous)
    temporary.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    return count
