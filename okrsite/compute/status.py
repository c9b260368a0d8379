"""The one status function: green / amber / red from score, elapsed time, kind and confidence."""

from __future__ import annotations

from okrsite.config import StatusThresholds

GREEN, AMBER, RED = "green", "amber", "red"
_WORDS_DURING = {GREEN: "on track", AMBER: "at risk", RED: "off track"}
_WORDS_AFTER = {GREEN: "achieved", AMBER: "partly achieved", RED: "missed"}
_EPSILON = 1e-9  # 0.7 * 1.0 - 0.1 must equal 0.6, not 0.5999999999


def goal(kind: str, thresholds: StatusThresholds) -> float:
    """The score an objective of this kind should reach by the end of its period."""
    return thresholds.committed_goal if kind == "committed" else thresholds.aspirational_goal


def expected_score(elapsed: float, kind: str, thresholds: StatusThresholds) -> float:
    """E = e x goal: where the score should be by now."""
    return elapsed * goal(kind, thresholds)


def status(score: float, elapsed: float, kind: str, confidence: float | None, thresholds: StatusThresholds) -> str:
    """SPEC.md status; a low latest confidence lowers green to amber while the period runs."""
    if elapsed >= 1.0:
        if score >= thresholds.achieved - _EPSILON:
            return GREEN
        return AMBER if score >= thresholds.partly_achieved - _EPSILON else RED
    expected = expected_score(elapsed, kind, thresholds)
    if score >= expected - thresholds.green_margin - _EPSILON:
        result = GREEN
    elif score >= expected - thresholds.amber_margin - _EPSILON:
        result = AMBER
    else:
        result = RED
    if result == GREEN and confidence is not None and confidence < thresholds.low_confidence:
        return AMBER
    return result


def status_word(colour: str, period_over: bool) -> str:
    """The words shown beside the colour: never colour alone."""
    return (_WORDS_AFTER if period_over else _WORDS_DURING)[colour]
