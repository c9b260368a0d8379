"""The watcher hands each rebuild the paths its burst of events named, or None: look at everything."""

from __future__ import annotations

import queue
import shutil
import time

import pytest
from watchdog.events import DirCreatedEvent, DirModifiedEvent, FileModifiedEvent, FileMovedEvent

from okrsite.serve.watch import MANY_PATHS, Rebuilder, watch


def bursts(tmp_path, *groups):
    """What the rebuild callback receives for each group of events, sent one group at a time."""
    content = tmp_path / "content"
    content.mkdir()
    received: queue.Queue = queue.Queue()
    rebuilder = Rebuilder(tmp_path, tmp_path / "okrsite.toml", received.put, [content, tmp_path / "themes"])
    rebuilder.start()
    try:
        for events in groups:
            for event in events(content):
                rebuilder.on_any_event(event)
            yield received.get(timeout=5)
    finally:
        rebuilder.stop()


def test_a_burst_gives_the_paths_it_named(tmp_path):
    edit = lambda c: [FileModifiedEvent(str(c / "a.md")), DirModifiedEvent(str(c)),  # noqa: E731
                      FileMovedEvent(str(c / ".a.md.swp"), str(c / "b.md")), FileModifiedEvent(str(c / "a.md~"))]
    folder = lambda c: [FileModifiedEvent(str(c / "a.md")), DirCreatedEvent(str(c / "okrs"))]  # noqa: E731
    many = lambda c: [FileModifiedEvent(str(c / f"{n}.md")) for n in range(MANY_PATHS + 1)]  # noqa: E731
    outside = lambda c: [FileModifiedEvent(str(c.parent / "README.md")), FileModifiedEvent(str(c / "c.md"))]  # noqa: E731
    got = list(bursts(tmp_path, edit, folder, many, outside))
    content = tmp_path / "content"
    assert got[0] == {str(content / "a.md"), str(content / ".a.md.swp"), str(content / "b.md")}
    assert got[1] is None and got[2] is None  # a new folder, a checkout-sized burst: look at everything
    assert got[3] == {str(content / "c.md")}  # files outside what is watched are no rebuild's business


@pytest.mark.parametrize("poll", [False, True])
def test_edits_are_seen_after_the_content_folder_is_deleted_and_made_again(tmp_path, poll):
    """A branch switch can remove content/ and write it anew: the old watch would never report again."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("1")
    received: queue.Queue = queue.Queue()
    observer, rebuilder = watch(tmp_path, tmp_path / "okrsite.toml", content, tmp_path / "themes", received.put,
                                poll=poll)
    try:
        time.sleep(0.6)
        shutil.rmtree(content)
        time.sleep(0.6 if poll else 0.1)
        content.mkdir()
        (content / "a.md").write_text("2")
        assert received.get(timeout=5) is None  # the deletion and the new folder: look at everything
        time.sleep(1.5 if poll else 0.5)
        while not received.empty():
            received.get()
        (content / "a.md").write_text("3, a later edit")
        assert received.get(timeout=5) in ({str(content / "a.md")}, None)
    finally:
        rebuilder.stop()
        observer.stop()
        observer.join(timeout=2)
