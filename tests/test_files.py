"""okrsite reads only the site's own regular files, of bounded size (issue 15): run as a user runs
it, against symbolic links, named pipes, devices and oversized files planted in a copy of `tiny`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from okrsite.files import Refused, SiteFiles
from tests.conftest import copy_fixture, okrsite

SECRET = "S3CRET-TOKEN-do-not-leak"
MRR_CSV = "content/kpis/sales/mrr.csv"
OBJECTIVE = "content/okrs/2026-Q3/sales/revenue-growth.md"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret file outside the site folder, one line that would parse as CSV, YAML and a template."""
    secret = tmp_path / "secret.txt"
    secret.write_text(f"date,value\n{SECRET}: 1\n---\ntitle: {SECRET}\n---\n", encoding="utf-8")
    return secret


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_fixture("tiny", tmp_path)


def replace_with_link(site: Path, relative: str, target: str | Path) -> None:
    path = site / relative
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


def previous_site(site: Path) -> dict[str, bytes]:
    """Build the site once; what a failed build must leave as it was."""
    assert okrsite("build", cwd=site).returncode == 0
    return tree(site / "_site")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_refused(site: Path, relative: str, reason: str, before: dict[str, bytes] | None = None) -> None:
    """`check` and `build` both name the file and why; no byte of the secret anywhere; old output kept."""
    for command in ("check", "build"):
        result = okrsite(command, cwd=site)
        assert result.returncode == 1, result.stdout + result.stderr
        assert SECRET not in result.stdout + result.stderr
        assert f"{relative}: error: okrsite does not read this file: {reason}" in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    if before is not None:
        assert tree(site / "_site") == before


def test_csv_symlinked_to_a_file_outside_the_site_is_refused_without_quoting_it(site, outside):
    before = previous_site(site)
    replace_with_link(site, MRR_CSV, outside)
    assert_refused(site, MRR_CSV, "it is a symbolic link to a file outside the site folder", before)


def test_content_file_symlinked_outside_the_site_is_refused(site, outside):
    replace_with_link(site, OBJECTIVE, outside)
    assert_refused(site, OBJECTIVE, "it is a symbolic link to a file outside the site folder")


def test_symlink_to_a_device_is_refused_at_once_instead_of_read_until_memory_runs_out(site):
    replace_with_link(site, MRR_CSV, "/dev/zero")
    assert_refused(site, MRR_CSV, "it is a symbolic link to a file outside the site folder")


def test_named_pipe_in_the_content_folder_is_refused_instead_of_hanging(site):
    os.mkfifo(site / "content/okrs/2026-Q3/sales/pipe.md")  # okrsite() times out after 120 s
    assert_refused(site, "content/okrs/2026-Q3/sales/pipe.md", "it is a named pipe (FIFO), not a regular file")


def test_symlink_that_stays_inside_the_site_is_followed(site):
    (site / "data").mkdir()
    (site / MRR_CSV).rename(site / "data/mrr.csv")
    replace_with_link(site, MRR_CSV, "../../../data/mrr.csv")
    result = okrsite("check", cwd=site)
    assert result.returncode == 0, result.stdout


def test_theme_static_file_symlinked_outside_is_refused_and_never_published(site, outside):
    before = previous_site(site)
    replace_with_link(site, "themes/default/static/leak.txt", outside)
    assert_refused(site, "themes/default/static/leak.txt", "it is a symbolic link to a file outside the site folder",
                   before)
    assert not any(SECRET.encode() in data for data in tree(site / "_site").values())


def test_theme_template_symlinked_outside_is_refused(site, outside):
    replace_with_link(site, "themes/default/templates/base.html", outside)
    assert_refused(site, "themes/default/templates/base.html", "it is a symbolic link to a file outside the site folder")


def test_theme_folder_symlinked_outside_the_site_is_an_error(site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    (elsewhere / "templates/base.html").write_text(SECRET, encoding="utf-8")
    (site / "themes").mkdir()
    os.symlink(elsewhere, site / "themes/default")
    result = okrsite("build", cwd=site)
    assert result.returncode == 1
    assert "themes/default: error: the theme folder is a symbolic link to a folder outside the site folder" \
        in result.stderr
    assert SECRET not in result.stdout + result.stderr and not (site / "_site").exists()


@pytest.mark.parametrize("setting", ['content_dir = "/etc"', 'content_dir = "../../.."', 'output_dir = "../out"',
                                     'output_dir = "/tmp/x"', 'theme = "../../etc"'])
def test_folders_in_the_configuration_must_stay_inside_the_site(site, setting):
    with open(site / "okrsite.toml", "a", encoding="utf-8") as config:
        config.write(setting + "\n")
    result = okrsite("build", cwd=site)
    key = setting.split()[0]
    assert result.returncode == 1
    assert f"okrsite.toml:3:1: error: `{key}` must be" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site.parent / "out").exists()


