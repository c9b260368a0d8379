"""Check-ins and KPI snapshots: the dated values of key results and KPIs, one reader for both.

A large site has hundreds of thousands of them, nearly all well-formed. Such a one is read straight
from its nodes with the very functions the `Reader` uses (`_as_written`); the `Reader`, which words
every problem, reads the others. A differential test holds the two ways to the same results.
"""

from __future__ import annotations

import functools
from operator import itemgetter
from typing import Callable

from okrsite import schema
from okrsite.diagnostics import said
from okrsite.i18n import N_
from okrsite.frontmatter import Mapping, Scalar
from okrsite.model import CheckIn
from okrsite.periods import Period
from okrsite.validate.fields import Reader, boolean_of, date_of, number_of, text_of

_BY_DATE = itemgetter(0, 5)  # a CheckIn's date, then its line


def read_checkins(reader: Reader, is_metric: bool, period: Period) -> tuple[CheckIn, ...]:
    """The check-ins of the key result `reader` reads, by date; those outside `period` are warned of."""
    checkins: list[CheckIn] = []
    what = reader.what
    for index, mapping in enumerate(reader.mapping_list("checkins"), start=1):
        checkin = read_dated(reader, mapping, schema.CHECKIN, lambda: f"check-in {index} of {what}")
        entries = mapping.entries
        if is_metric and "done" in entries:
            reader.error(entries["done"], f"`done` in a check-in of metric {what}",
                         "metric check-ins give `value:`", rule="milestone")
        if not is_metric and "value" in entries:
            reader.error(entries["value"], f"`value` in a check-in of milestone {what}",
                         "milestone check-ins give `done: true` or `done: false`", rule="milestone")
        if checkin.date is None:
            continue
        if not period.contains(checkin.date):
            reader.diagnostics.warning(reader.path, mapping.line, mapping.column, "checkin-outside-period",
                                       said(N_("check-in dated %(day)s is outside %(period)s (%(start)s to %(end)s) "
                                               "and does not count"), day=checkin.date, period=period.id,
                                            start=period.start, end=period.end),
                                       N_("check the year and month of the date"))
        checkins.append(checkin)
    return tuple(sorted(checkins, key=_BY_DATE))


def read_dated(reader: Reader, mapping: Mapping, keys: dict[str, schema.Key], what: Callable[[], str]) -> CheckIn:
    """A check-in, or a KPI snapshot (a check-in without `done` and `confidence`), from its mapping in
    the file `reader` reads; `keys` are those it may have, `what()` names it in messages. Its date or
    value is None when missing or wrong, and what is wrong is reported."""
    usual = _as_written(mapping, keys)
    if usual is not None:
        return usual
    item = Reader(reader.path, mapping, reader.diagnostics, what())
    item.check_keys(keys)
    day = item.date("date", required=True)
    value = item.number("value", required=keys["value"].required)
    done = item.boolean("done") if "done" in keys else None
    confidence = _read_confidence(item) if "confidence" in keys else None
    note = item.text("note") or ""
    return CheckIn(day, value, done, confidence, note, mapping.line)  # type: ignore[arg-type]


def _as_written(mapping: Mapping, keys: dict[str, schema.Key]) -> CheckIn | None:
    """The check-in of a mapping with nothing to report (what the `Reader` would give), else None."""
    day = value = done = confidence = None
    note: str | None = ""
    for key, entry in mapping.entries.items():
        node = entry.value
        if type(node) is not Scalar:
            return None
        if key == "date":
            day = date_of(node.kind, node.text)
        elif key == "value":
            value = number_of(node.kind, node.text, node.quoted)
            if value is None:
                return None
        elif key == "note":
            note = text_of(node.kind, node.text, node.quoted)
        elif key == "confidence" and key in keys:
            confidence = confidence_of(node.kind, node.text, node.quoted)
            if confidence is None:
                return None
        elif key == "done" and key in keys:
            done = boolean_of(node.kind, node.text)
            if done is None:
                return None
        else:
            return None  # a key it may not have
    if day is None or note is None or value is None and keys["value"].required:
        return None
    return CheckIn(day, value, done, confidence, note, mapping.line)


@functools.lru_cache(maxsize=4096)
def confidence_of(kind: str, text: str, quoted: bool) -> float | None:
    """A confidence from 0 to 1, written so or as a percentage such as "70%", else None."""
    if kind == "str" and text.strip().endswith("%"):
        try:
            value = float(text.strip()[:-1]) / 100
        except ValueError:
            return None
    else:
        value = number_of(kind, text, quoted)
        if value is None:
            return None
    return value if 0 <= value <= 1 else None


def _read_confidence(item: Reader) -> float | None:
    found = item.entry("confidence")
    if found is None:
        return None
    node = found.value
    value = confidence_of(node.kind, node.text, node.quoted) if isinstance(node, Scalar) else None
    if value is not None:
        return value
    label = f"`confidence` of {item.what}"
    hint = 'write a number from 0 to 1 such as 0.7, or a percentage in quotes such as "70%"'
    if isinstance(node, Scalar) and node.kind == "str" and node.text.strip().endswith("%"):
        try:
            float(node.text.strip()[:-1])
        except ValueError:
            item.error(node, f"{label} must be a number from 0 to 1 or a percentage, not `{node.text}`", hint)
            return None
    elif item.number_node(node, label, hint) is None:
        return None
    item.error(node, f"{label} is {node.text}, outside 0-1", hint, rule="range")
    return None
