from datetime import date

from okrsite.compute.kpis import compute_kpi, health, stale_after
from tests.factories import kpi


def test_higher_is_better_health():
    mrr = kpi(target=100, alert=90)
    assert [health(v, mrr) for v in (120, 100, 95, 90, 80)] == ["green", "green", "amber", "red", "red"]


def test_lower_is_better_health():
    churn = kpi(direction="lower", target=2.0, alert=3.0)
    assert [health(v, churn) for v in (1.5, 2.0, 2.5, 3.0, 4.0)] == ["green", "green", "amber", "red", "red"]


def test_newest_snapshot_on_or_before_as_of_gives_value_and_trend():
    mrr = kpi(snapshots=(("2026-06-01", 80), ("2026-07-01", 95), ("2026-08-01", 120)))
    result = compute_kpi(mrr, date(2026, 7, 15))
    assert (result.value, result.health, result.trend, result.improving) == (95, "amber", "up", True)


def test_falling_trend_is_improvement_for_lower_is_better():
    churn = kpi(direction="lower", target=2, alert=3, snapshots=(("2026-06-01", 3.5), ("2026-07-01", 2.5)))
    result = compute_kpi(churn, date(2026, 7, 15))
    assert (result.trend, result.improving) == ("down", True)


def test_monthly_kpi_is_stale_after_two_months_without_snapshot():
    assert stale_after(date(2026, 5, 31), "monthly") == date(2026, 7, 31)
    mrr = kpi(snapshots=(("2026-06-01", 80),))
    assert not compute_kpi(mrr, date(2026, 8, 1)).stale
    assert compute_kpi(mrr, date(2026, 8, 2)).stale


def test_weekly_and_daily_cadences():
    assert stale_after(date(2026, 8, 1), "weekly") == date(2026, 8, 15)
    assert stale_after(date(2026, 8, 1), "daily") == date(2026, 8, 3)
    assert stale_after(date(2026, 8, 1), "quarterly") == date(2027, 2, 1)


def test_kpi_without_counted_snapshots_is_stale_and_has_no_health():
    mrr = kpi(snapshots=(("2026-09-01", 80),))
    result = compute_kpi(mrr, date(2026, 8, 1))
    assert (result.value, result.health, result.stale) == (None, None, True)
