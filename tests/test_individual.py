"""Individual OKRs (issue 16, part 5): content/people/<person>/<period>/<slug>.md, a person's own
objectives, aligned to a team's; on their page and beside what they support, never in team scores."""

from __future__ import annotations

import pytest

from okrsite.pipeline import run
from tests.conftest import okrsite
from tests.render.helpers import build_site, parse

OWN = "content/people/priya-nair/2026-Q3/mid-market-expert.md"
TEXT = ("---\ntitle: Become the team's expert on mid-market chains\n{aligns}key_results:\n"
        "  - title: Run discovery calls with chains\n    start: 0\n    target: 12\n"
        "    checkins:\n      - {{date: 2026-08-10, value: 3, confidence: 0.7}}\n"
        "  - title: Write the mid-market playbook\n    type: milestone\n---\n")


@pytest.fixture
def site(tiny):
    tiny.write(OWN, TEXT.format(aligns="aligns_to: sales/revenue-growth#kr1\n"))
    return tiny


def test_an_individual_objective_is_its_persons_and_not_in_any_team_score(site):
    project = run(site.root / "okrsite.toml")
    objective = project.site.objectives["2026-Q3/@priya-nair/mid-market-expert"]
    assert (objective.person, objective.team, objective.owner) == ("Priya Nair", "sales", "Priya Nair")
    q3 = project.results.periods["2026-Q3"]
    assert (q3.individual_count, q3.individual_score, q3.individual_alignment) == (1, pytest.approx(0.125), 1.0)
    site.remove(OWN)
    without = run(site.root / "okrsite.toml").results.periods["2026-Q3"]
    assert (q3.score, q3.team_scores, q3.alignment) == (without.score, without.team_scores, without.alignment)
    assert project.results.objectives[objective.ref].aligned is True  # aligned to its own team's objective


def test_an_unaligned_individual_objective_is_an_orphan_with_the_practice_note(tiny):
    tiny.write(OWN, TEXT.format(aligns=""))
    project = run(tiny.root / "okrsite.toml")
    assert "2026-Q3/@priya-nair/mid-market-expert" in project.results.periods["2026-Q3"].orphans
    notes = [d for d in project.diagnostics.items if d.rule == "orphan-objective" and d.path == OWN]
    assert notes[0].message == "Priya Nair's objective aligns to no team objective or key result"


@pytest.mark.parametrize(("folder", "message"), [
    ("priya-nairr", "folder `priya-nairr` is not a person any team names (did you mean `priya-nair`?)"),
    ("nobody", "folder `nobody` is not a person any team names"),
])
def test_a_folder_that_names_no_person_is_an_error(tiny, folder, message):
    path = OWN.replace("priya-nair", folder)
    tiny.write(path, TEXT.format(aligns=""))
    errors = tiny.errors()
    assert [(e.path, e.line) for e in errors] == [(path, 1)] and message in errors[0].message + f" ({errors[0].hint})"


def test_the_persons_page_shows_their_own_okrs_and_what_they_support(site, tmp_path):
    built = build_site(site.root / "okrsite.toml", tmp_path / "_site")
    person = " ".join(parse(built / "people/priya-nair.html").text)
    assert "Their own OKRs" in person and "Become the team's expert on mid-market chains" in person
    assert "Supports" in person
    supported = " ".join(parse(built / "okrs/2026-Q3/sales/revenue-growth.html").text)
    assert "Become the team's expert on mid-market chains" in supported  # among its supporters
    page = " ".join(parse(built / "okrs/2026-Q3/@priya-nair/mid-market-expert.html").text)
    assert "individual objective" in page and "Priya Nair" in page
    dashboard = " ".join(" ".join(parse(built / "periods/2026-Q3.html").text).split())
    assert "1 individual objective of 1 person: mean score 0.12" in dashboard


def test_new_objective_for_a_person_writes_their_file_and_it_checks(tiny):
    made = okrsite("new", "objective", "--person", "Priya Nair", "--period", "2026-Q3", "Learn SQL",
                   "--aligns-to", "sales/revenue-growth", cwd=tiny.root)
    assert made.returncode == 0, made.stderr
    assert "content/people/priya-nair/2026-Q3/learn-sql.md" in made.stdout
    assert [e for e in tiny.errors()] == []
    refused = okrsite("new", "objective", "--person", "Nobody", "X", cwd=tiny.root)
    assert refused.returncode == 1 and "is not a person any team names" in refused.stderr
