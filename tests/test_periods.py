from datetime import date

import pytest

from okrsite.periods import elapsed, enclosing_ids, parse_period, period_of_day


def test_quarter_half_and_year_dates_with_calendar_fiscal_year():
    q3 = parse_period("2026-Q3")
    assert (q3.start, q3.end, q3.kind) == (date(2026, 7, 1), date(2026, 9, 30), "quarter")
    h1 = parse_period("2026-H1")
    assert (h1.start, h1.end) == (date(2026, 1, 1), date(2026, 6, 30))
    year = parse_period("2026")
    assert (year.start, year.end) == (date(2026, 1, 1), date(2026, 12, 31))


def test_fiscal_year_start_shifts_every_period():
    q1 = parse_period("2026-Q1", fiscal_year_start=4)
    assert (q1.start, q1.end) == (date(2026, 4, 1), date(2026, 6, 30))
    q4 = parse_period("2026-Q4", fiscal_year_start=4)
    assert (q4.start, q4.end) == (date(2027, 1, 1), date(2027, 3, 31))
    assert parse_period("2026", fiscal_year_start=7).end == date(2027, 6, 30)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026-q1", "2026-M1", "2026Q1", ""])
def test_invalid_periods_are_rejected(text):
    assert parse_period(text) is None


def test_elapsed_is_whole_days_before_as_of_over_period_days():
    q3 = parse_period("2026-Q3")
    assert elapsed(q3, date(2026, 8, 15)) == pytest.approx(45 / 92)
    assert elapsed(q3, date(2026, 6, 1)) == 0.0
    assert elapsed(q3, date(2026, 9, 30)) < 1.0
    assert elapsed(q3, date(2026, 10, 1)) == 1.0


def test_references_resolve_in_own_period_then_half_then_year():
    assert enclosing_ids(parse_period("2026-Q3")) == ["2026-Q3", "2026-H2", "2026"]
    assert enclosing_ids(parse_period("2026-H1")) == ["2026-H1", "2026"]
    assert enclosing_ids(parse_period("2026")) == ["2026"]


def test_period_of_day_honours_fiscal_year():
    assert period_of_day(date(2026, 8, 15), "quarter").id == "2026-Q3"
    assert period_of_day(date(2026, 2, 15), "quarter", fiscal_year_start=4).id == "2025-Q4"
