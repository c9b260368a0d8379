"""`okrsite check` and `okrsite export` run as a user runs them: a subprocess in a site folder."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.conftest import FIXTURES, copy_fixture, okrsite


def test_check_on_a_clean_fixture_exits_zero():
    """The fixture keeps one check-in dated after its as_of (SPEC's worked example of one not counted)."""
    result = okrsite("check", cwd=FIXTURES / "tiny")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "content/okrs/2026-Q3/sales/revenue-growth.md:17:1: warning: check-in of key result `kr2` dated 2026-09-01, "
        "after the as-of date 2026-08-15: not counted (fix its date, or build with a later --as-of or `as_of` in "
        "okrsite.toml)"]
    assert "0 errors, 1 warning" in result.stderr


def test_check_text_format_lists_every_error_with_file_line_and_hint():
    result = okrsite("check", cwd=FIXTURES / "broken")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/kpis/sales/mrr.csv:3:12: error: `lots` is not a number "
        "(write a plain number without units or thousands separators)",
        "content/okrs/2026-Q3/sales/quality.md:2:22: error: YAML syntax error: mapping values are not allowed in "
        "this context (check indentation and quote values that contain `: `, `#` or start with a special character)",
        "content/okrs/2026-Q3/sales/win.md:3:12: error: `aligns_to: acme/nothing` matches no objective in "
        "2026-Q3, 2026-H2 or 2026 (write [<period>/]<team-id>/<objective-slug>[#<kr-id>] of an existing objective)",
        "content/okrs/2026-Q3/sales/win.md:7:13: error: `target` of key result `kr1` equals its `start` (10) "
        "(a key result must move a number: change `start` or `target`; to keep a number where it is, use "
        "`type: maintain` with a `threshold`)",
        "content/okrs/2026-Q3/sales/win.md:12:50: error: `confidence` of check-in 1 of key result `kr2` is 120%, "
        'outside 0-1 (write a number from 0 to 1 such as 0.7, or a percentage in quotes such as "70%")',
    ]
    assert "okrsite check: 5 errors, 0 warnings" in result.stderr


def test_check_github_format_gives_workflow_commands():
    result = okrsite("check", "--format", "github", cwd=FIXTURES / "broken")
    assert result.returncode == 1
    pattern = re.compile(r"::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=[^:]+::(?P<msg>.+)")
    parsed = [pattern.fullmatch(line) for line in result.stdout.splitlines()]
    assert parsed and all(parsed)
    assert ("content/kpis/sales/mrr.csv", "3") in {(m["file"], m["line"]) for m in parsed}


def test_check_json_format_is_a_list_of_objects():
    result = okrsite("check", "--format", "json", cwd=FIXTURES / "broken")
    assert result.returncode == 1
    items = json.loads(result.stdout)
    assert {"path", "line", "column", "severity", "rule", "message", "hint"} <= set(items[0])
    assert any(i["path"] == "content/kpis/sales/mrr.csv" and i["line"] == 3 for i in items)


