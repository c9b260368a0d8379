"""okrsite keeps nothing between runs: a cache folder left by okrsite 0.1, or planted, is never read."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

from tests.conftest import copy_fixture


class Planted:
    """Unpickling this runs a command that leaves a marker file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_a_planted_pickle_truncated_file_or_foreign_json_in_the_old_cache_folder_changes_nothing(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    cache = tmp_path / "xdg-cache"
    marker = tmp_path / "code-ran"
    segments = cache / "okrsite" / "0123456789abcdef" / "fedcba9876543210"
    segments.mkdir(parents=True)
    (segments / "00000000000000000001-1.pickle").write_bytes(pickle.dumps([Planted(str(marker))]))
    (segments / "00000000000000000002-1.pickle").write_bytes(pickle.dumps([("x", b"", None, [])])[:9])
    (segments / "entries.json").write_text('{"not": ["what", "okrsite", "writes"]}')
    env = {key: value for key, value in os.environ.items() if key != "OKRSITE_CACHE_DIR"}
    env.update(XDG_CACHE_HOME=str(cache), HOME=str(tmp_path / "home"))

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "okrsite", "check", *args], cwd=site, env=env,
                              capture_output=True, text=True, timeout=60)

    planted, fresh = check(), check("--no-cache")
    assert not marker.exists()
    assert (planted.returncode, planted.stdout) == (fresh.returncode, fresh.stdout)
    assert "Traceback" not in planted.stderr
    written = subprocess.run([sys.executable, "-m", "okrsite", "build", "--out", str(tmp_path / "out")], cwd=site,
                             env=env, capture_output=True, text=True, timeout=60)
    assert written.returncode == 0 and not marker.exists()
    planted_files = sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file())
    assert planted_files == [f"{segments.relative_to(cache).as_posix()}/{name}" for name in
                             ("00000000000000000001-1.pickle", "00000000000000000002-1.pickle", "entries.json")]
    assert not (tmp_path / "home").exists()  # nothing was kept for a next run, here or in the home folder
