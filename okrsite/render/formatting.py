"""The one number formatter: values with units, scores, percentages and dates as people read them."""

from __future__ import annotations

from datetime import date

_PREFIX_UNITS = {"RM", "$", "USD", "MYR", "€", "£", "SGD", "S$"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plain(value: float, decimals: int = 2) -> str:
    """`1234567.0` -> `1,234,567`; `2.50` -> `2.5`; a minus sign that is a real minus."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


def number(value: float | None, unit: str = "") -> str:
    """A value with its unit: `RM 512,000`, `3.5%`, `4 days`; an em dash when there is none."""
    if value is None:
        return "—"
    text = plain(value)
    if not unit:
        return text
    if unit in _PREFIX_UNITS:
        return f"{unit} {text}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def delta(value: float) -> str:
    """A change of score with its sign: `+0.05`, `−0.12`, `±0.00`."""
    if round(value, 2) == 0:
        return "±0.00"
    return f"+{value:.2f}" if value > 0 else f"−{-value:.2f}"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100):d}%"


def day(value: date | None) -> str:
    """`19 Aug 2026`: unambiguous in every country."""
    return "—" if value is None else f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]}"


def month(value: date) -> str:
    """`Aug 2025`: a month no reader takes for a day."""
    return f"{_MONTHS[value.month - 1]} {value.year}"