def test_strict_fails_on_warnings(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    (site / "content/stray.txt").write_text("notes")
    assert okrsite("check", cwd=site).returncode == 0
    strict = okrsite("check", "--strict", cwd=site)
    assert strict.returncode == 1
    assert "content/stray.txt: error: file is not part of the content layout" in strict.stdout  # --strict: errors


def test_export_json_follows_the_data_contract():
    result = okrsite("export", "--format", "json", cwd=FIXTURES / "tiny")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-08-15"
    q3 = next(p for p in data["periods"] if p["id"] == "2026-Q3")
    assert q3["start"] == "2026-07-01" and q3["end"] == "2026-09-30"
    assert q3["elapsed"] == pytest.approx(45 / 92, abs=1e-4)
    sales = next(t for t in data["teams"] if t["id"] == "sales")
    assert sales["parent"] == "acme" and sales["scores"]["2026-Q3"] == pytest.approx(0.5)
    objective = next(o for o in data["objectives"] if o["ref"] == "2026-Q3/sales/revenue-growth")
    assert objective["aligns_to"] == ["2026/acme/grow#revenue"]
    assert objective["aligned"] is True
    assert set(objective["key_results"][0]) >= {"id", "title", "type", "value", "score", "status"}
    assert data["kpis"][0]["ref"] == "sales/mrr"
    assert {"title", "value", "health", "stale"} <= set(data["kpis"][0])


def test_check_reports_a_syntax_error_in_a_site_theme_template_like_a_content_error(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'theme = "acme"\n')
    templates = site / "themes/acme/templates"
    templates.mkdir(parents=True)
    (templates / "team.html").write_text('{% extends "default/team.html" %}\n{% block content %}{% if %}{% endblock %}')
    (templates / "kpi.html").write_text('{% extends "default/kpi.html" %}')  # fine
    result = okrsite("check", cwd=site)
    assert result.returncode == 1
    assert "themes/acme/templates/team.html:2: error: template error: Expected an expression" in result.stdout
    assert "kpi.html" not in result.stdout
    github = okrsite("check", "--format", "github", cwd=site)
    assert "::error file=themes/acme/templates/team.html,line=2" in github.stdout
    (templates / "team.html").write_text('{% extends "default/team.html" %}')
    assert okrsite("check", cwd=site).returncode == 0


def test_export_hand_checked_numbers_of_the_fixture():
    data = json.loads(okrsite("export", cwd=FIXTURES / "tiny").stdout)
    objectives = {o["ref"]: o for o in data["objectives"]}
    # KPI-linked start = last snapshot before 2026-07-01 (110000, CSV); value = 2026-08-01 snapshot (130000):
    # (130000 - 110000) / (150000 - 110000) = 0.5; outlets 20 / 40 = 0.5 (the 2026-09-01 check-in is after as_of).
    win = objectives["2026-Q3/sales/revenue-growth"]
    assert [k["value"] for k in win["key_results"]] == [130000, 20]
    assert [k["score"] for k in win["key_results"]] == [0.5, 0.5]
    # E = 45/92 x 0.7 = 0.342; 0.5 >= E - 0.1, but confidence 60% is fine: green.
    assert (win["score"], win["status"]) == (0.5, "green")
    # (2.9 - 3.5) / (1.8 - 3.5) = 0.3529; milestone done = 1; mean 0.6765. Committed: E = 0.489, green.
    # The latest check-in with a confidence (0.4 on 07-15) lowers green to amber.
    trust = objectives["2026-Q3/support/fewer-defects"]
    assert trust["key_results"][0]["score"] == pytest.approx(0.3529, abs=1e-4)
    assert trust["score"] == pytest.approx(0.6765, abs=1e-4)
    assert trust["status"] == "amber" and trust["status_word"] == "at risk"
    # Ended quarter: 170 of 100 -> 200 is 0.7, milestone not done 0; mean 0.35 -> red "missed".
    pipeline = objectives["2026-Q2/sales/pipeline"]
    assert (pipeline["score"], pipeline["status"], pipeline["status_word"]) == (0.35, "red", "missed")
    q3 = next(p for p in data["periods"] if p["id"] == "2026-Q3")
    assert q3["alignment"] == pytest.approx(2 / 3, abs=1e-4)
    assert q3["orphans"] == ["2026-Q3/support/internal-tools"]


def test_as_of_option_overrides_the_config():
    data = json.loads(okrsite("export", "--as-of", "2026-09-05", cwd=FIXTURES / "tiny").stdout)
    win = next(o for o in data["objectives"] if o["ref"] == "2026-Q3/sales/revenue-growth")
    assert data["as_of"] == "2026-09-05"
    assert win["key_results"][1]["value"] == 39


def test_export_csv_has_one_row_per_key_result():
    result = okrsite("export", "--format", "csv", cwd=FIXTURES / "tiny")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10
    row = next(r for r in rows if r["objective"] == "2026-Q3/support/fewer-defects" and r["key_result"] == "kr1")
    assert (row["team"], row["period"], row["value"], row["score"], row["status"]) == (
        "support", "2026-Q3", "2.9", "0.3529", "amber")


def test_export_refuses_content_with_errors():
    result = okrsite("export", cwd=FIXTURES / "broken")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "content/kpis/sales/mrr.csv:3:12" in result.stderr


@pytest.mark.parametrize("args", [["check", "--as-of", "2026-02-30"], ["export", "--format", "xml"], ["frobnicate"]])
def test_usage_errors_exit_two(args):
    result = okrsite(*args, cwd=FIXTURES / "tiny")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_no_site_folder_is_a_usage_error(tmp_path):
    result = okrsite("check", cwd=tmp_path)
    assert result.returncode == 2
    assert "no okrsite.toml" in result.stderr



def test_csv_export_neutralises_cells_that_spreadsheets_would_run(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    path = site / "content/okrs/2026-Q3/sales/revenue-growth.md"
    path.write_text(path.read_text().replace("title: Sign new outlets", 'title: "=HYPERLINK(\\"http://x\\",\\"y\\")"')
                    .replace("title: Win the mid-market", 'title: "@SUM(1+1)"'))
    rows = list(csv.DictReader(io.StringIO(okrsite("export", "--format", "csv", cwd=site).stdout)))
    mine = [r for r in rows if r["objective"] == "2026-Q3/sales/revenue-growth"]
    assert {r["objective_title"] for r in mine} == {"'@SUM(1+1)"}
    assert "'=HYPERLINK(\"http://x\",\"y\")" in {r["key_result_title"] for r in mine}
    assert all(not r[c].startswith(("=", "+", "@")) for r in rows for c in r)
