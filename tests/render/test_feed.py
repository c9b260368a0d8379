"""The Atom feed holds the newest check-ins and snapshots on or before as_of, newest first."""

from __future__ import annotations

import re
from datetime import date

import pytest

from okrsite.pipeline import run
from okrsite.render.plan import PageBuilder
from okrsite.render.feeds import atom_feed
from tests.conftest import REPO


@pytest.fixture(scope="module")
def demo():
    project = run(REPO / "okrsite.toml", as_of=date(2026, 8, 19))
    return PageBuilder(project.site, project.results, project.config, [])


def every_entry(builder: PageBuilder) -> list[str]:
    """The feed's order worked out the slow way: every entry of every series, sorted."""
    site, as_of = builder.site, builder.results.as_of
    entries = [(c.date, f"{o.ref}#{k.id}/{c.date}") for o in site.objectives.values() for k in o.key_results
               for c in k.checkins if c.date <= as_of]
    entries += [(s.date, f"kpi/{kpi.ref}/{s.date}") for kpi in site.kpis.values() for s in kpi.snapshots
                if s.date <= as_of]
    return [key for _, key in sorted(entries, reverse=True)]


@pytest.mark.parametrize("limit", [1, 2, 7, 30, 100, 10_000])
def test_feed_lists_the_newest_entries_in_order(demo, limit):
    shown = re.findall(r"<id>urn:okrsite:([^<]+)</id><title>", atom_feed(demo, limit))
    digests = [key for key in shown if key.startswith("digest/")]  # the weekly digests: one entry each
    assert digests == [f"digest/{week}" for week in demo.digest_weeks]
    assert [key for key in shown if key not in digests] == every_entry(demo)[:limit]


def moved_the_slow_way(builder: PageBuilder, period, limit: int) -> list[tuple]:
    """What moved in a period worked out over every check-in and snapshot, as (date, key, title)."""
    as_of = builder.results.as_of
    last = min(period.end, as_of)
    events = [(c.date, o.ref + k.id, k.title) for o in builder.by_period[period.id] for k in o.key_results
              for c in k.checkins if c.date <= as_of]
    events += [(s.date, kpi.ref, kpi.title) for kpi in builder.site.kpis.values() for s in kpi.snapshots
               if period.start <= s.date <= last]
    return sorted(events, key=lambda e: (e[0], e[1]), reverse=True)[:limit]


@pytest.mark.parametrize("limit", [1, 5, 12, 50, 10_000])
def test_what_moved_lists_the_newest_check_ins_and_snapshots(demo, limit):
    from okrsite.render.views import what_moved

    for period in demo.site.periods.values():
        ctx = demo.at("index.html")
        shown = [(view["date"], view["title"]) for view in what_moved(ctx, demo.by_period[period.id], period, limit)]
        expected = moved_the_slow_way(demo, period, limit)
        assert shown == [(demo.words.day(day), title) for day, _, title in expected]


def test_control_characters_in_a_note_leave_the_feed_well_formed_xml(tmp_path):
    import xml.etree.ElementTree as ElementTree

    from tests.conftest import copy_fixture
    from tests.render.helpers import build_site

    site = copy_fixture("tiny", tmp_path)
    path = site / "content/okrs/2026-Q3/sales/revenue-growth.md"
    path.write_text(path.read_text().replace("note: Two deals slipped", 'note: "Two\\x01 deals\\x1b slipped"'))
    feed = (build_site(site / "okrsite.toml", tmp_path / "out") / "feed.xml").read_text()
    summaries = [e.text for e in ElementTree.fromstring(feed).iter("{http://www.w3.org/2005/Atom}summary")]
    assert any(s and s.endswith("Two deals slipped") for s in summaries)
