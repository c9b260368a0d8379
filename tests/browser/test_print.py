"""An ended period's page prints as an A4 review (issue 17, part 6): a cover, the review, the company's
objectives, a section per team; no navigation, search or screen-only sections."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_an_ended_quarter_prints_as_an_a4_review(browser, subpath_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(subpath_url + "periods/2026-Q2.html")
    assert not page.locator(".print-teams").is_visible()  # on screen the teams table links to the team pages
    page.emulate_media(media="print")
    assert page.locator(".print-teams").is_visible()
    assert page.get_by_role("heading", name="Teams in 2026-Q2").is_visible()
    assert page.locator(".print-team").count() == 9  # every team with objectives in the quarter
    for hidden in ("nav[aria-label=Main]", ".search", "#teams-h"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.get_by_role("heading", name="Review of 2026-Q2").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 4 <= pages <= 20, pages
    context.close()
