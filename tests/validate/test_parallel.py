"""Reading objective files in forked children gives exactly what reading them here gives."""

from __future__ import annotations

import os
from datetime import date

import pytest

import okrsite.validate.parallel as parallel
from okrsite.diagnostics import Diagnostics
from okrsite.export import export_json
from okrsite.pipeline import run
from okrsite.validate.parallel import SharedReading
from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is POSIX only")


def outcome(config, monkeypatch, workers: int):
    started = []
    start = parallel.forking.start
    monkeypatch.setattr("okrsite.validate.worker_count", lambda files: workers)
    monkeypatch.setattr(parallel.forking, "start", lambda *args: started.append(1) or start(*args))
    project = run(config, as_of=date(2026, 8, 19))
    assert started if workers > 1 else not started
    exported = export_json(project.site, project.results) if project.results else None
    return project.site, exported, project.diagnostics.items


@pytest.mark.parametrize("config", [REPO / "okrsite.toml", FIXTURES / "broken" / "okrsite.toml"])
@pytest.mark.parametrize("workers", [2, 3])
def test_forked_reading_equals_reading_here(config, monkeypatch, workers):
    assert outcome(config, monkeypatch, workers) == outcome(config, monkeypatch, 1)


def test_every_item_is_read_once_in_order_whatever_the_shares():
    for count in (2, 3, 10, 101):
        for workers in (2, 3, 5):
            for other in (0.0, 0.3, 2.0):
                reading = SharedReading(list(range(count)), lambda item, diagnostics: (item, os.getpid()), workers, other)
                assert [item for item, _ in reading.results(Diagnostics())] == list(range(count))


def test_children_really_read_and_report_their_diagnostics():
    def read(item, diagnostics):
        diagnostics.error(f"f{item}.md", 1, 1, "rule", f"problem {item}")
        return os.getpid()

    diagnostics = Diagnostics()
    pids = SharedReading(list(range(40)), read, 2).results(diagnostics)
    assert len(set(pids)) == 2 and os.getpid() in pids
    assert sorted(d.message for d in diagnostics.items) == sorted(f"problem {i}" for i in range(40))


def test_a_child_that_dies_or_cannot_start_leaves_its_share_to_the_parent(monkeypatch):
    parent = os.getpid()

    def read(item, diagnostics):
        if os.getpid() != parent:
            os._exit(3)  # a crash in the child
        return item * 2

    assert SharedReading(list(range(30)), read, 3).results(Diagnostics()) == [i * 2 for i in range(30)]

    def no_fork():
        raise OSError("no more processes")

    monkeypatch.setattr(parallel.forking.os, "fork", no_fork)
    assert SharedReading(list(range(30)), read, 3).results(Diagnostics()) == [i * 2 for i in range(30)]
