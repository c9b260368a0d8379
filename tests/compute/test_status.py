import pytest

from okrsite.compute.status import expected_score, status, status_word
from okrsite.config import StatusThresholds

T = StatusThresholds()


def test_aspirational_pace_is_seventy_percent_of_elapsed():
    assert expected_score(0.5, "aspirational", T) == pytest.approx(0.35)
    assert expected_score(0.5, "committed", T) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("score", "kind", "expected"),
    [
        (0.25, "aspirational", "green"),  # E = 0.35, green from 0.25
        (0.24, "aspirational", "amber"),
        (0.10, "aspirational", "amber"),  # amber from E - 0.25 = 0.10
        (0.09, "aspirational", "red"),
        (0.40, "committed", "green"),  # E = 0.5
        (0.39, "committed", "amber"),
        (0.24, "committed", "red"),
    ],
)
def test_status_during_the_period_compares_with_expected_pace(score, kind, expected):
    assert status(score, 0.5, kind, None, T) == expected


def test_committed_needs_more_than_aspirational_at_the_same_score():
    assert status(0.3, 0.5, "aspirational", None, T) == "green"
    assert status(0.3, 0.5, "committed", None, T) == "amber"


@pytest.mark.parametrize(("score", "expected"), [(0.7, "green"), (0.69, "amber"), (0.4, "amber"), (0.39, "red")])
def test_status_after_the_period_uses_fixed_thresholds(score, expected):
    assert status(score, 1.0, "committed", None, T) == expected


def test_low_confidence_lowers_green_to_amber():
    assert status(0.5, 0.5, "aspirational", 0.4, T) == "amber"
    assert status(0.5, 0.5, "aspirational", 0.5, T) == "green"


def test_confidence_never_raises_a_status():
    assert status(0.0, 0.5, "aspirational", 1.0, T) == "red"
    assert status(0.2, 0.5, "aspirational", 0.1, T) == "amber"


def test_confidence_does_not_change_an_ended_period():
    assert status(0.8, 1.0, "aspirational", 0.2, T) == "green"


def test_words_differ_during_and_after_the_period():
    assert [status_word(c, False) for c in ("green", "amber", "red")] == ["on track", "at risk", "off track"]
    assert [status_word(c, True) for c in ("green", "amber", "red")] == ["achieved", "partly achieved", "missed"]


def test_thresholds_are_configurable():
    strict = StatusThresholds(aspirational_goal=1.0, green_margin=0.0)
    assert status(0.4, 0.5, "aspirational", None, strict) == "amber"


from datetime import date  # noqa: E402

from okrsite.compute import compute  # noqa: E402
from tests.factories import checkin, key_result, kpi, objective, site, team  # noqa: E402


def milestone_result(as_of: str, *, done: bool = False, confidence: float | None = None, due: str = "2026-09-30"):
    """A milestone key result of 2026-Q3 beside a metric one right on pace, computed at `as_of`."""
    checkins = (checkin("2026-07-02", done=done, confidence=confidence),)
    milestone = key_result("ship", type="milestone", start=None, target=None, checkins=checkins, due=due)
    found = compute(site([team("acme")], [objective("2026-Q3/acme/launch", milestone)]),
                    date.fromisoformat(as_of), T)
    return found.objectives["2026-Q3/acme/launch"]


@pytest.mark.parametrize(("as_of", "due", "status", "word"), [
    ("2026-08-15", "2026-09-30", "green", "on track"),  # mid-quarter: not due for six weeks
    ("2026-09-16", "2026-09-30", "green", "on track"),  # 14 days before
    ("2026-09-17", "2026-09-30", "amber", "at risk"),  # the last 14 days, the due day included
    ("2026-09-30", "2026-09-30", "amber", "at risk"),  # due today: not yet late
    ("2026-08-16", "2026-08-15", "red", "off track"),  # overdue
    ("2026-08-01", "2026-08-15", "green", "on track"),  # exactly 14 days before: still on track
    ("2026-08-02", "2026-08-15", "amber", "at risk"),
])
def test_an_unfinished_milestone_is_judged_by_its_due_date(as_of, due, status, word):
    result = milestone_result(as_of, due=due)
    key_result_status = result.key_results["ship"]
    assert (key_result_status.status, key_result_status.word, key_result_status.score) == (status, word, 0.0)


