"""Periods (`YYYY-Qn`, `YYYY-Hn`, `YYYY`) and their dates under a fiscal year start month.

Fiscal year `YYYY` begins on the first day of month `fiscal_year_start` of calendar year
`YYYY`: with `fiscal_year_start = 4`, `2026` runs 2026-04-01 .. 2027-03-31 and `2026-Q1`
is April to June 2026.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta


PERIOD_PATTERN = re.compile(r"(\d{4})(?:-([QH])(\d))?")


@dataclass(frozen=True, slots=True)
class Period:
    id: str
    kind: str  # quarter | half | year
    year: int
    number: int  # 1-4 for quarters, 1-2 for halves, 0 for a year
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def sort_key(self) -> tuple[date, int]:
        """Chronological, the longer period first when two start together."""
        return (self.start, -self.days)


def _add_months(year: int, month: int, months: int) -> date:
    index = year * 12 + (month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


@functools.lru_cache(maxsize=4096)
def parse_period(text: str, fiscal_year_start: int = 1) -> Period | None:
    """The period a folder name stands for, or None when it is not a valid period id (remembered:
    every objective file names one of a few periods, and one object each keeps comparisons cheap)."""
    match = PERIOD_PATTERN.fullmatch(text)
    if not match:
        return None
    year = int(match.group(1))
    letter, digit = match.group(2), match.group(3)
    if letter is None:
        kind, number, months, length = "year", 0, 0, 12
    else:
        number = int(digit)
        if letter == "Q" and 1 <= number <= 4:
            kind, months, length = "quarter", 3 * (number - 1), 3
        elif letter == "H" and 1 <= number <= 2:
            kind, months, length = "half", 6 * (number - 1), 6
        else:
            return None
    if not 1 <= year <= 9998:
        return None
    start = _add_months(year, fiscal_year_start, months)
    end = _add_months(year, fiscal_year_start, months + length) - timedelta(days=1)
    return Period(text, kind, year, number, start, end)


def enclosing_ids(period: Period) -> list[str]:
    """Where a reference without a period resolves: the period itself, its half, its year."""
    ids = [period.id]
    if period.kind == "quarter":
        ids.append(f"{period.year}-H{(period.number + 1) // 2}")
    if period.kind != "year":
        ids.append(str(period.year))
    return ids


def elapsed(period: Period, as_of: date) -> float:
    """Fraction of the period passed at `as_of`: whole days before it over the period's days."""
    return min(1.0, max(0.0, (as_of - period.start).days / period.days))


def period_of_day(day: date, kind: str, fiscal_year_start: int = 1) -> Period:
    """The quarter, half or year that contains `day`."""
    months_in = (day.year * 12 + day.month - 1) - (day.year * 12 + fiscal_year_start - 1)
    year = day.year if months_in >= 0 else day.year - 1
    months_in %= 12
    text = {"quarter": f"{year}-Q{months_in // 3 + 1}", "half": f"{year}-H{months_in // 6 + 1}", "year": str(year)}[kind]
    period = parse_period(text, fiscal_year_start)
    assert period is not None
    return period
