"""A running period's page: what the week changed, and the mid-period check (issue 16, part 8)."""

from __future__ import annotations

import re

import pytest

from tests.render.helpers import build_site, parse

SLIPPED = "content/okrs/2026-Q3/sales/slipped.md"  # as_of 2026-08-15: a week ago is 2026-08-08


@pytest.fixture
def built(tiny, tmp_path):
    tiny.write(SLIPPED, "---\ntitle: Keep the big accounts\naligns_to: acme/grow\nkey_results:\n"
                        "  - title: Renew the top 10 accounts\n    start: 0\n    target: 10\n"
                        "    checkins:\n      - {date: 2026-08-01, value: 8}\n      - {date: 2026-08-12, value: 0}\n"
                        "  - title: Visit each of them\n    start: 0\n    target: 10\n"
                        "    checkins:\n      - {date: 2026-08-01, value: 0}\n---\n")
    return build_site(tiny.root / "okrsite.toml", tmp_path / "_site")


def text(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_since_last_week_lists_status_changes_new_reds_and_silent_key_results_per_team(built):
    page = text(built / "periods/2026-Q3.html").replace(" :", ":")  # text nodes are joined with spaces
    assert "Since last week (9 Aug 2026 to 15 Aug 2026)" in page
    assert "New off track: Keep the big accounts (Sales)" in page
    assert "Keep the big accounts · Sales: ✔ on track → ✖ off track (−0.40)" in page  # 0.40 a week ago, 0 now
    sales = page.split("Key results without a check-in this week")[1].split("Support")[0]
    # (0.50 + 0) / 2 now; (0.50 + 0.40) / 2 a week ago; silent: its second key result and revenue-growth's kr2
    assert sales.split()[:6] == ["Sales", "0.25", "−0.20", "1", "1", "2"]
    assert "Since last week" in text(built / "index.html")  # the home page is the running quarter's


def test_the_mid_period_check_ranks_teams_by_their_gap_to_the_expected_pace(built):
    page = text(built / "periods/2026-Q3.html")
    assert "Mid-period check (week 7 of 13, 49% elapsed)" in page
    rows = re.split("Tags:|Owners:|Company objectives|KPI health|Abandoned", page.split("Objectives not on track")[1])[0]
    assert rows.split() == ["Sales", "0.25", "0.34", "−0.09", "✔", "on", "pace", "1", "of", "2",  # behind: first
                            "Support", "0.46", "0.21", "+0.26", "✔", "on", "pace", "1", "of", "2"]


def test_ended_and_not_yet_started_periods_have_neither(built):
    ended = text(built / "periods/2026-Q2.html")
    assert "Since last week" not in ended and "Mid-period check" not in ended
