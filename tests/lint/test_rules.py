"""Each OKR-practice rule: a case that triggers it and a near miss that does not."""

from __future__ import annotations


from tests.conftest import copy_fixture, FixtureSite

Q3 = "content/okrs/2026-Q3/sales"
Q2 = "content/okrs/2026-Q2/sales"


def objective(title="Win the mid-market", key_results=None, extra="", aligns="acme/grow"):
    key_results = key_results or [
        "  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-08-10, value: 4}]}",
        "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}",
    ]
    align = f"aligns_to: {aligns}\n" if aligns else ""
    return f"---\ntitle: {title}\n{align}{extra}key_results:\n" + "\n".join(key_results) + "\n---\n"


FIXTURE_FUTURE = "content/okrs/2026-Q3/sales/revenue-growth.md"  # keeps a check-in after as_of: a warning


def findings(site: FixtureSite, rule: str):
    items = site.check()
    assert not [d for d in items if d.severity == "error"], items
    return [d for d in items if d.rule == rule and d.path != FIXTURE_FUTURE]


def test_clean_objective_has_no_findings(tiny):
    tiny.write(f"{Q3}/new.md", objective())
    assert [d for d in tiny.check() if d.path != FIXTURE_FUTURE] == []


def test_too_many_objectives(tiny):
    for n in range(4):
        tiny.write(f"{Q3}/extra-{n}.md", objective(title=f"Win market {chr(97 + n)}"))
    assert findings(tiny, "too-many-objectives") == []  # 5: the limit
    tiny.write(f"{Q3}/extra-9.md", objective(title="Win the last market"))
    found = findings(tiny, "too-many-objectives")
    assert len(found) == 1 and "team `sales` has 6 objectives in 2026-Q3 (more than 5)" in found[0].message


