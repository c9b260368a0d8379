"""Watch content, the site's themes and okrsite.toml; merge bursts of events into one rebuild."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

QUIET_SECONDS = 0.05  # an editor's save dance settles within this (a longer burst gives another rebuild)
# A burst naming more paths (a checkout, a copy) makes the rebuild look at every file: that costs
# 0.1 s at 10,000 objectives, and a burst big enough to overflow the kernel's queue loses events.
MANY_PATHS = 200
# What changes files. Opening and reading are left out at the source (the inotify mask): every
# rebuild lists thousands of folders, and their open/close events kept the watcher thread busy
# and slowed the rebuild itself about twofold.
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent, DirModifiedEvent]


def _ignored(path: str) -> bool:
    name = Path(path).name
    return name.endswith(("~", ".swp", ".swx", ".tmp")) or name.startswith(".#") or name == "4913"


class Rebuilder(FileSystemEventHandler):
    """Calls `rebuild` once per burst of relevant file events, on its own thread, with the paths
    the burst changed (None when a folder was added, removed or moved: anything may have changed)."""

    def __init__(self, root: Path, config_file: Path, rebuild: Callable[[set[str] | None], None],
                 watched: list[Path]) -> None:
        self.root, self.config_file, self.rebuild = root, config_file, rebuild
        self.watched = watched
        self.observer: Observer | None = None
        self.watches: dict[Path, ObservedWatch] = {}  # the recursive watch of each watched folder that exists
        self.paused = False  # while the first build runs; events still mark a rebuild as pending
        self.last_event = 0.0
        self.changed: set[str] | None = set()  # since the last rebuild started
        self.lock = threading.Lock()
        self.pending = threading.Event()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="okrsite-rebuild", daemon=True)

    def relevant(self, event: FileSystemEvent) -> bool:
        paths = [event.src_path] + ([event.dest_path] if getattr(event, "dest_path", "") else [])
        for raw in paths:
            path = Path(str(raw))
            if _ignored(str(path)):
                continue
            if path == self.config_file or any(path == w or path.is_relative_to(w) for w in self.watched):
                return True
        return False

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or not self.relevant(event):
            return
        if event.is_directory and event.event_type in ("created", "moved", "deleted"):
            for raw in (event.src_path, getattr(event, "dest_path", "")):
                if raw and Path(str(raw)) in self.watched:
                    self.attach(Path(str(raw)))  # themes/ made later, content/ replaced by a branch switch
        with self.lock:
            if event.is_directory:  # a folder's own "modified" comes with events of the files in it
                if event.event_type != "modified":
                    self.changed = None
            elif self.changed is not None:
                self.changed.update(str(p) for p in (event.src_path, getattr(event, "dest_path", "")) if p)
                if len(self.changed) > MANY_PATHS:
                    self.changed = None
        self.last_event = time.monotonic()
        self.pending.set()

    def attach(self, folder: Path) -> None:
        """Watch `folder` afresh: a folder deleted and made again is a new folder to the kernel, and
        the old watch would never report anything again."""
        old = self.watches.pop(folder, None)
        if old is not None:
            try:
                self.observer.unschedule(old)
            except KeyError:
                pass
        if folder.is_dir():
            self.watches[folder] = self.observer.schedule(self, str(folder), recursive=True, event_filter=CHANGES)

    def _loop(self) -> None:
        while not self.stopped.is_set():
            if not self.pending.wait(timeout=0.2) or self.paused:
                continue
            while time.monotonic() - self.last_event < QUIET_SECONDS:
                time.sleep(0.01)
            self.pending.clear()
            with self.lock:
                changed, self.changed = self.changed, set()
            self.rebuild(changed)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()


def watch(root: Path, config_file: Path, content: Path, themes: Path, rebuild: Callable[[set[str] | None], None],
          poll: bool = False):
    """Start watching; returns (observer, rebuilder) to stop later."""
    observer = PollingObserver(timeout=0.5) if poll else Observer()
    rebuilder = Rebuilder(root.resolve(), config_file.resolve(), rebuild, [content.resolve(), themes.resolve()])
    rebuilder.observer = observer
    observer.schedule(rebuilder, str(root), recursive=False, event_filter=CHANGES)
    for folder in rebuilder.watched:
        rebuilder.attach(folder)
    observer.start()
    rebuilder.start()
    return observer, rebuilder
