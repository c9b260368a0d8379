"""The cache on disk only makes runs faster: every run gives what a fresh reading gives."""

from __future__ import annotations

import os
import pickle
import time
from datetime import date
from pathlib import Path

import pytest

import okrsite.diskcache as diskcache
import okrsite.validate as validate_module
from okrsite.diskcache import CACHE_ENV, DiskCache
from okrsite.export import export_json
from okrsite.pipeline import run
from tests.conftest import FIXTURES, REPO, FixtureSite, copy_fixture, okrsite


def outcome(config: Path, stored: bool) -> tuple:
    project = run(config, as_of=date(2026, 8, 19), stored=stored)
    exported = export_json(project.site, project.results) if project.results else None
    return project.site, exported, project.diagnostics.items


def segments(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*/*.pickle"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.mark.parametrize("config", [REPO / "okrsite.toml", FIXTURES / "broken" / "okrsite.toml",
                                    FIXTURES / "hostile" / "okrsite.toml"])
def test_a_run_from_the_cache_equals_a_fresh_reading(config, cache):
    fresh = outcome(config, stored=False)
    assert not cache.exists()
    assert outcome(config, stored=True) == fresh  # reads every file and stores it
    stored = segments(cache)
    assert stored
    assert outcome(config, stored=True) == fresh  # reads nothing
    assert segments(cache) == stored


def test_a_run_from_the_cache_reads_no_objective_or_kpi_file_again(cache, monkeypatch):
    config = REPO / "okrsite.toml"
    outcome(config, stored=True)
    reads = []
    read = validate_module.read_document
    monkeypatch.setattr(validate_module, "read_document", lambda path, *args: reads.append(path) or read(path, *args))
    project = run(config, stored=True)
    assert project.site and project.site.objectives and project.site.kpis
    assert reads and all(path.startswith("content/teams/") for path in reads)


def test_an_edited_objective_is_read_again_and_its_error_reported_at_its_line(tmp_path, cache):
    site = FixtureSite(copy_fixture("tiny", tmp_path))
    config = site.root / "okrsite.toml"
    assert not [d for d in run(config, stored=True).diagnostics.items if d.severity == "error"]
    path = "content/okrs/2026-Q3/support/fewer-defects.md"
    original = (site.root / path).read_text(encoding="utf-8")
    site.write(path, original.replace("start: 3.5", "start: lots"))
    errors = [d for d in run(config, stored=True).diagnostics.items if d.severity == "error"]
    assert [(d.path, d.line, d.rule) for d in errors] == [(path, 8, "type")]
    site.write(path, original)
    assert outcome(config, stored=True) == outcome(config, stored=False)


def test_an_objective_of_an_unknown_team_is_checked_against_the_teams_of_this_run(tmp_path, cache):
    site = FixtureSite(copy_fixture("tiny", tmp_path))
    config = site.root / "okrsite.toml"
    site.write("content/okrs/2026-Q3/ops/uptime.md", "---\ntitle: Keep the lights on\nkey_results:\n"
                                                   "  - title: Uptime\n    start: 99\n    target: 99.9\n---\n")
    assert [d.rule for d in run(config, stored=True).diagnostics.items if d.severity == "error"] == ["unknown-team"]
    site.write("content/teams/ops.md", "---\nname: Operations\nparent: acme\n---\n")
    assert outcome(config, stored=True) == outcome(config, stored=False)
    assert not [d for d in run(config, stored=True).diagnostics.items if d.severity == "error"]


def test_a_kpi_is_read_again_when_the_csv_beside_it_changes(tmp_path, cache):
    site = FixtureSite(copy_fixture("tiny", tmp_path))
    config = site.root / "okrsite.toml"
    before = run(config, stored=True).site.kpis["sales/mrr"]
    site.write("content/kpis/sales/mrr.csv", "date,value\n2026-06-01,oops\n")
    project = run(config, stored=True)
    assert ("content/kpis/sales/mrr.csv", 2) in [(d.path, d.line) for d in project.diagnostics.items]
    assert outcome(config, stored=True) == outcome(config, stored=False)
    assert project.site.kpis["sales/mrr"] != before


def test_changed_reading_settings_start_a_fresh_cache(tmp_path, cache):
    site = copy_fixture("tiny", tmp_path)
    config = site / "okrsite.toml"
    outcome(config, stored=True)
    first = {p.parent for p in segments(cache)}
    with open(config, "a", encoding="utf-8") as file:
        file.write('default_kind = "committed"\n')
    assert outcome(config, stored=True) == outcome(config, stored=False)
    assert {p.parent for p in segments(cache)}.isdisjoint(first)
    assert all(not folder.exists() for folder in first)  # the old settings' cache is gone


def test_a_broken_segment_is_ignored_and_removed(cache):
    config = FIXTURES / "broken" / "okrsite.toml"
    fresh = outcome(config, stored=False)
    outcome(config, stored=True)
    for segment in segments(cache):
        segment.write_bytes(segment.read_bytes()[:50])
    assert outcome(config, stored=True) == fresh
    assert all(pickle.loads(segment.read_bytes()) for segment in segments(cache))
    assert outcome(config, stored=True) == fresh


def test_a_cache_folder_that_cannot_be_made_only_means_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    config = REPO / "okrsite.toml"
    assert outcome(config, stored=True) == outcome(config, stored=False)


def test_no_cache_reads_and_writes_no_cache(tmp_path, cache):
    site = copy_fixture("tiny", tmp_path)
    result = okrsite("check", "--no-cache", cwd=site)  # the cache folder: from the environment
    assert result.returncode == 0, result.stderr
    assert not cache.exists()
    result = okrsite("check", cwd=site)  # the cache folder: from the environment
    assert result.returncode == 0, result.stderr
    assert segments(cache)


def test_segments_mostly_out_of_date_or_many_small_ones_are_merged(tmp_path, cache, monkeypatch):
    site = FixtureSite(copy_fixture("tiny", tmp_path))
    config = site.root / "okrsite.toml"
    outcome(config, stored=True)
    path = "content/okrs/2026-Q3/support/fewer-defects.md"
    original = (site.root / path).read_text(encoding="utf-8")
    monkeypatch.setattr(diskcache, "MERGE_SMALL", 2)
    for number in range(6):  # each edit stores the file anew; its last segment goes out of date
        site.write(path, original + "\n" * (number + 1))
        assert outcome(config, stored=True) == outcome(config, stored=False)
        assert len(segments(cache)) <= 4
    entries = [entry for segment in segments(cache) for entry in pickle.loads(segment.read_bytes())]
    assert len(entries) <= 2 * len({entry[0] for entry in entries})  # out-of-date entries do not pile up
    assert outcome(config, stored=True) == outcome(config, stored=False)


def test_many_files_are_read_on_every_core_and_each_process_stores_its_share(cache, monkeypatch):
    if not hasattr(os, "fork"):
        pytest.skip("forking is POSIX only")
    monkeypatch.setattr(diskcache, "worker_count", lambda files: 3 if files > 1 else 1)
    config = REPO / "okrsite.toml"
    fresh = outcome(config, stored=False)
    assert outcome(config, stored=True) == fresh
    writers = {segment.stem.rsplit("-", 1)[1] for segment in segments(cache)}
    assert len(writers) >= 3  # two forked readers and the parent's writer
    assert outcome(config, stored=True) == fresh


def test_the_cache_is_kept_per_content_folder(tmp_path, cache):
    first, second = copy_fixture("tiny", tmp_path / "one"), copy_fixture("tiny", tmp_path / "two")
    outcome(first / "okrsite.toml", stored=True)
    outcome(second / "okrsite.toml", stored=True)
    assert len({p.parent.parent for p in segments(cache)}) == 2
    assert DiskCache.open(first / "content", ("settings",)) is not None


def test_the_cache_of_a_site_unused_for_a_month_is_removed(tmp_path, cache):
    first, second = copy_fixture("tiny", tmp_path / "one"), copy_fixture("tiny", tmp_path / "two")
    outcome(first / "okrsite.toml", stored=True)
    (old,) = cache.iterdir()
    month_ago = time.time() - (diskcache.UNUSED_DAYS + 1) * 86400
    os.utime(old, (month_ago, month_ago))
    outcome(second / "okrsite.toml", stored=True)
    assert old not in list(cache.iterdir()) and len(list(cache.iterdir())) == 1
    recent = time.time() - (diskcache.UNUSED_DAYS - 1) * 86400
    (kept,) = cache.iterdir()
    os.utime(kept, (recent, recent))
    outcome(first / "okrsite.toml", stored=True)
    assert len(list(cache.iterdir())) == 2


def test_without_a_home_folder_there_is_no_cache_and_no_stray_folder(tmp_path, monkeypatch):
    site = copy_fixture("tiny", tmp_path)
    for name in (CACHE_ENV, "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no HOME and no password entry
    monkeypatch.chdir(site)
    assert diskcache.cache_root() is None
    assert outcome(site / "okrsite.toml", stored=True) == outcome(site / "okrsite.toml", stored=False)
    assert not (site / "~").exists()


def test_a_segment_left_half_written_by_a_stopped_run_is_removed_when_old(tmp_path, cache):
    site = copy_fixture("tiny", tmp_path)
    outcome(site / "okrsite.toml", stored=True)
    folder = segments(cache)[0].parent
    old, fresh = folder / ".new-abc", folder / ".new-def"
    old.write_bytes(b"half a pick"), fresh.write_bytes(b"being written")
    hour_ago = time.time() - diskcache.ABANDONED_SECONDS - 60
    os.utime(old, (hour_ago, hour_ago))
    assert outcome(site / "okrsite.toml", stored=True) == outcome(site / "okrsite.toml", stored=False)
    assert not old.exists() and fresh.exists()  # a fresh one may be another run's segment in the making
