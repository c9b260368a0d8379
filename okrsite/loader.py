"""Load stage: find the content files by the layout of SPEC.md and read their bytes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from okrsite.diagnostics import Diagnostics, said
from okrsite.files import Refused, inside
from okrsite.i18n import N_

LAYOUT_HINT = N_(
    "content files go in content/teams/<team-id>.md, content/okrs/<period>/<team-id>/<slug>.md, "
    "content/people/<person>/<period>/<slug>.md or content/kpis/<team-id>/<slug>.md"
)


@dataclass(frozen=True, slots=True)
class RawFile:
    """One content file: its path for messages, the ids its location gives, its bytes."""

    path: str
    parts: tuple[str, ...]  # (team,) | (period, team, slug) | (period, @person, slug) | (team, slug)
    data: bytes


@dataclass(slots=True)
class RawContent:
    content_dir: str = "content"
    teams: list[RawFile] = field(default_factory=list)
    objectives: list[RawFile] = field(default_factory=list)
    kpis: list[RawFile] = field(default_factory=list)
    data_files: dict[str, bytes] = field(default_factory=dict)  # CSVs beside KPIs, by path


def visible(name: str) -> bool:
    return not name.startswith((".", "_", "~")) and not name.endswith("~")


def walk(folder: Path) -> list[str]:
    """Every visible file below `folder` as a relative posix path, sorted, without following symlinked folders."""
    found: list[str] = []
    top = str(folder)
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if visible(d))
        prefix = "" if current == top else os.path.relpath(current, top).replace(os.sep, "/") + "/"
        found.extend(prefix + f for f in sorted(files) if visible(f))
    return found


def display_base(root: Path, content: Path) -> str:
    """How messages name the content folder: relative to the site folder when it is inside it."""
    try:
        return content.relative_to(root).as_posix()
    except ValueError:
        return content.as_posix()


def load_content(root: Path, content_dir: str, diagnostics: Diagnostics,
                 read_bytes: Callable[[str], bytes], listing: list[str] | None = None) -> RawContent:
    """Read every content file under `root/content_dir`; misplaced files become diagnostics.

    `read_bytes` (given a file's path) is the site's `SiteFiles`, or what `serve` hands over: bytes
    of files that did not change; `listing` (what `walk` gives for the content folder) too.
    """
    content = root / content_dir
    raw = RawContent(content_dir)
    if not content.is_dir():
        diagnostics.error(content_dir, 0, 0, "layout", f"content folder `{content_dir}` does not exist",
                          "create it, or set `content_dir` in okrsite.toml")
        return raw
    if not inside(str(content), os.path.realpath(root)):
        diagnostics.error(content_dir, 0, 0, "layout", f"content folder `{content_dir}` is a symbolic link to a "
                          "folder outside the site folder; okrsite reads only the site's own files",
                          "move the content into the site folder")
        return raw

    def read(file: str, display: str) -> bytes | None:
        try:
            return read_bytes(file)
        except Refused as refused:
            diagnostics.error(display, 0, 0, "unreadable", f"okrsite does not read this file: {refused.reason}",
                              refused.hint)
            return None
        except OSError as error:
            diagnostics.error(display, 0, 0, "unreadable", f"cannot read the file: {error.strerror or error}",
                              "check its permissions")
            return None

    base = display_base(root, content)
    kinds = {("teams", 1): raw.teams, ("okrs", 3): raw.objectives, ("people", 3): raw.objectives, ("kpis", 2): raw.kpis}
    folder = str(content)
    for relative_path in walk(content) if listing is None else listing:
        file = f"{folder}{os.sep}{relative_path}" if os.sep == "/" else os.path.join(folder, relative_path)
        display = f"{base}/{relative_path}"
        section, rest, is_markdown, stems = _placed(relative_path)
        kind = kinds.get((section, len(rest)))
        if kind is not None and is_markdown:
            if (data := read(file, display)) is not None:
                kind.append(RawFile(display, stems, data))
        elif section == "kpis" and len(rest) == 2:
            if (data := read(file, display)) is not None:
                raw.data_files[display] = data
        elif is_markdown:
            diagnostics.error(display, 1, 1, "layout", "file is not where okrsite looks for content", LAYOUT_HINT)
        else:
            diagnostics.warning(display, 0, 0, "layout",
                                said(N_("file is not part of the content layout and is ignored")), LAYOUT_HINT)
    return raw


def _placed(relative_path: str) -> tuple[str, list[str], bool, tuple[str, ...]]:
    """Where a file below the content folder is: its section, its path below that, whether it is
    Markdown, and the ids its place gives (team; period, team and slug; or team and slug)."""
    relative = relative_path.split("/")
    section, rest = relative[0], relative[1:]
    is_markdown = relative_path.endswith(".md") and len(relative[-1]) > 3
    stems = tuple(rest[:-1]) + (rest[-1][:-3],) if rest and is_markdown else ()
    if section == "people" and len(stems) == 3:  # an individual objective: people/<person>/<period>/<slug>.md
        stems = (stems[1], "@" + stems[0], stems[2])
    return section, rest, is_markdown, stems


def objective_file(root: Path, content: Path, path: str, data: bytes) -> RawFile | None:
    """The file at `path` as `load_content` makes it when it is an objective file; else None."""
    relative_path = os.path.relpath(path, content).replace(os.sep, "/")
    section, rest, is_markdown, stems = _placed(relative_path)
    if section != "okrs" or len(rest) != 3 or not is_markdown:
        return None
    return RawFile(f"{display_base(root, content)}/{relative_path}", stems, data)
