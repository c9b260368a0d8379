"""The write stage cleans up after a killed build and never outlives it (issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import copy_fixture, okrsite


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_build_removes_the_temporary_folders_a_killed_build_left_and_only_those(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    killed = site / f"._site.okrsite-new-{dead_pid()}"
    (killed / "okrs").mkdir(parents=True)
    (killed / "okrs/page.html").write_text("half a site")
    old = site / f"._site.okrsite-old-{dead_pid()}"
    old.mkdir()
    running = site / f"._site.okrsite-new-{os.getpid()}"  # a build that runs now keeps its folder
    running.mkdir()
    others = [site / ".okrsite-new-1", site / "._site.okrsite-new-x", site / ".other.okrsite-new-1"]
    for folder in others:
        folder.mkdir()
    assert okrsite("build", cwd=site).returncode == 0
    assert not killed.exists() and not old.exists()
    assert running.is_dir() and all(folder.is_dir() for folder in others)


def state(pid: int) -> str:
    """A process's state letter; 'gone' when it no longer exists (a zombie counts as dead too)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_render_workers_die_when_the_build_is_killed(tmp_path):
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from okrsite.write import write_site

        def shards(index, count):
            if index:
                time.sleep(120)  # a worker busy rendering
            else:
                print("started", flush=True)
                time.sleep(120)
            return []

        write_site(Path({str(tmp_path / "_site")!r}), shards, workers=3)
    """)
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout.readline() == "started\n"
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline:
            children = Path(f"/proc/{build.pid}/task/{build.pid}/children").read_text().split()
            workers = [int(pid) for pid in children]
            time.sleep(0.05)
        assert len(workers) == 2
        time.sleep(0.5)  # the workers have run their initializer and sleep in their shard
        build.send_signal(signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 10
        while any(state(pid) not in ("gone", "Z") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [state(pid) for pid in workers if state(pid) not in ("gone", "Z")] == []
    finally:
        build.kill()


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_stopped_build_removes_its_temporary_folder_and_workers_at_once(tmp_path, name):
    site = tmp_path / "out"
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from okrsite import cli
        from okrsite.write import write_site

        def shards(index, count):
            yield "a.html", b"a"
            if index == 0:
                print("started", flush=True)
            time.sleep(120)  # every process busy rendering

        def run(args):
            write_site(Path({str(site)!r}), shards, workers=2)
            return 0

        cli.importlib.import_module("okrsite.commands.check").run_check = run
        sys.exit(cli.main(["check"]))
    """)
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert build.stdout.readline() == "started\n"
        time.sleep(0.3)
        workers = [int(pid) for pid in Path(f"/proc/{build.pid}/task/{build.pid}/children").read_text().split()]
        started = time.monotonic()
        build.send_signal(getattr(signal, name))
        assert build.wait(timeout=20) == 130
        assert time.monotonic() - started < 10
        assert [p.name for p in tmp_path.iterdir()] == [], "the half-written folder is removed"
        assert all(state(pid) in ("gone", "Z") for pid in workers)
    finally:
        build.kill()
