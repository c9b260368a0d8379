"""The Atom feed holds the newest check-ins and snapshots on or before as_of, newest first."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from okrsite.pipeline import run
from okrsite.render.memory import RenderMemory
from okrsite.render.pages import PageBuilder
from okrsite.render.site import atom_feed
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
    assert shown == every_entry(demo)[:limit]


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
    from okrsite.render import formatting as fmt
    from okrsite.render.views import what_moved

    for period in demo.site.periods.values():
        ctx = demo.at("index.html")
        shown = [(view["date"], view["title"]) for view in what_moved(ctx, demo.by_period[period.id], period, limit)]
        expected = moved_the_slow_way(demo, period, limit)
        assert shown == [(fmt.day(day), title) for day, _, title in expected]


def edited_sites(builder: PageBuilder):
    """The site with one objective replaced, for each objective with check-ins: its newest
    check-in's value changed, or removed, or a check-in added on as_of (newer than anything in the feed)."""
    site, as_of = builder.site, builder.results.as_of
    for ref, objective in site.objectives.items():
        for key_result in [k for k in objective.key_results if k.checkins][:1]:
            last = key_result.checkins[-1]
            for checkins in (key_result.checkins[:-1] + (last._replace(value=(last.value or 0) + 1),),
                             key_result.checkins[:-1], key_result.checkins + (last._replace(date=as_of),)):
                changed = replace(objective, key_results=tuple(replace(k, checkins=checkins) if k is key_result else k
                                                               for k in objective.key_results))
                yield replace(site, objectives={**site.objectives, ref: changed})


@pytest.mark.parametrize("limit", [3, 30])
def test_a_feed_kept_for_the_next_build_gives_what_a_fresh_one_gives(demo, limit):
    reused = 0
    for edited in edited_sites(demo):
        memory = RenderMemory()
        atom_feed(demo, limit, memory)
        kept = memory.feed
        after = PageBuilder(edited, demo.results, demo.config, [])
        assert atom_feed(after, limit, memory) == atom_feed(after, limit)
        reused += memory.feed.value is kept.value
    assert reused  # some edits are not among the newest entries: their feed is the one kept


@pytest.mark.parametrize("limit", [3, 12])
def test_what_moved_kept_for_the_next_build_gives_what_a_fresh_one_gives(demo, limit):
    from okrsite.render.views import what_moved

    reused = 0
    for edited in edited_sites(demo):
        after = PageBuilder(edited, demo.results, demo.config, [])
        for period in demo.site.periods.values():
            memory: dict = {}
            what_moved(demo.at("index.html"), demo.by_period[period.id], period, limit, memory)
            kept = memory["index.html"]
            ctx = after.at("index.html")
            assert what_moved(ctx, after.by_period[period.id], period, limit, memory) == what_moved(
                after.at("index.html"), after.by_period[period.id], period, limit)
            reused += memory["index.html"].value is kept.value
    assert reused