def test_content_folder_symlinked_outside_the_site_is_an_error(site, tmp_path):
    (site / "content").rename(tmp_path / "moved")
    os.symlink(tmp_path / "moved", site / "content")
    result = okrsite("check", cwd=site)
    assert result.returncode == 1
    assert "content: error: content folder `content` is a symbolic link to a folder outside the site folder" \
        in result.stdout


def test_output_folder_symlinked_outside_needs_out_on_the_command_line(site, tmp_path):
    os.symlink(tmp_path / "elsewhere", site / "_site")
    result = okrsite("build", cwd=site)
    assert result.returncode == 2
    assert "`output_dir` '_site' leads outside the site folder" in result.stderr
    assert not (tmp_path / "elsewhere").exists()
    assert okrsite("build", "--out", str(tmp_path / "elsewhere"), cwd=site).returncode == 0


def test_content_file_over_the_size_limit_is_refused_with_the_setting_to_raise(site):
    before = previous_site(site)
    with open(site / "okrsite.toml", "a", encoding="utf-8") as config:
        config.write("[limits]\nfile_mb = 0.01\n")
    (site / OBJECTIVE).write_text((site / OBJECTIVE).read_text() + "x" * 20_000, encoding="utf-8")
    assert_refused(site, OBJECTIVE, "it is larger than the limit of 0.01 MB", before)
    result = okrsite("check", cwd=site)
    assert "raise `file_mb` in the [limits] table of okrsite.toml" in result.stdout


def test_csv_over_the_size_or_row_limit_is_one_clear_error(site):
    with open(site / "okrsite.toml", "a", encoding="utf-8") as config:
        config.write("[limits]\ncsv_mb = 0.001\n")
    rows = "".join(f"20{y:02d}-01-01,{y}\n" for y in range(10, 99))
    (site / MRR_CSV).write_text("date,value\n" + rows, encoding="utf-8")
    assert_refused(site, MRR_CSV, "it is larger than the limit of 0.001 MB")
    (site / "okrsite.toml").write_text('title = "Acme"\nas_of = 2026-08-15\n[limits]\ncsv_rows = 50\n')
    result = okrsite("check", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0:1] == [f"{MRR_CSV}:52:1: error: the file has more than 50 rows (keep one row per "
                                          "snapshot date, or raise `csv_rows` in the [limits] table of okrsite.toml)"]


def test_a_csv_of_many_bad_rows_reports_the_first_hundred(site):
    (site / MRR_CSV).write_text("date,value\n" + "nope,1\n" * 5000, encoding="utf-8")
    result = okrsite("check", cwd=site)
    lines = [line for line in result.stdout.splitlines() if line.startswith(MRR_CSV)]
    assert len(lines) == 101
    assert lines[-1].startswith(f"{MRR_CSV}:102:1: error: more bad rows from here on; only the first 100")


@pytest.mark.parametrize("setting", ["file_mb = 0", "csv_rows = 1.5", 'csv_mb = "big"', "rows = 3"])
def test_bad_limits_are_configuration_errors(site, setting):
    with open(site / "okrsite.toml", "a", encoding="utf-8") as config:
        config.write(f"[limits]\n{setting}\n")
    result = okrsite("check", cwd=site)
    assert result.returncode == 1 and "okrsite.toml:4:1: error:" in result.stdout, result.stdout


def test_build_out_refuses_an_existing_file_and_leaves_it_alone(site):
    config = (site / "okrsite.toml").read_bytes()
    result = okrsite("build", "--out", "okrsite.toml", cwd=site)
    assert result.returncode == 2
    assert "okrsite.toml: it is a file, not a folder (okrsite would have to delete it)" in result.stderr
    assert (site / "okrsite.toml").read_bytes() == config
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []


def test_reader_stops_at_the_limit_when_the_size_is_not_known_in_advance(tmp_path):
    files = SiteFiles.of("/proc", file_limit=16)
    with pytest.raises(Refused, match="larger than the limit"):
        files("/proc/self/status")  # stat says 0 bytes; reading finds more