def test_key_result_count(tiny):
    one = ["  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-08-10, value: 4}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=one))
    found = findings(tiny, "key-result-count")
    assert [(d.path, d.line, d.message) for d in found] == [
        (f"{Q3}/new.md", 4, "objective has 1 key result (fewer than 2)")]
    six = [f"  - {{title: Result {n}, start: 0, target: 10, checkins: [{{date: 2026-08-10, value: 4}}]}}" for n in range(6)]
    tiny.write(f"{Q3}/new.md", objective(key_results=six))
    assert "6 key results (more than 5)" in findings(tiny, "key-result-count")[0].message
    tiny.write(f"{Q3}/new.md", objective(key_results=six[:5]))
    assert findings(tiny, "key-result-count") == []


def test_quantitative_objective(tiny):
    tiny.write(f"{Q3}/new.md", objective(title="Reach RM 2M in sales"))
    found = findings(tiny, "quantitative-objective")
    assert found and found[0].line == 2 and "(`RM 2`)" in found[0].message
    tiny.write(f"{Q3}/new.md", objective(title="Become the POS every hawker centre wants"))
    assert findings(tiny, "quantitative-objective") == []


def test_to_do_list(tiny):
    milestone = "  - {title: Ship step %s, type: milestone, checkins: [{date: 2026-08-10, done: false}]}"
    metric = "  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-08-10, value: 4}]}"
    tiny.write(f"{Q3}/new.md", objective(key_results=[milestone % 1, milestone % 2, metric]))
    assert "2 of 3 key results are milestones" in findings(tiny, "to-do-list")[0].message
    tiny.write(f"{Q3}/new.md", objective(key_results=[milestone % 1, metric, metric.replace("Sign", "Win")]))
    assert findings(tiny, "to-do-list") == []


def test_direction_mismatch(tiny):
    wrong = ["  - {title: Reduce churn, start: 2, target: 5, checkins: [{date: 2026-08-10, value: 3}]}",
             "  - {title: Grow revenue, start: 10, target: 5, checkins: [{date: 2026-08-10, value: 8}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=wrong))
    messages = [d.message for d in findings(tiny, "direction-mismatch")]
    assert messages == ["key result `kr1` says “Reduce” but its target 5 is above its start 2",
                        "key result `kr2` says “Grow” but its target 5 is below its start 10"]
    right = ["  - {title: Reduce churn, start: 5, target: 2, checkins: [{date: 2026-08-10, value: 3}]}",
             "  - {title: Improve response time, start: 10, target: 5, checkins: [{date: 2026-08-10, value: 8}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=right))
    assert findings(tiny, "direction-mismatch") == []


def test_orphan_objective(tiny):
    tiny.write(f"{Q3}/new.md", objective(aligns=None))
    found = findings(tiny, "orphan-objective")
    assert [(d.path, d.line) for d in found] == [(f"{Q3}/new.md", 2)]
    tiny.write(f"{Q3}/new.md", objective(aligns=None, extra="lint_ignore: [orphan-objective]\n"))
    assert findings(tiny, "orphan-objective") == []


def test_stale_checkin(tiny):
    old = ["  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-07-31, value: 4}]}",
           "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-01, value: 14}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=old))
    found = findings(tiny, "stale-checkin")
    assert [d.message.split(" (")[0] for d in found] == ["key result `kr1` has no check-in since 2026-07-31"]
    assert found[0].line == 5


def test_a_check_in_dated_after_as_of_is_named_with_both_dates_and_is_not_also_stale(tiny):
    """as_of 2026-08-15: a check-in dated 2026-08-20 is not counted, and says so at its own line."""
    future = ["  - title: Sign new outlets\n    start: 0\n    target: 10\n    checkins:\n"
              "      - {date: 2026-07-01, value: 2}\n      - {date: 2026-08-20, value: 4}",
              "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=future))
    found = findings(tiny, "future-checkin")
    assert [(d.line, d.message) for d in found] == [
        (10, "check-in of key result `kr1` dated 2026-08-20, after the as-of date 2026-08-15: not counted")]
    assert "--as-of" in found[0].hint
    assert [d for d in findings(tiny, "stale-checkin") if d.path.endswith("new.md")] == []
    project = __import__("okrsite.pipeline", fromlist=["run"]).run(tiny.root / "okrsite.toml")
    assert project.results.objectives["2026-Q3/sales/new"].key_results["kr1"].measure.value == 2


def test_a_check_in_dated_today_is_not_in_the_future(tiny):
    today = ["  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-08-15, value: 4}]}",
             "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=today))
    assert findings(tiny, "future-checkin") == []


def test_stale_checkin_waits_two_weeks_into_the_period(tiny):
    tiny.write("okrsite.toml", 'title = "Acme OKRs"\nas_of = 2026-07-14\n')
    none = ["  - {title: Sign new outlets, start: 0, target: 10}", "  - {title: Raise deals, start: 10, target: 20}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=none))
    assert [d for d in findings(tiny, "stale-checkin") if d.path.endswith("new.md")] == []


def test_stale_kpi(tiny):
    tiny.write("okrsite.toml", 'title = "Acme OKRs"\nas_of = 2026-10-02\n')
    found = findings(tiny, "stale-kpi")
    assert [d.message for d in found] == [
        "KPI `sales/mrr` newest value is from 2026-08-01, more than two monthly cadences before 2026-10-02"]
    tiny.write("okrsite.toml", 'title = "Acme OKRs"\nas_of = 2026-10-01\n')
    assert findings(tiny, "stale-kpi") == []


def test_copied_key_result(tiny):
    tiny.write("content/okrs/2026-Q3/sales/pipeline.md", objective(key_results=[
        "  - {title: Grow qualified pipeline, start: 170, target: 200, checkins: [{date: 2026-08-10, value: 180}]}",
        "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}"]))
    found = findings(tiny, "copied-key-result")
    assert len(found) == 1 and "2026-Q2/sales/pipeline#kr1" in found[0].message
    tiny.write("content/okrs/2026-Q3/sales/pipeline.md", objective(key_results=[
        "  - {title: Grow qualified pipeline, start: 170, target: 260, checkins: [{date: 2026-08-10, value: 180}]}",
        "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}"]))
    assert findings(tiny, "copied-key-result") == []


def test_sandbagging_objective_and_organization(tiny):
    tiny.write(f"{Q2}/easy.md", "---\ntitle: Keep the lights on\naligns_to: acme/grow\nkey_results:\n"
               "  - {title: Answer calls, start: 0, target: 10, current: 12}\n"
               "  - {title: Send invoices, start: 0, target: 10, current: 10}\n---\n")
    found = findings(tiny, "sandbagging")
    assert [d.path for d in found] == [f"{Q2}/easy.md"]
    assert "every key result of this aspirational objective scored 1.0 in 2026-Q2" in found[0].message
    tiny.remove("content/okrs/2026-Q2/sales/pipeline.md")
    organization = [d for d in findings(tiny, "sandbagging") if "organization" in d.message]
    assert organization and "averaged 1.00 in 2026-Q2 (above 0.9)" in organization[0].message
    tiny.write(f"{Q2}/easy.md", "---\ntitle: Keep the lights on\nkind: committed\naligns_to: acme/grow\n"
               "key_results:\n  - {title: Answer calls, start: 0, target: 10, current: 12}\n"
               "  - {title: Send invoices, start: 0, target: 10, current: 10}\n---\n")
    assert [d for d in findings(tiny, "sandbagging") if "organization" not in d.message] == []


def test_kpi_restated(tiny):
    restated = ["  - {title: Grow MRR, kpi: sales/mrr, target: 200000}",
                "  - {title: Raise average deal size, start: 10, target: 20, checkins: [{date: 2026-08-10, value: 14}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=restated))
    assert "targets 200000, the KPI `sales/mrr`'s own target" in findings(tiny, "kpi-restated")[0].message
    tiny.write(f"{Q3}/new.md", objective(key_results=[restated[0].replace("200000", "230000"), restated[1]]))
    assert findings(tiny, "kpi-restated") == []


def test_due_outside_period(tiny):
    krs = ["  - {title: Sign new outlets, start: 0, target: 10, due: 2026-10-15, checkins: [{date: 2026-08-10, value: 4}]}",
           "  - {title: Raise average deal size, start: 10, target: 20, due: 2026-09-30, checkins: [{date: 2026-08-10, value: 14}]}"]
    tiny.write(f"{Q3}/new.md", objective(key_results=krs))
    found = findings(tiny, "due-outside-period")
    assert [(d.line, d.message.split(",")[0]) for d in found] == [(5, "key result `kr1` is due 2026-10-15")]


def test_missing_owner(tiny):
    tiny.write("content/teams/sales.md", "---\nname: Sales\nparent: acme\n---\n")
    tiny.write(f"{Q3}/new.md", objective())
    found = [d for d in findings(tiny, "missing-owner") if d.path.endswith("new.md")]
    assert found and "team `sales` has no lead" in found[0].message
    tiny.write(f"{Q3}/new.md", objective(extra="owner: Priya Nair\n"))
    assert [d for d in findings(tiny, "missing-owner") if d.path.endswith("new.md")] == []


def test_too_many_kpis(tiny):
    for n in range(7):
        tiny.write(f"content/kpis/sales/k{n}.md", f"---\ntitle: K{n}\ntarget: 1\nsnapshots: [{{date: 2026-08-01, value: 1}}]\n---\n")
    found = findings(tiny, "too-many-kpis")
    assert len(found) == 1 and "tracks 8 KPIs (more than 7)" in found[0].message


def test_rules_can_be_switched_off_and_bounds_changed(tmp_path):
    site = FixtureSite(copy_fixture("tiny", tmp_path, "[lint]\norphan-objective = false\nkey-result-count = { min = 1 }\n"))
    one = ["  - {title: Sign new outlets, start: 0, target: 10, checkins: [{date: 2026-08-10, value: 4}]}"]
    site.write(f"{Q3}/new.md", objective(key_results=one, aligns=None))
    assert [d for d in site.check() if d.path != FIXTURE_FUTURE] == []


def test_unknown_rule_in_config_and_front_matter(tmp_path):
    site = FixtureSite(copy_fixture("tiny", tmp_path, "[lint]\norphan-objectives = false\n"))
    errors = site.errors()
    assert [(e.path, e.message, e.hint) for e in errors] == [
        ("okrsite.toml", "unknown lint rule `orphan-objectives`", "did you mean `orphan-objective`?")]
    site.write("okrsite.toml", 'title = "Acme"\nas_of = 2026-08-15\n')
    site.write(f"{Q3}/new.md", objective(extra="lint_ignore: [to-do-lists]\n"))
    found = [d for d in site.check() if d.rule == "lint-ignore"]
    assert found and found[0].hint == "did you mean `to-do-list`?" and found[0].line == 4


def test_ended_periods_are_not_linted_for_how_they_were_written(tiny):
    tiny.write(f"{Q2}/old.md", objective(title="Win 3 markets", aligns=None, key_results=[
        "  - {title: Sign new outlets, start: 0, target: 10, current: 5}",
        "  - {title: Raise average deal size, start: 10, target: 20, current: 15}"]))
    assert [d for d in tiny.check() if d.path.endswith("old.md")] == []
