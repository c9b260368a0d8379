"""Typed objective and KPI files kept on disk between runs: `check`, `build` and `export` read
again only the files that changed since the last run.

Where: `$OKRSITE_CACHE_DIR`, else `$XDG_CACHE_HOME/okrsite` or `~/.cache/okrsite`; inside, one
folder per content folder (by its absolute path) and per okrsite code and reading settings, so a
new okrsite or a changed `fiscal_year_start` starts afresh. The cache holds pickles, so it lives
outside the site folder: a site's repository must never be able to plant one.

A folder holds segments, each a pickled list of (path, digest, value, diagnostics). A run loads
them all, takes an entry when its digest (BLAKE2 of the file's bytes) is the file's, and stores
what it read anew as new segments (a forked reader stores its own share). Segments mostly out of
date are merged. A segment that cannot be read is dropped: the cache only makes a run faster.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import time
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Hashable, Sequence

from okrsite import __version__, forking
from okrsite.diagnostics import Diagnostic, Diagnostics
from okrsite.loader import RawFile
from okrsite.validate.parallel import SharedReading, worker_count

CACHE_ENV = "OKRSITE_CACHE_DIR"
Entry = tuple[str, bytes, object, list[Diagnostic]]  # path, digest of the bytes, value, its diagnostics
Reader = Callable[[RawFile, Diagnostics], object]

MERGE_SMALL = 8  # more segments than this, each under 1/8 of the entries, are merged into one
UNUSED_DAYS = 30  # the cache of a site no run has used for this long is removed
ABANDONED_SECONDS = 3600  # a half-written segment this old was left by a run that was stopped


def cache_root() -> Path | None:
    """The folder all sites' caches go in; None without a home folder to put it in."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "okrsite" if os.path.isabs(base) else None  # never a folder named ~ right here


@lru_cache(maxsize=1)
def code_key() -> str:
    """What the cached values depend on besides the files: okrsite's code and Python's version."""
    digest = hashlib.blake2b(f"{__version__} {sys.version_info[:2]}".encode(), digest_size=8)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def file_digest(data: bytes, extra: tuple[tuple[str, bytes], ...] = ()) -> bytes:
    """A digest of a file's bytes, and of the names and bytes of other files it reads: what an entry
    is stored under (serve compares the files it watches by it too)."""
    digest = hashlib.blake2b(data, digest_size=16)
    for path, more in extra:
        digest.update(b"\0%d %s\0" % (len(more), path.encode()))
        digest.update(more)
    return digest.digest()


