"""The weekly digest (issue 17, part 5): what a week changed, as a page per week and for chat or e-mail."""

from __future__ import annotations

import xml.dom.minidom
from datetime import date

import pytest

from okrsite.compute import ResultsOn
from okrsite.digest import week_id, week_start, weekly_digest
from okrsite.pipeline import run
from tests.conftest import okrsite
from tests.render.helpers import build_site, parse

SLIPPED = "content/okrs/2026-Q3/sales/slipped.md"  # as_of 2026-08-15, in week 2026-W33 (10-16 Aug)


@pytest.fixture
def site(tiny):
    tiny.write(SLIPPED, "---\ntitle: Keep the big accounts\naligns_to: acme/grow\nkey_results:\n"
                        "  - title: Renew the top 10 accounts\n    start: 0\n    target: 10\n"
                        "    checkins:\n      - {date: 2026-08-01, value: 8}\n"
                        "      - {date: 2026-08-12, value: 0, note: \"Lost them to *Rival*\"}\n"
                        "  - title: Visit each of them\n    start: 0\n    target: 10\n"
                        "    checkins:\n      - {date: 2026-08-01, value: 0}\n---\n")
    mrr = tiny.root / "content/kpis/sales/mrr.md"
    mrr.write_text(mrr.read_text().replace("  - {date: 2026-08-01, value: 130000, note: August}",
                                           "  - {date: 2026-08-01, value: 130000, note: August}\n"
                                           "  - {date: 2026-08-12, value: 210000, note: Big deal}"))
    return tiny


def test_iso_weeks():
    assert week_id(date(2026, 8, 15)) == "2026-W33" and week_start("2026-W33") == date(2026, 8, 10)
    assert week_id(date(2027, 1, 1)) == "2026-W53"  # ISO: a Friday belongs to the week of its Thursday
    assert week_start("2026-W54") is None and week_start("2026-33") is None


def test_the_digest_of_a_fixed_week(site):
    project = run(site.root / "okrsite.toml")
    digest = weekly_digest(project.site, ResultsOn(project.site, project.results, project.config.status),
                           date(2026, 8, 10))
    assert (digest.week, digest.first, digest.last, digest.on) == ("2026-W33", date(2026, 8, 10), date(2026, 8, 16),
                                                                  date(2026, 8, 15))
    assert [(m.objective.slug, m.before.status, m.after.status) for m in digest.changes] == [
        ("slipped", "green", "red"), ("grow", "red", "green")]  # worse first; the year's objective moved too
    assert [m.objective.slug for m in digest.new_reds] == ["slipped"]
    assert [(m.objective.slug, round(m.delta, 2)) for m in digest.moves][:1] == [("slipped", -0.4)]
    assert [(o.slug, k.id) for o, k in digest.silent] == [("revenue-growth", "kr2"), ("slipped", "kr2"), ("grow", "revenue")]
    assert [(c.kpi.ref, c.before.health, c.after.health) for c in digest.kpis] == [("sales/mrr", "red", "green")]


def test_okrsite_digest_prints_the_week_for_chat(site):
    result = okrsite("digest", "--week", "2026-W33", "--base-url", "https://okr.acme.my/", cwd=site.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "## Acme OKRs: week 2026-W33 (10 Aug 2026 – 16 Aug 2026, so far)"
    assert lines[2] == ("Where we stand — 2026-Q3: 4 team objectives, 1 off track, 1 at risk and 2 on track; "
                        "2026: 1 team objective, on track.")
    assert lines[4:6] == ["**Went off track**",
                          "- [Keep the big accounts](https://okr.acme.my/okrs/2026-Q3/sales/slipped.html) · Sales: "
                          "now 0.00, was on track. Latest note (Renew the top 10 accounts, 12 Aug 2026): "
                          "“Lost them to \\*Rival\\*”"]  # the why, its Markdown shown as written
    assert ("- [Monthly Recurring Revenue](https://okr.acme.my/kpis/sales/mrr.html) · Sales: alert → healthy "
            "(RM 210,000; alert RM 150,000)") in lines
    text = okrsite("digest", "--week", "2026-W33", "--format", "text", cwd=site.root).stdout
    assert "  - Keep the big accounts · Sales: down 0.40 to 0.00" in text and "](" not in text
    assert "Other status changes\n  - Become the leading provider in the region · Acme Sdn. Bhd.: off track → on track (+0.25)" in text
    html = okrsite("digest", "--week", "2026-W33", "--format", "html", cwd=site.root).stdout
    xml.dom.minidom.parseString(f"<div>{html}</div>")  # well-formed, for an e-mail body
    assert '<a href="okrs/2026-Q3/sales/slipped.html">Keep the big accounts</a>' in html


@pytest.mark.parametrize(("week", "message"), [("2026-W60", "is not a week"), ("2027-W02", "starts after the as-of")])
def test_a_bad_week_is_a_usage_error(site, week, message):
    result = okrsite("digest", "--week", week, cwd=site.root)
    assert result.returncode == 2 and message in result.stderr


def test_the_site_has_a_page_per_recent_week_in_the_archive_and_the_feed(site, tmp_path):
    built = build_site(site.root / "okrsite.toml", tmp_path / "_site")
    page = " ".join(" ".join(parse(built / "digest/2026-W33.html").text).split())
    assert "Week 2026-W33" in page and "Went off track Keep the big accounts" in page
    weeks = sorted(p.stem for p in (built / "digest").iterdir())
    assert weeks[-1] == "2026-W33" and len(weeks) == 13
    assert 'href="../digest/2026-W33.html"' in (built / "periods/index.html").read_text()
    assert "<title>Weekly digest 2026-W33</title>" in (built / "feed.xml").read_text()
