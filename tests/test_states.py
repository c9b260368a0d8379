"""Objective states (issue 16, part 6): drafts are validated but left out unless --drafts;
abandoned objectives need a reason, stay visible struck through, and count in no score."""

from __future__ import annotations

import json

import pytest

from okrsite.pipeline import run
from tests.conftest import okrsite
from tests.render.helpers import build_site, parse

TOOLS = "content/okrs/2026-Q3/support/internal-tools.md"
DRAFT = "content/okrs/2026-Q3/sales/second-office.md"
DRAFT_TEXT = ("---\ntitle: Open a second office\nstate: draft\naligns_to: acme/grow\nkey_results:\n"
              "  - {title: Sign a lease, type: milestone}\n  - {title: Hire people, start: 0, target: 5}\n---\n")


def abandon(site, reason="reason: The vendor's tool does it; we bought it instead.\n"):
    path = site.root / TOOLS
    path.write_text(path.read_text().replace("---\n", f"---\nstate: abandoned\n{reason}", 1))


def test_an_abandoned_objective_counts_in_no_score_or_alignment_rate(tiny):
    before = run(tiny.root / "okrsite.toml").results.periods["2026-Q3"]
    assert "2026-Q3/support/internal-tools" in before.orphans
    abandon(tiny)
    after = run(tiny.root / "okrsite.toml").results.periods["2026-Q3"]
    assert after.orphans == () and after.alignment == 1.0
    assert after.score == pytest.approx(before.team_scores["sales"] / 2 + 0.6765 / 2, abs=1e-3)
    assert after.team_scores["support"] == pytest.approx(0.6765, abs=1e-3)  # fewer-defects alone


def test_an_abandoned_objective_is_shown_struck_through_with_its_reason(tiny, tmp_path):
    abandon(tiny)
    built = build_site(tiny.root / "okrsite.toml", tmp_path / "_site")
    page = (built / "okrs/2026-Q3/support/internal-tools.html").read_text()
    assert "<s>" in page and "Abandoned:</strong> The vendor&#39;s tool does it" in page
    assert "on track" not in page and "at risk" not in page and "off track" not in page  # nor its key results
    dashboard = " ".join(parse(built / "periods/2026-Q3.html").text)
    assert "Abandoned this period" in dashboard and "The vendor's tool does it" in dashboard
    assert "<s>" in (built / "teams/support.html").read_text()


@pytest.mark.parametrize(("front", "message", "line"), [
    ("state: abandoned\n", "an abandoned objective needs a `reason`", 2),
    ("reason: changed our mind\n", "`reason` has no meaning unless the objective is abandoned", 2),
    ("state: paused\n", "`state` of objective must be one of active, draft, abandoned, not `paused`", 2),
])
def test_states_name_what_is_wrong(tiny, front, message, line):
    path = tiny.root / TOOLS
    path.write_text(path.read_text().replace("---\n", f"---\n{front}", 1))
    errors = tiny.errors()
    assert [(e.path, e.line) for e in errors] == [(TOOLS, line)] and errors[0].message == message


def test_a_draft_is_validated_but_left_out_of_the_site_and_every_number_unless_drafts(tiny, tmp_path):
    before = run(tiny.root / "okrsite.toml").results.periods["2026-Q3"]
    tiny.write(DRAFT, DRAFT_TEXT)
    project = run(tiny.root / "okrsite.toml")
    assert "2026-Q3/sales/second-office" not in project.site.objectives
    assert project.results.periods["2026-Q3"] == before
    built = build_site(tiny.root / "okrsite.toml", tmp_path / "_site")
    assert not (built / "okrs/2026-Q3/sales/second-office.html").exists()
    assert "Open a second office" not in (built / "assets/search-index.js").read_text()
    with_drafts = okrsite("export", "--drafts", cwd=tiny.root)
    refs = {o["ref"]: o["state"] for o in json.loads(with_drafts.stdout)["objectives"]}
    assert refs["2026-Q3/sales/second-office"] == "draft"
    preview = okrsite("build", "--drafts", "--out", str(tmp_path / "preview"), cwd=tiny.root)
    assert preview.returncode == 0 and (tmp_path / "preview/okrs/2026-Q3/sales/second-office.html").is_file()
    tiny.write(DRAFT, DRAFT_TEXT.replace("target: 5", "target: lots"))
    assert [e.message for e in tiny.errors()] == ["`target` of key result `kr2` must be a number, not `lots`"]


def test_what_aligns_to_a_draft_loses_the_link_with_a_warning(tiny):
    tiny.write(DRAFT, DRAFT_TEXT)
    tiny.write("content/okrs/2026-Q3/support/office-it.md",
               "---\ntitle: Equip the new office\naligns_to: sales/second-office\nkey_results:\n"
               "  - {title: Laptops ready, start: 0, target: 5}\n  - {title: Network up, type: milestone}\n---\n")
    found = [d for d in tiny.check() if d.rule == "aligns-to-draft"]
    assert [(d.path, d.line, d.message) for d in found] == [(
        "content/okrs/2026-Q3/support/office-it.md", 3,
        "`aligns_to: sales/second-office` is a draft, which the site leaves out")]