def test_an_objective_of_one_milestone_due_at_quarter_end_is_on_track_mid_quarter():
    result = milestone_result("2026-08-15")
    assert (result.status, result.expected, result.score) == ("green", 0.0, 0.0)
    assert milestone_result("2026-10-01").word == "missed"  # the period is over: by score


def test_a_done_milestone_is_on_track_and_low_confidence_only_lowers_it():
    assert milestone_result("2026-09-29", done=True).key_results["ship"].status == "green"
    assert milestone_result("2026-08-15", confidence=0.3).key_results["ship"].status == "amber"
    assert milestone_result("2026-09-20", confidence=0.3).key_results["ship"].status == "amber"
    assert milestone_result("2026-08-16", due="2026-08-15", confidence=0.9).key_results["ship"].status == "red"


def maintain_result(as_of: str, values: tuple[float, ...], *, direction: str = "higher", kpi_values=None,
                    confidence: float | None = None):
    """An objective of 2026-Q3 with one maintain key result: hold 99.9 (or at most 4 with `lower`)."""
    threshold = 99.9 if direction == "higher" else 4.0
    days = ("2026-07-07", "2026-07-14", "2026-07-21", "2026-08-04", "2026-09-01")
    checkins = tuple(checkin(d, v, confidence=confidence) for d, v in zip(days, values))
    linked = kpi("ops/uptime", snapshots=tuple(zip(days, kpi_values))) if kpi_values else None
    maintain = key_result("up", type="maintain", start=None, target=None, threshold=threshold, direction=direction,
                          checkins=checkins, kpi="ops/uptime" if linked else None)
    found = compute(site([team("acme")], [objective("2026-Q3/acme/keep", maintain)], [linked] if linked else []),
                    date.fromisoformat(as_of), T)
    return found.objectives["2026-Q3/acme/keep"]


@pytest.mark.parametrize(("values", "score", "status"), [
    ((99.95, 99.8, 99.92, 99.97), 0.75, "green"),  # the latest holds: on track; 3 of 4 held
    ((99.95, 99.92, 99.9), 1.0, "green"),  # the line itself holds
    ((99.95, 99.5), 0.5, "amber"),  # missed by 0.4, less than 5 % of 99.9
    ((99.95, 90.0), 0.5, "red"),  # missed by more
])
def test_maintain_scores_the_share_that_held_and_is_judged_by_its_latest_value(values, score, status):
    result = maintain_result("2026-08-15", values).key_results["up"]
    assert (result.score, result.status) == (pytest.approx(score), status)
    assert result.measure.value == values[-1] and result.measure.observed == len(values)


def test_maintain_below_a_threshold_and_fed_by_a_kpi():
    lower = maintain_result("2026-08-15", (3.5, 4.0, 4.1), direction="lower").key_results["up"]
    assert (lower.score, lower.status) == (pytest.approx(2 / 3), "amber")  # 4.1 misses 4 by 2.5 %
    fed = maintain_result("2026-08-15", (), kpi_values=(99.95, 99.0, 99.99, 99.91, 99.0)).key_results["up"]
    assert (fed.measure.source, fed.measure.observed, fed.score, fed.status) == ("kpi", 4, 0.75, "green")


def test_maintain_counts_only_values_up_to_as_of_and_is_judged_by_score_after_the_period():
    early = maintain_result("2026-07-15", (99.95, 99.8, 99.92)).key_results["up"]
    assert (early.measure.observed, early.status) == (2, "amber")
    ended = maintain_result("2026-10-01", (99.95, 99.8, 99.92, 99.97, 99.0)).key_results["up"]
    assert (ended.score, ended.word) == (0.6, "partly achieved")
    assert maintain_result("2026-08-15", (99.95,), confidence=0.3).key_results["up"].status == "amber"
    nothing = maintain_result("2026-07-03", ()).key_results["up"]
    assert (nothing.score, nothing.measure.source, nothing.status) == (0.0, "none", "green")  # too early to tell
