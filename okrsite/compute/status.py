"""The one status function: green / amber / red from score, elapsed time, kind and confidence."""

from __future__ import annotations

from datetime import date

from okrsite.config import StatusThresholds
from okrsite.i18n import N_

GREEN, AMBER, RED = "green", "amber", "red"
# English, as the JSON export says them; the site shows them in its language (`i18n`).
_WORDS_DURING = {GREEN: N_("on track"), AMBER: N_("at risk"), RED: N_("off track")}
WORDS_AFTER = {GREEN: N_("achieved"), AMBER: N_("partly achieved"), RED: N_("missed")}
_EPSILON = 1e-9  # 0.7 * 1.0 - 0.1 must equal 0.6, not 0.5999999999


def goal(kind: str, thresholds: StatusThresholds) -> float:
    """The score an objective of this kind should reach by the end of its period."""
    return thresholds.committed_goal if kind == "committed" else thresholds.aspirational_goal


def expected_score(elapsed: float, kind: str, thresholds: StatusThresholds) -> float:
    """E = e x goal: where the score should be by now."""
    return elapsed * goal(kind, thresholds)


def status(score: float, elapsed: float, kind: str, confidence: float | None, thresholds: StatusThresholds) -> str:
    """SPEC.md status; a low latest confidence lowers green to amber while the period runs."""
    return status_against(score, expected_score(elapsed, kind, thresholds), elapsed >= 1.0, confidence, thresholds)


def status_against(score: float, expected: float, over: bool, confidence: float | None,
                   thresholds: StatusThresholds) -> str:
    """`status` with the expected score E given (an objective's is its key results' weighted mean)."""
    if over:
        if score >= thresholds.achieved - _EPSILON:
            return GREEN
        return AMBER if score >= thresholds.partly_achieved - _EPSILON else RED
    if score >= expected - thresholds.green_margin - _EPSILON:
        result = GREEN
    elif score >= expected - thresholds.amber_margin - _EPSILON:
        result = AMBER
    else:
        result = RED
    if result == GREEN and confidence is not None and confidence < thresholds.low_confidence:
        return AMBER
    return result


MILESTONE_WARNING_DAYS = 14  # an unfinished milestone is at risk this many days before it is due


def milestone_status(done: bool, due: date, as_of: date, confidence: float | None,
                     thresholds: StatusThresholds) -> str:
    """A milestone while its period runs is judged by its due date, not by a linear pace: done, or
    14 days or more before `due`, on track; in the last 14 days (the due day included) at risk;
    overdue, off track.
    A low latest confidence lowers on track to at risk, as for every key result."""
    if done:
        result = GREEN
    elif as_of > due:
        return RED
    elif (due - as_of).days < MILESTONE_WARNING_DAYS:  # the due day and the 13 before it
        return AMBER
    else:
        result = GREEN
    if confidence is not None and confidence < thresholds.low_confidence:
        return AMBER
    return result


def milestone_expected(done: bool, due: date, as_of: date, kind: str, thresholds: StatusThresholds) -> float:
    """Where a milestone's score should be by `as_of`: nothing before it is due, the goal after."""
    return goal(kind, thresholds) if as_of > due else 0.0


MAINTAIN_WARNING_SHARE = 0.05  # a maintain value that misses by less than 5 % of the threshold is at risk


def maintain_status(latest: float | None, threshold: float, direction: str, confidence: float | None,
                    thresholds: StatusThresholds) -> str:
    """A maintain key result while its period runs, by its latest value: holding the line, on track;
    missing it by less than 5 % of the threshold, at risk; by more, off track. Low confidence lowers
    on track to at risk."""
    assert latest is not None
    miss = (threshold - latest) if direction != "lower" else (latest - threshold)
    if miss > 0:
        return AMBER if miss < MAINTAIN_WARNING_SHARE * abs(threshold) else RED
    if confidence is not None and confidence < thresholds.low_confidence:
        return AMBER
    return GREEN


def status_word(colour: str, period_over: bool) -> str:
    """The words shown beside the colour: never colour alone."""
    return (WORDS_AFTER if period_over else _WORDS_DURING)[colour]
