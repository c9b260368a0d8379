"""A period that is over is shown as it stood on its last day: values of longer periods too (issue 16, part 1)."""

from __future__ import annotations

import pytest

from tests.conftest import copy_fixture
from tests.render.helpers import build_site, parse

GROW = "content/okrs/2026/acme/grow.md"


@pytest.fixture
def built(tmp_path):
    """`tiny` (as of 2026-08-15) whose year objective moved in Q2 and again in Q3."""
    site = copy_fixture("tiny", tmp_path)
    (site / GROW).write_text(
        "---\ntitle: Become the leading provider in the region\nkey_results:\n"
        "  - id: revenue\n    title: Grow annual revenue\n    start: 5000000\n    target: 9000000\n    unit: RM\n"
        "    checkins:\n      - {date: 2026-06-01, value: 7000000, confidence: 0.9}\n"
        "      - {date: 2026-08-03, value: 8000000, confidence: 0.4}\n---\n", encoding="utf-8")
    return build_site(site / "okrsite.toml", tmp_path / "_site")


def text(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_an_ended_quarters_page_shows_the_years_objective_as_of_the_quarters_end(built):
    quarter = text(built / "periods/2026-Q2.html")
    assert "every value on this page is as of 30 Jun 2026" in quarter
    assert "RM 7,000,000" in quarter and "RM 8,000,000" not in quarter
    assert "as of 30 Jun 2026" in quarter.split("Become the leading provider")[1][:200]
    home = text(built / "index.html")  # the running quarter: today's numbers, no "as of" label on cards
    assert "RM 8,000,000" in text(built / "okrs/2026/acme/grow.html") and "as of 30 Jun" not in home


def test_an_ended_quarters_objective_and_alignment_pages_show_what_it_supported_then(built):
    objective = text(built / "okrs/2026-Q2/sales/pipeline.html")
    supported = objective.split("Become the leading provider")[1][:300]
    assert "0.50" in supported and "as of 30 Jun 2026" in supported  # (7M - 5M) / (9M - 5M); today 0.75
    assert "Numbers as of 30 Jun 2026" in objective
    alignment = text(built / "alignment/2026-Q2.html").split("Become the leading provider")[1][:300]
    assert "0.50" in alignment and "0.75" not in alignment


def test_the_running_periods_pages_show_values_as_of_today(built):
    year = text(built / "periods/2026.html")
    assert "RM 8,000,000" in year and "every value on this page is as of" not in year
