"""Words for people (issue 17, part 4, in part): periods on mixed lists, the sweet spot visible."""

from __future__ import annotations

from okrsite.compute import ObjectiveResult
from okrsite.i18n import ENGLISH
from okrsite.render.charts import distribution_chart
from okrsite.render.views import objective_status
from tests.render.helpers import build_site, parse


def test_the_sweet_spot_band_is_drawn_over_the_bars_so_a_tall_bar_cannot_hide_it():
    svg = distribution_chart(ENGLISH, "d", [0.65] * 9 + [0.3], "scores")
    assert svg.index('class="sweet-spot-frame"') > svg.rindex('class="hist-bar"')
    assert ">sweet spot</text>" in svg and "9 in the 0.6–0.7 sweet spot" in svg


def test_supporters_of_a_year_objective_say_which_period_they_are_from(tiny, tmp_path):
    built = build_site(tiny.root / "okrsite.toml", tmp_path / "_site")
    text = " ".join(" ".join(parse(built / "okrs/2026/acme/grow.html").text).split())
    supported = text.split("Supported by:")[1]
    assert "Build a healthy pipeline" in supported and "· Sales · 2026-Q2 ·" in supported
    assert "Win the mid-market" in supported and "· Sales · 2026-Q3 ·" in supported


def test_period_and_team_pages_narrow_by_tag_and_owner_with_plain_links(tiny, tmp_path):
    path = tiny.root / "content/okrs/2026-Q3/sales/revenue-growth.md"
    path.write_text(path.read_text().replace("owner: Priya Nair\n", "owner: Priya Nair\ntags: [revenue, mid-market]\n"))
    built = build_site(tiny.root / "okrsite.toml", tmp_path / "_site")
    team = (built / "teams/sales.html").read_text()
    assert 'aria-label="Narrow by tag or owner"' in team and 'href="../tags/mid-market.html"' in team
    assert 'href="../people/priya-nair.html"' in team.split("Narrow by tag or owner")[1]
    assert 'href="../tags/revenue.html"' in (built / "periods/2026-Q3.html").read_text()
    tag = " ".join(" ".join(parse(built / "tags/mid-market.html").text).split())
    assert "Every objective tagged “mid-market”" in tag and "Win the mid-market" in tag


def test_an_aspirational_objective_that_ended_in_the_sweet_spot_says_so_beside_partly_achieved():
    class Objective:  # only what objective_status reads
        def __init__(self, kind):
            self.kind = kind

    def status(kind, score, word):
        return objective_status(ENGLISH, Objective(kind), ObjectiveResult(score, 0.7, "amber", word, None, True, {}))

    assert status("aspirational", 0.6, "partly achieved").note == "sweet spot"
    assert status("aspirational", 0.69, "partly achieved").note == "sweet spot"
    assert status("aspirational", 0.59, "partly achieved").note == ""
    assert status("committed", 0.65, "partly achieved").note == ""  # committed ones are meant to reach 1.0
    assert status("aspirational", 0.65, "at risk").note == ""  # still running: no verdict yet
