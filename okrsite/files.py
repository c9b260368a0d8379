"""Reading the site's own files: only regular files inside the site folder, never more than a limit.

Content is untrusted: people and pull requests we do not control write it. A symbolic link may
point at a secret (`/proc/self/environ`), a device that never ends (`/dev/zero`), or a named pipe
that blocks forever; a file may be gigabytes. Every file okrsite reads from a site (content, KPI
data, theme templates and static files) goes through `SiteFiles`, which refuses all of those
before a byte is read, so no message or output can ever carry a byte from outside the site.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
FILE_MB = 5  # a content file, a template or a static file
CSV_MB = 50  # a KPI's CSV data
CSV_ROWS = 1_000_000

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class Refused(OSError):
    """A file okrsite will not read, with why and what to do."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason, self.hint = reason, hint

    def __str__(self) -> str:
        return self.reason


def inside(path: str, folder: str) -> bool:
    """Whether `path`, with every symbolic link resolved, is `folder` or below it (`folder` resolved)."""
    return _within(os.path.realpath(path), folder)


def _within(real: str, folder: str) -> bool:
    return real == folder or real.startswith(folder.rstrip(os.sep) + os.sep)


def replace_file(path: Path, data: bytes, suffix: str) -> None:
    """Write `data` over the file at `path` at once: into a hidden file beside it, then renamed over it,
    so that a reader (or a crash) never sees half a file."""
    temporary = path.with_name(f".{path.name}.{suffix}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@dataclass(frozen=True, slots=True)
class SiteFiles:
    """Reads files below `root` (a resolved folder): regular files only, at most `file_limit`
    bytes (`csv_limit` for `.csv` files). Call it with a path to get the file's bytes."""

    root: str
    file_limit: int = FILE_MB * MB
    csv_limit: int = CSV_MB * MB

    @classmethod
    def of(cls, root: os.PathLike[str] | str, file_limit: int = FILE_MB * MB, csv_limit: int = CSV_MB * MB) -> "SiteFiles":
        return cls(os.path.realpath(root), file_limit, csv_limit)

    def limit(self, path: str) -> int:
        return self.csv_limit if path.endswith(".csv") else self.file_limit

    def problem(self, path: str) -> Refused | None:
        """Why `path` would be refused, found without opening it; None when it can be read."""
        try:
            self._place(path)
            self._kind(os.stat(path), path)
        except Refused as refused:
            return refused
        except OSError:
            return None  # gone or unreadable: reading it reports that
        return None

    def __call__(self, path: str) -> bytes:
        """The bytes of the file at `path`, any path: every symbolic link on the way is resolved first."""
        return self._read(os.open(self._place(path), _FLAGS | _NOFOLLOW), path)

    def listed(self, path: str) -> bytes:
        """The bytes of a file that a walk of a site folder found without following linked folders
        (`loader.walk`): only its last part can be a link, so only a link costs resolving the path."""
        if not _NOFOLLOW:
            return self(path)
        try:
            descriptor = os.open(path, _FLAGS | _NOFOLLOW)
        except OSError as error:
            if error.errno != errno.ELOOP:
                raise
            return self(path)  # a symbolic link: read it only when its target is inside the site
        return self._read(descriptor, path)

    def _read(self, descriptor: int, path: str) -> bytes:
        try:
            limit = self._kind(os.fstat(descriptor), path)
            os.set_blocking(descriptor, True)
            chunks, total = [], 0
            while chunk := os.read(descriptor, min(limit + 1 - total, 1 << 20) or 1):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:  # it grew while being read, or its size was not known (as in /proc)
                    raise self._too_big(path, limit)
            return b"".join(chunks)
        finally:
            os.close(descriptor)

    def _place(self, path: str) -> str:
        real = os.path.realpath(path)
        if not _within(real, self.root):
            raise Refused("it is a symbolic link to a file outside the site folder; okrsite reads only the site's own files",
                          "copy the file into the site folder instead of linking to it")
        return real

    def _kind(self, status: os.stat_result, path: str) -> int:
        if not stat.S_ISREG(status.st_mode):
            kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
            raise Refused(f"it is {kind}, not a regular file; okrsite reads only regular files", "remove it")
        limit = self.limit(path)
        if status.st_size > limit:
            raise self._too_big(path, limit)
        return limit

    def _too_big(self, path: str, limit: int) -> Refused:
        setting = "csv_mb" if path.endswith(".csv") else "file_mb"
        return Refused(f"it is larger than the limit of {limit / MB:.3g} MB",
                       f"split it, or raise `{setting}` in the [limits] table of okrsite.toml")


def create(folder: Path, relative: str, data: bytes) -> None:
    """Create the file `relative` (a posix path) below `folder`, and its folders: never through a
    symbolic link, never over anything that exists (a dangling link included).
    Raises FileExistsError, Refused (a link on the way) or another OSError (not writable)."""
    path = folder
    *folders, name = relative.split("/")
    for part in folders:
        path = path / part
        if path.is_symlink():
            raise Refused(f"its folder {path.relative_to(folder).as_posix()} is a symbolic link, which okrsite does "
                          "not write through", "replace the link by a real folder")
        path.mkdir(exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path / name, flags | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
