"""Every kind of bad input gives the right file, line and a useful message."""

from __future__ import annotations

import pytest

OBJ = "content/okrs/2026-Q3/sales/new.md"


def only_error(site, contains: str):
    errors = site.errors()
    matching = [e for e in errors if contains in e.message]
    assert matching, f"no error containing {contains!r} in {errors}"
    return matching[0]


def assert_at(diagnostic, path: str, line: int, column: int | None = None):
    assert (diagnostic.path, diagnostic.line) == (path, line), diagnostic
    if column is not None:
        assert diagnostic.column == column, diagnostic


def test_fixture_site_is_clean(tiny):
    assert tiny.errors() == []


def test_yaml_syntax_error_gives_line_in_the_file(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: Win: the market\n    start: 0\n    target: 5\n---\n")
    error = only_error(tiny, "YAML syntax error")
    assert_at(error, OBJ, 4, 15)
    assert "mapping values are not allowed" in error.message
    assert "quote" in error.hint


def test_tab_in_indentation(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n\tstart: 0\n    target: 5\n---\n")
    error = only_error(tiny, "tab character in indentation")
    assert_at(error, OBJ, 5, 1)
    assert "spaces" in error.hint


def test_duplicate_key_points_at_the_second_one(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n    target: 6\n---\n")
    error = only_error(tiny, "duplicate key `target`")
    assert_at(error, OBJ, 7, 5)
    assert "line 6" in error.message


def test_unknown_key_suggests_the_known_one(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    targt: 5\n---\n")
    errors = tiny.errors()
    unknown = only_error(tiny, "unknown key `targt`")
    assert_at(unknown, OBJ, 6, 5)
    assert unknown.hint == "did you mean `target`?"
    assert not any("has no `target`" in e.message for e in errors)  # one mistake, one message


def test_wrong_type(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: lots\n    target: 5\n---\n")
    error = only_error(tiny, "must be a number")
    assert_at(error, OBJ, 5, 12)
    assert "`lots`" in error.message


def test_missing_required_key(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - start: 0\n    target: 5\n---\n")
    error = only_error(tiny, "has no `title`")
    assert_at(error, OBJ, 4, 5)
    assert "key result" in error.message


def test_missing_key_results(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nowner: Priya\n---\n")
    assert_at(only_error(tiny, "objective has no `key_results`"), OBJ, 2)


def test_impossible_date(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n"
                    "    checkins:\n      - {date: 2026-02-30, value: 1}\n---\n")
    error = only_error(tiny, "is `2026-02-30`, which is not a real date")
    assert_at(error, OBJ, 8, 16)


@pytest.mark.parametrize("confidence", ["1.5", '"150%"', "-0.1", "70"])
def test_confidence_outside_zero_to_one(tiny, confidence):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n"
                    f"    checkins:\n      - date: 2026-07-02\n        confidence: {confidence}\n---\n")
    error = only_error(tiny, "outside 0-1")
    assert_at(error, OBJ, 9, 21)
    assert "70%" in error.hint


def test_target_equal_to_start(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 5\n    target: 5\n---\n")
    error = only_error(tiny, "equals its `start`")
    assert_at(error, OBJ, 6, 13)


def test_team_folder_that_does_not_exist(tiny):
    path = "content/okrs/2026-Q3/salse/new.md"
    tiny.write(path, "---\ntitle: Win\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "folder `salse` is not a team")
    assert_at(error, path, 1)
    assert error.hint == "did you mean `sales`?"


def test_parent_team_that_does_not_exist(tiny):
    tiny.write("content/teams/mobile.md", "---\nname: Mobile\nlead: Ali\nparent: enginering\n---\n")
    error = only_error(tiny, "parent team `enginering`")
    assert_at(error, "content/teams/mobile.md", 4)


def test_invalid_period_folder(tiny):
    path = "content/okrs/2026-Q5/sales/new.md"
    tiny.write(path, "---\ntitle: Win\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "`2026-Q5` is not a period")
    assert_at(error, path, 1)
    assert "YYYY-Qn" in error.hint


def test_aligns_to_an_objective_that_does_not_exist(tiny):
    tiny.write(OBJ, "---\ntitle: Win\naligns_to: acme/glow\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "`aligns_to: acme/glow` matches no objective")
    assert_at(error, OBJ, 3, 12)
    assert error.hint == "did you mean `acme/grow`?"
    assert "in 2026-Q3, 2026-H2 or 2026" in error.message


def test_aligns_to_a_key_result_that_does_not_exist(tiny):
    tiny.write(OBJ, "---\ntitle: Win\naligns_to:\n  - acme/grow#revenu\nkey_results:\n"
                    "  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "has no key result `revenu`")
    assert_at(error, OBJ, 4, 5)
    assert error.hint == "did you mean `revenue`?"


def test_aligns_to_a_later_period(tiny):
    path = "content/okrs/2026-Q2/sales/early.md"
    tiny.write(path, "---\ntitle: Win\naligns_to: 2026-Q3/sales/revenue-growth\nkey_results:\n"
                     "  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "points into 2026-Q3, which starts after 2026-Q2")
    assert_at(error, path, 3, 12)


def test_alignment_cycle(tiny):
    tiny.write(OBJ, "---\ntitle: Win\naligns_to: support/fewer-defects\nkey_results:\n"
                    "  - {title: A, start: 0, target: 5}\n---\n")
    tiny.write("content/okrs/2026-Q3/support/fewer-defects.md",
               "---\ntitle: Trust\naligns_to: sales/new\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "alignment cycle")
    assert error.path in (OBJ, "content/okrs/2026-Q3/support/fewer-defects.md")
    assert error.line == 3
    assert "2026-Q3/sales/new" in error.message and "2026-Q3/support/fewer-defects" in error.message


def test_objective_aligning_to_itself_is_a_cycle(tiny):
    tiny.write(OBJ, "---\ntitle: Win\naligns_to: sales/new\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    assert_at(only_error(tiny, "alignment cycle"), OBJ, 3, 12)


def test_team_parent_cycle(tiny):
    tiny.write("content/teams/a.md", "---\nname: A\nparent: b\n---\n")
    tiny.write("content/teams/b.md", "---\nname: B\n\nparent: a\n---\n")
    errors = [e for e in tiny.errors() if "cycle" in e.message]
    assert {(e.path, e.line) for e in errors} == {("content/teams/a.md", 3), ("content/teams/b.md", 4)}


def test_several_root_teams(tiny):
    tiny.write("content/teams/other.md", "---\nname: Other company\n---\n")
    errors = [e for e in tiny.errors() if "several teams have no `parent`" in e.message]
    assert {(e.path, e.line) for e in errors} == {("content/teams/acme.md", 1), ("content/teams/other.md", 1)}


def test_no_root_team(tiny):
    tiny.write("content/teams/acme.md", "---\nname: Acme\nparent: sales\n---\n")
    errors = tiny.errors()
    assert any("no team is the root" in e.message or "cycle" in e.message for e in errors)
    cycle = only_error(tiny, "team parents form a cycle")
    assert_at(cycle, "content/teams/acme.md", 3)


def test_unknown_kpi(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    target: 5\n    kpi: sales/mmr\n---\n")
    error = only_error(tiny, "uses KPI `sales/mmr`, which does not exist")
    assert_at(error, OBJ, 6)
    assert error.hint == "did you mean `sales/mrr`?"


def test_bad_csv_row_gives_its_csv_line(tiny):
    csv = "content/kpis/sales/mrr.csv"
    tiny.write(csv, "date,value,note\n2026-05-01,100000,May\n2026-06-01,RM110k,\n2026-13-01,1,\n")
    errors = [e for e in tiny.errors() if e.path == csv]
    assert [(e.line, e.message) for e in errors] == [
        (3, "`RM110k` is not a number"), (4, "`2026-13-01` is not a date (YYYY-MM-DD)"),
    ]


def test_file_that_is_not_utf8(tiny):
    tiny.write(OBJ, "---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    error = only_error(tiny, "not UTF-8")
    assert_at(error, OBJ, 2, 11)
    assert "UTF-8" in error.hint


def test_unclosed_front_matter(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - {title: A, start: 0, target: 5}\n\nBody text\n")
    error = only_error(tiny, "never closed")
    assert_at(error, OBJ, 1)


def test_empty_file(tiny):
    tiny.write(OBJ, "")
    assert_at(only_error(tiny, "file is empty"), OBJ, 1)


def test_title_that_yaml_turned_into_a_boolean_says_to_quote_it(tiny):
    tiny.write(OBJ, "---\ntitle: no\nkey_results:\n  - {title: A, start: 0, target: 5}\n---\n")
    error = only_error(tiny, "`title` of objective is `no`, which YAML reads as the yes/no value false")
    assert_at(error, OBJ, 2, 8)
    assert 'title: "no"' in error.hint


def test_sexagesimal_number_is_an_error_not_ninety(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - {title: A, start: 0, target: 1:30}\n---\n")
    assert_at(only_error(tiny, "base-60"), OBJ, 4)


def test_numbers_in_text_fields_keep_what_was_written(tiny):
    from okrsite.pipeline import run

    tiny.write(OBJ, "---\ntitle: 1_000 outlets\nkey_results:\n  - {title: 1_000, start: 0, target: 5}\n---\n")
    project = run(tiny.root / "okrsite.toml")
    assert not project.diagnostics.has_errors
    objective = project.site.objectives["2026-Q3/sales/new"]
    assert objective.key_results[0].title == "1_000"


def test_bom_and_crlf_are_fine(tiny):
    tiny.write(OBJ, "\ufeff---\r\ntitle: Win\r\nkey_results:\r\n  - {title: A, start: 0, target: 5}\r\n---\r\nBody\r\n")
    assert tiny.errors() == []


def test_every_problem_of_a_run_is_reported_sorted_by_file_and_line(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 5\n    target: 5\n    colour: red\n---\n")
    tiny.write("content/okrs/2026-Q3/sales/another.md", "")
    tiny.write("content/teams/zeta.md", "---\nname: Z\nparent: nowhere\n---\n")
    errors = tiny.errors()
    assert [(e.path, e.line) for e in errors] == [
        ("content/okrs/2026-Q3/sales/another.md", 1),
        (OBJ, 6),
        (OBJ, 7),
        ("content/teams/zeta.md", 3),
    ]


def test_a_broken_file_is_not_reported_again_by_what_points_at_it(tiny):
    tiny.write("content/okrs/2026/acme/grow.md", "---\ntitle: [unclosed\n---\n")
    tiny.write("content/kpis/sales/mrr.md", "---\ntitle: MRR\ntarget: 1\n\tunit: RM\n---\n")
    tiny.write("content/teams/support.md", "")
    errors = tiny.errors()
    assert sorted({e.path for e in errors}) == [
        "content/kpis/sales/mrr.md", "content/okrs/2026/acme/grow.md", "content/teams/support.md",
    ]


def test_empty_key_result_id_is_an_error(tiny):
    tiny.write(OBJ, '---\ntitle: Win\nkey_results:\n  - {id: "", title: A, start: 0, target: 5}\n---\n')
    assert_at(only_error(tiny, "key result id `` is not a valid id"), OBJ, 4)


def test_dates_without_zero_padding_are_read_as_yaml_reads_them(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n"
                    "    checkins:\n      - {date: 2026-8-1, value: 1}\n---\n")
    assert tiny.errors() == []


def test_checkin_outside_the_period_is_a_warning_and_does_not_count(tiny):
    from okrsite.pipeline import run

    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n"
                    "    checkins:\n      - {date: 2026-07-02, value: 1}\n      - {date: 2025-08-01, value: 4}\n---\n")
    warnings = [d for d in tiny.check() if d.rule == "checkin-outside-period"]
    assert [(w.severity, w.line) for w in warnings] == [("warning", 9)]
    assert "outside 2026-Q3" in warnings[0].message and "does not count" in warnings[0].message
    project = run(tiny.root / "okrsite.toml")
    assert project.results.objectives["2026-Q3/sales/new"].key_results["kr1"].measure.value == 1


@pytest.mark.skipif(__import__("os").geteuid() == 0, reason="root reads every file")
def test_unreadable_file_is_a_diagnostic(tiny):
    path = tiny.write(OBJ, "---\ntitle: Win\n---\n")
    path.chmod(0)
    assert_at(only_error(tiny, "cannot read the file"), OBJ, 0)


def test_unreadable_file_is_a_diagnostic_even_as_root(tiny):
    from okrsite.diagnostics import Diagnostics
    from okrsite.loader import load_content

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    diagnostics = Diagnostics()
    raw = load_content(tiny.root, "content", diagnostics, refuse)
    assert raw.objectives == []
    assert {d.message for d in diagnostics.items} == {"cannot read the file: Permission denied"}


@pytest.mark.parametrize("start, target, line", [("0", "1e308", 6), ("-1e308", "1e308", 5), ("0", "1e16", 6)])
def test_numbers_too_large_to_compute_with_are_errors_at_their_line(tiny, start, target, line):
    """1e308 is finite, but `target - start` would be infinite and a key result at its target score 0."""
    tiny.write(OBJ, f"---\ntitle: Win\nkey_results:\n  - title: A\n    start: {start}\n    target: {target}\n---\n")
    error = only_error(tiny, "too large a number")
    assert_at(error, OBJ, line)
    assert "up to 1e15" in error.hint


def test_check_in_and_csv_values_too_large_are_errors(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n"
                    "    checkins:\n      - {date: 2026-07-02, value: 1e400}\n---\n")
    assert_at(only_error(tiny, "`value` of check-in 1 of key result `kr1` is `1e400`, too large"), OBJ, 8, 35)
    tiny.write("content/kpis/sales/mrr.csv", "date,value\n2026-05-01,9e99\n")
    assert_at(only_error(tiny, "`9e99` is too large a number"), "content/kpis/sales/mrr.csv", 2, 12)


def test_nul_in_front_matter_is_reported_at_its_line_and_column_in_one_line(tiny):
    tiny.write(OBJ, '---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n'
                    '    checkins:\n      - {date: 2026-07-02, value: 1, note: "a\0b"}\n---\n')
    error = only_error(tiny, "control character U+0000")
    assert_at(error, OBJ, 8, 46)
    assert "\n" not in error.message + error.hint
    assert "\\x00" in error.hint


MAINTAIN = "---\ntitle: Win\nkey_results:\n  - title: Keep uptime\n    type: maintain\n{keys}---\n"


@pytest.mark.parametrize(("keys", "message", "line"), [
    ("    unit: '%'\n", "key result `kr1` has no `threshold`", 4),
    ("    threshold: 99.9\n    start: 0\n", "`start` has no meaning for maintain key result `kr1`", 7),
    ("    threshold: 99.9\n    target: 100\n", "`target` has no meaning for maintain key result `kr1`", 7),
    ("    threshold: 99.9\n    done: true\n", "`done` has no meaning for maintain key result `kr1`", 7),
    ("    threshold: 99.9\n    direction: up\n", "`direction` of key result `kr1` must be one of higher, lower", 7),
    ("    threshold: lots\n", "`threshold` of key result `kr1` must be a number", 6),
])
def test_maintain_key_results_name_what_is_wrong(tiny, keys, message, line):
    tiny.write(OBJ, MAINTAIN.format(keys=keys))
    assert_at(only_error(tiny, message), OBJ, line)


def test_threshold_and_direction_have_no_meaning_for_metrics_and_milestones(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 0\n    target: 5\n    threshold: 3\n"
                    "  - title: B\n    type: milestone\n    direction: lower\n---\n")
    assert_at(only_error(tiny, "`threshold` has no meaning for metric key result `kr1`"), OBJ, 7)
    assert_at(only_error(tiny, "`direction` has no meaning for milestone key result `kr2`"), OBJ, 10)


def test_target_equal_to_start_suggests_a_maintain_key_result(tiny):
    tiny.write(OBJ, "---\ntitle: Win\nkey_results:\n  - title: A\n    start: 5\n    target: 5\n---\n")
    assert "use `type: maintain` with a `threshold`" in only_error(tiny, "equals its `start`").hint


def test_a_kpi_fed_maintain_key_result_takes_the_kpis_direction(tiny):
    tiny.write(OBJ, MAINTAIN.format(keys="    threshold: 120000\n    kpi: sales/mrr\n"))
    assert tiny.errors() == []
    project = __import__("okrsite.pipeline", fromlist=["run"]).run(tiny.root / "okrsite.toml")
    key_result = project.site.objectives["2026-Q3/sales/new"].key_results[0]
    assert key_result.direction == "higher"
    assert project.results.objectives["2026-Q3/sales/new"].key_results["kr1"].measure.held == 2  # 120000, 130000
