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
