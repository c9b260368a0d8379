"""`okrsite diff REV`: a change's effect on scores, statuses and findings, as a PR reviewer reads it."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import copy_fixture, okrsite

Q3 = "content/okrs/2026-Q3"
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]


@pytest.fixture
def repository(tmp_path):
    """The tiny fixture committed to a git repository, then changed in the working tree: a check-in
    edited, an objective added and one deleted, an objective aligned elsewhere."""
    site = copy_fixture("tiny", tmp_path)
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "before"]):
        subprocess.run([*GIT, *command], cwd=site, check=True)
    edited = site / Q3 / "sales/revenue-growth.md"
    edited.write_text(edited.read_text().replace("value: 20, confidence", "value: 30, confidence")
                      .replace("aligns_to: acme/grow#revenue", "aligns_to: acme/grow"))
    (site / Q3 / "support/internal-tools.md").unlink()
    (site / Q3 / "support/new-one.md").write_text((site / Q3 / "support/fewer-defects.md").read_text()
                                                  .replace("title: ", "title: Brand new ", 1))
    return site


def test_diff_names_every_change_with_old_and_new_numbers(repository):
    result = okrsite("diff", "HEAD", "--format", "json", cwd=repository)
    assert result.returncode == 0, result.stderr
    change = json.loads(result.stdout)
    assert change["as_of"] == "2026-08-15"
    [changed] = change["objectives_changed"]
    assert changed["ref"] == "2026-Q3/sales/revenue-growth" and changed["score"][0] < changed["score"][1]
    [kr] = changed["key_results"]
    assert kr["id"] == "kr2" and kr["value"] == [20, 30]
    assert changed["aligns_to"] == [["2026/acme/grow#revenue"], ["2026/acme/grow"]]
    assert [o["ref"] for o in change["objectives_added"]] == ["2026-Q3/support/new-one"]
    assert [o["ref"] for o in change["objectives_removed"]] == ["2026-Q3/support/internal-tools"]
    assert [p["id"] for p in change["periods"]] == ["2026-Q3"]
    markdown = okrsite("diff", "HEAD", cwd=repository).stdout
    assert "| ↳ `kr2` Sign new outlets | 20 → 30 |" in markdown
    assert "added: 2026-Q3/support/new-one" in markdown and "removed: 2026-Q3/support/internal-tools" in markdown
    assert "2026/acme/grow#revenue → 2026/acme/grow" in markdown
    assert "2026-Q3 score " in markdown.splitlines()[2]


def test_diff_reads_the_revision_with_git_and_leaves_the_working_tree_alone(repository):
    before = subprocess.run(["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True).stdout
    okrsite("diff", "HEAD", cwd=repository)
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True).stdout == before


def test_errors_in_the_working_tree_are_reported_as_check_reports_them(repository):
    (repository / Q3 / "sales/broken.md").write_text("---\ntitle: [oops\n---\n")
    result = okrsite("diff", "HEAD", cwd=repository)
    assert result.returncode == 1
    assert f"{Q3}/sales/broken.md:3:1: error: YAML syntax error" in result.stderr and "the working tree has errors" in result.stderr


def test_no_change_says_so_and_an_unknown_revision_is_a_usage_error(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "before"]):
        subprocess.run([*GIT, *command], cwd=site, check=True)
    assert "No score, status or finding changes." in okrsite("diff", "HEAD", cwd=site).stdout
    unknown = okrsite("diff", "no-such-branch", cwd=site)
    assert unknown.returncode == 2 and "git knows no commit `no-such-branch`" in unknown.stderr