class DiskCache:
    """The stored entries of one site (content folder) and setting, and where new ones go."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.entries: dict[str, tuple[Entry, Path]] = {}
        self.sizes: dict[Path, int] = {}
        self.live: dict[Path, list[Entry]] = {}  # the entries this run used, by segment
        self.pid = os.getpid()
        self.writers: list[forking.Child | None] = []
        abandoned = time.time() - ABANDONED_SECONDS
        for temporary in folder.glob(".new-*"):
            _remove(temporary, older_than=abandoned)
        for segment in sorted(folder.glob("*.pickle")):
            try:
                with open(segment, "rb") as stream:
                    entries = pickle.load(stream)
            except Exception:  # unreadable or truncated (segments are written whole, so broken for good)
                _remove(segment)
                continue
            self.sizes[segment] = len(entries)
            for entry in entries:
                self.entries[entry[0]] = (entry, segment)

    @classmethod
    def open(cls, content_path: Path, settings: Hashable) -> DiskCache | None:
        """The cache of this content folder with these reading settings; None when it cannot be made."""
        site = hashlib.blake2b(str(content_path.resolve()).encode(), digest_size=8).hexdigest()
        key = hashlib.blake2b(f"{code_key()} {settings!r}".encode(), digest_size=8).hexdigest()
        root = cache_root()
        if root is None:
            return None
        folder = root / site / key
        try:
            folder.mkdir(parents=True, exist_ok=True)
            os.utime(folder.parent)  # this site's cache was used now (see `_forget_unused_sites`)
            for other in folder.parent.iterdir():  # caches of an earlier okrsite or other settings
                if other != folder and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
            _forget_unused_sites(folder.parent)
        except OSError:
            return None
        return cls(folder)

    def reading(self, files: Sequence[RawFile], read: Reader, parent_other_work: float = 0.0,
                storable: Callable[[RawFile], bool] = lambda file: True,
                extra: Callable[[RawFile], tuple[tuple[str, bytes], ...]] = lambda file: ()) -> StoredReading:
        """`read` of each file, as stored where its bytes (and those of the `extra` files it reads) are unchanged."""
        return StoredReading(self, files, read, parent_other_work, storable, extra)

    def store(self, entries: list[Entry]) -> bytes:
        """Write `entries` as a new segment and return them pickled; in the process that opened the
        cache, a forked writer does it while this one goes on (see `close`), and nothing is returned."""
        if os.getpid() == self.pid and forking.can_fork():
            self.writers.append(forking.start(partial(self._store_now, entries)))
            return b""
        return self._store_now(entries)

    def _store_now(self, entries: list[Entry]) -> bytes:
        blob = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        if entries:
            self._write(blob)
        return blob

    def close(self) -> None:
        """After a run: wait for the writers, and merge segments that are mostly out of date."""
        for writer in self.writers:
            forking.finish(writer)  # a writer that failed stored nothing: the next run reads those files
        self.writers = []
        self._merge()

    def _write(self, blob: bytes) -> Path | None:
        name = f"{time.time_ns():020d}-{os.getpid()}.pickle"
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".new-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(blob)
            os.replace(temporary, self.folder / name)
        except OSError:
            return None
        return self.folder / name

    def _merge(self) -> None:
        """Merge segments that are mostly out of date, or many small ones, into one."""
        live = self.live
        total = sum(len(entries) for entries in live.values()) or 1
        stale = [s for s, size in self.sizes.items() if len(live.get(s, ())) * 2 < size]
        small = [s for s, size in self.sizes.items() if s not in stale and size * MERGE_SMALL < total]
        merged = stale + (small if len(small) > MERGE_SMALL else [])
        if not merged:
            return
        kept = [entry for segment in merged for entry in live.get(segment, ())]
        if kept and self._write(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)) is None:
            return
        for segment in merged:
            _remove(segment)


def _remove(path: Path, older_than: float | None = None) -> None:
    try:
        if older_than is None or path.stat().st_mtime < older_than:
            path.unlink()
    except OSError:
        pass


def _forget_unused_sites(used: Path) -> None:
    """Remove the caches of sites (content folders) no run has used for `UNUSED_DAYS` days:
    folders moved or deleted, sites tried out once."""
    limit = time.time() - UNUSED_DAYS * 86400
    for site in used.parent.iterdir():
        try:
            if site != used and site.is_dir() and site.stat().st_mtime < limit:
                shutil.rmtree(site, ignore_errors=True)
        except OSError:
            continue


class StoredReading:
    """`read(file, diagnostics)` for every file, taken from the cache where its bytes are unchanged.

    Files not in the cache are read like `SharedReading` reads them (on every core when many);
    each process stores the share it read. Files that are not `storable` are read, never stored.
    `parent_other_work` is the parent's other work as a fraction of all `files`.
    """

    def __init__(self, cache: DiskCache, files: Sequence[RawFile], read: Reader, parent_other_work: float,
                 storable: Callable[[RawFile], bool], extra: Callable[[RawFile], tuple[tuple[str, bytes], ...]]) -> None:
        self.cache, self.read_entry = cache, _entry_reader(read)
        self.found: list[Entry | None] = [None] * len(files)
        self.unstored: list[tuple[int, RawFile]] = []
        missing: list[tuple[int, RawFile, bytes]] = []
        for index, file in enumerate(files):
            if not storable(file):
                self.unstored.append((index, file))
                continue
            digest = file_digest(file.data, extra(file))
            hit = cache.entries.get(file.path)
            if hit is not None and hit[0][1] == digest:
                self.found[index] = hit[0]
                cache.live.setdefault(hit[1], []).append(hit[0])
            else:
                missing.append((index, file, digest))
        self.missing = missing
        other = parent_other_work * len(files) / max(1, len(missing))
        self.shared = SharedReading(missing, self.read_entry, worker_count(len(missing)), other, cache.store)

    def results(self, diagnostics: Diagnostics) -> list[object]:
        found = self.found
        for (index, _file, _digest), entry in zip(self.missing, self.shared.results(diagnostics), strict=True):
            found[index] = entry
        for index, file in self.unstored:
            found[index] = self.read_entry((index, file, b""), diagnostics)
        values: list[object] = []
        for entry in found:
            diagnostics.extend(entry[3])  # type: ignore[index]
            values.append(entry[2])  # type: ignore[index]
        return values


def _entry_reader(read: Reader) -> Callable[[tuple[int, RawFile, bytes], Diagnostics], Entry]:
    def read_entry(item: tuple[int, RawFile, bytes], diagnostics: Diagnostics) -> Entry:
        _index, file, digest = item
        local = Diagnostics()
        value = read(file, local)
        return file.path, digest, value, local.items
    return read_entry
