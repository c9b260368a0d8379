"""The why first (issue 17, part 1): risk order, the latest note on cards and team rows, expected
beside scores, the objective's own text under its title, what the last check-in changed."""

from __future__ import annotations


import pytest

from okrsite.compute import ObjectiveResult
from okrsite.render.views import by_risk, risk_key
from tests.render.helpers import build_site, parse


def result(status: str, score: float, expected: float) -> ObjectiveResult:
    return ObjectiveResult(score, expected, status, "", None, True, {})


def test_risk_order_is_off_track_then_at_risk_then_on_track_then_the_gap_to_the_pace():
    cards = [{"id": name, "risk": risk_key(r)} for name, r in [
        ("green-ahead", result("green", 0.6, 0.3)), ("red", result("red", 0.1, 0.4)),
        ("green-behind", result("green", 0.3, 0.35)), ("amber", result("amber", 0.2, 0.4)),
        ("red-worse", result("red", 0.0, 0.5))]]
    assert [c["id"] for c in by_risk(cards)] == ["red-worse", "red", "amber", "green-behind", "green-ahead"]


@pytest.fixture
def built(tiny, tmp_path):
    return build_site(tiny.root / "okrsite.toml", tmp_path / "_site")


def text(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_team_rows_are_sorted_by_risk_and_show_status_expected_and_the_latest_note(built):
    page = text(built / "periods/2026-Q3.html")
    teams = page.split("Sorted by risk")[1].split("KPI health")[0]
    assert teams.index("Sales") < teams.index("Support")  # both on track; Sales leads its pace by less
    assert "expected 0.21" in teams and "“Half of the macros moved” — 10 Aug 2026" in teams


def test_objective_cards_show_the_latest_note_its_date_and_confidence_and_the_expected_score(built):
    page = text(built / "teams/sales.html")
    assert "expected by now 0.34" in page
    assert "— 7 Aug 2026, confidence 60%" in page


def test_the_objectives_own_text_comes_right_under_its_title_and_key_results_say_what_changed(built):
    html = (built / "okrs/2026-Q3/sales/revenue-growth.html").read_text()
    assert html.index('class="prose why"') < html.index('class="summary"')
    page = text(built / "okrs/2026-Q3/sales/revenue-growth.html")
    assert "+10 since 10 Jul 2026 (10 → 20)" in page  # the 1 Sep check-in is after as_of: not counted
