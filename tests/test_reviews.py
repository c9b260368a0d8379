"""The end-of-period review (issue 16, part 7): a grade with a reason replaces the score, both shown;
what was learned and what carries over; the ended period's page reads as a retrospective."""

from __future__ import annotations

import json

import pytest

from okrsite.pipeline import run
from tests.conftest import okrsite
from tests.render.helpers import build_site, parse

PIPELINE = "content/okrs/2026-Q2/sales/pipeline.md"  # 2026-Q2 is over at the fixture's as_of; it scores 0.35


def review(site, text: str) -> None:
    path = site.root / PIPELINE
    path.write_text(path.read_text().replace("---\n", "---\nreview:\n" + text, 1))


GRADED = ("  grade: 0.6\n  reason: The partner programme shipped on 2 July, two days late.\n"
          "  learned: Partners need a contract template before launch.\n  next: sales/revenue-growth\n")


def test_a_grade_with_a_reason_replaces_the_computed_score_and_both_are_kept(tiny):
    review(tiny, GRADED)
    project = run(tiny.root / "okrsite.toml")
    result = project.results.objectives["2026-Q2/sales/pipeline"]
    assert (result.score, result.computed, result.word) == (0.6, pytest.approx(0.35), "partly achieved")
    assert project.results.periods["2026-Q2"].score == 0.6
    assert project.site.objectives["2026-Q2/sales/pipeline"].review.next_ref == "2026-Q3/sales/revenue-growth"


def test_a_grade_without_a_reason_leaves_the_computed_score(tiny):
    review(tiny, "  grade: 0.9\n")
    result = run(tiny.root / "okrsite.toml").results.objectives["2026-Q2/sales/pipeline"]
    assert (result.score, result.computed) == (pytest.approx(0.35), None)


@pytest.mark.parametrize(("text", "message", "line"), [
    ("  grade: 1.5\n  reason: x\n", "`grade` of the review is 1.5, outside 0-1", 3),
    ("  grade: 0.5\n  mark: 3\n", "unknown key `mark` in the review", 4),
    ("  next: sales/nothing-like-it\n", "`next: sales/nothing-like-it` of the review matches no objective of a "
                                        "period after 2026-Q2", 2),
    ("  next: 2026/acme/grow\n", "`next: 2026/acme/grow` of the review matches no objective of a period after "
                                 "2026-Q2", 2),
])
def test_review_mistakes_name_the_line(tiny, text, message, line):
    review(tiny, text)
    errors = tiny.errors()
    assert [(e.path, e.line) for e in errors] == [(PIPELINE, line)] and message in errors[0].message, errors


def test_next_in_words_is_kept_as_words(tiny):
    review(tiny, "  next: Keep the partner work going in Q3 with the new template.\n")
    objective = run(tiny.root / "okrsite.toml").site.objectives["2026-Q2/sales/pipeline"]
    assert (objective.review.next_ref, tiny.errors()) == (None, [])


def test_the_ended_periods_page_is_a_retrospective(tiny, tmp_path):
    review(tiny, GRADED)
    built = build_site(tiny.root / "okrsite.toml", tmp_path / "_site")
    text = " ".join(" ".join(parse(built / "periods/2026-Q2.html").text).split())
    assert "Review of 2026-Q2" in text and "Achievement rate 0.60" in text
    assert "in the sweet spot" in text
    assert "score 0.60 (graded; computed 0.35)" in text
    assert "Learned: Partners need a contract template before launch." in text
    assert "Carries over Build a healthy pipeline → Win the mid-market" in text
    assert "How the objectives of 2026-Q2 scored" in (built / "periods/2026-Q2.html").read_text()  # the chart
    objective = " ".join(" ".join(parse(built / "okrs/2026-Q2/sales/pipeline.html").text).split())
    assert "Grade 0.60 (replaces the computed 0.35)" in objective
    assert "Review of" not in " ".join(parse(built / "periods/2026-Q3.html").text)  # still running


def test_new_review_writes_stubs_that_check_and_keeps_existing_reviews(tiny):
    made = okrsite("new", "review", "2026-Q3", "--team", "support", cwd=tiny.root)
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines() == ["okrsite new: added a review to content/okrs/2026-Q3/support/fewer-defects.md",
                                        "okrsite new: added a review to content/okrs/2026-Q3/support/internal-tools.md"]
    text = (tiny.root / "content/okrs/2026-Q3/support/internal-tools.md").read_text()
    assert "review:\n  grade: 0.25  # the final score, 0-1: replaces the computed 0.25 only with a reason\n" in text
    assert "(2026-Q4/sales/slug)\n---\n" in text  # at the end of the front-matter
    assert tiny.errors() == []
    again = okrsite("new", "review", "2026-Q3", "--team", "support", cwd=tiny.root)
    assert again.returncode == 0 and "has a review already; nothing was written" in again.stdout
    exported = json.loads(okrsite("export", cwd=tiny.root).stdout)
    tools = next(o for o in exported["objectives"] if o["ref"] == "2026-Q3/support/internal-tools")
    assert tools["review"] == {"grade": 0.25, "reason": None, "learned": None, "next": None, "next_ref": None}
