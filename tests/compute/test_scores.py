from datetime import date

import pytest

from okrsite.compute.scores import key_result_score, latest_confidence, measure, metric_score, weighted_mean
from okrsite.periods import parse_period
from tests.factories import checkin, key_result, kpi

Q3 = parse_period("2026-Q3")
AS_OF = date(2026, 8, 15)


def score(kr, as_of=AS_OF, linked=None):
    return key_result_score(kr, measure(kr, Q3, linked, as_of))


def test_metric_score_is_progress_from_start_to_target():
    assert metric_score(30, 0, 40) == pytest.approx(0.75)


def test_lower_is_better_kr_scores_progress_downwards():
    assert metric_score(2.9, 3.5, 1.8) == pytest.approx(0.6 / 1.7)


def test_value_past_target_is_clamped_to_one():
    assert metric_score(55, 0, 40) == 1.0
    assert metric_score(1.0, 3.5, 1.8) == 1.0


def test_value_behind_start_is_clamped_to_zero():
    assert metric_score(-5, 0, 40) == 0.0
    assert metric_score(4.2, 3.5, 1.8) == 0.0


def test_value_is_latest_checkin_then_current_then_start():
    with_checkins = key_result(current=7, checkins=(checkin("2026-07-03", 2), checkin("2026-08-01", 4)))
    assert measure(with_checkins, Q3, None, AS_OF).value == 4
    assert measure(key_result(current=7), Q3, None, AS_OF).value == 7
    assert measure(key_result(start=3, target=9), Q3, None, AS_OF).value == 3


def test_checkins_after_as_of_are_ignored():
    kr = key_result(checkins=(checkin("2026-08-10", 4), checkin("2026-08-16", 9)))
    assert score(kr) == pytest.approx(0.4)
    assert score(kr, as_of=date(2026, 8, 16)) == pytest.approx(0.9)


def test_checkin_without_value_does_not_reset_the_value():
    kr = key_result(checkins=(checkin("2026-07-10", 5), checkin("2026-08-01", None, confidence=0.3)))
    assert score(kr) == pytest.approx(0.5)
    assert latest_confidence(kr, Q3, AS_OF) == 0.3


def test_milestone_scores_one_when_done_else_zero():
    assert score(key_result(type="milestone", start=None, target=None, done=True)) == 1.0
    assert score(key_result(type="milestone", start=None, target=None)) == 0.0


def test_milestone_latest_checkin_done_wins_over_front_matter():
    kr = key_result(type="milestone", start=None, target=None, done=False,
                    checkins=(checkin("2026-07-10", done=False), checkin("2026-08-02", done=True)))
    assert score(kr) == 1.0
    assert score(kr, as_of=date(2026, 8, 1)) == 0.0


def test_kpi_linked_value_is_latest_snapshot_inside_the_period():
    mrr = kpi(snapshots=(("2026-06-01", 110), ("2026-07-01", 120), ("2026-08-01", 130), ("2026-08-20", 150)))
    kr = key_result(start=110, target=150, kpi="finance/mrr")
    found = measure(kr, Q3, mrr, AS_OF)
    assert (found.value, found.source, found.on) == (130, "kpi", date(2026, 8, 1))
    assert key_result_score(kr, found) == pytest.approx(0.5)


def test_kpi_linked_without_snapshot_in_period_falls_back_to_start():
    mrr = kpi(snapshots=(("2026-06-01", 110),))
    kr = key_result(start=110, target=150, kpi="finance/mrr")
    assert measure(kr, Q3, mrr, AS_OF).value == 110


def test_weights_pull_the_objective_score():
    assert weighted_mean([(1.0, 3.0), (0.0, 1.0)]) == pytest.approx(0.75)
    assert weighted_mean([(0.5, 1.0), (0.5, 1.0)]) == pytest.approx(0.5)
