"""The demo site in Debian's Chromium: under a sub-path and from disk, navigation, search, no errors."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def navigate_like_a_user(page, start: str) -> list[str]:
    page.goto(start)
    titles = [page.title()]
    page.get_by_role("region", name="Teams", exact=True).get_by_role("link", name="Customer Success").click()
    page.wait_for_load_state()
    titles.append(page.title())
    page.get_by_role("link", name="Get response times back under control").first.click()
    page.wait_for_load_state()
    titles.append(page.title())
    assert page.get_by_text("How the score is computed").is_visible()
    page.get_by_role("link", name="First Response Time").first.click()
    page.wait_for_load_state()
    titles.append(page.title())
    return titles


EXPECTED_TITLES = [
    "Company dashboard · Serai Systems — OKRs & KPIs",
    "Customer Success · Serai Systems — OKRs & KPIs",
    "Get response times back under control · Serai Systems — OKRs & KPIs",
    "First Response Time · Serai Systems — OKRs & KPIs",
]


def test_navigation_under_a_sub_path(page_factory, subpath_url):
    page = page_factory()
    assert navigate_like_a_user(page, subpath_url) == EXPECTED_TITLES
    assert page.url.startswith(subpath_url) and page.url.endswith("kpis/customer-success/first-response-hours.html")
    assert page.problems == []


def test_navigation_from_disk(page_factory, demo_site):
    page = page_factory()
    assert navigate_like_a_user(page, (demo_site / "index.html").as_uri()) == EXPECTED_TITLES
    assert page.problems == []


@pytest.mark.parametrize("where", ["subpath", "disk"])
def test_search_finds_objectives_people_and_kpis(page_factory, subpath_url, demo_site, where):
    page = page_factory()
    page.goto(subpath_url + "teams/sales.html" if where == "subpath" else (demo_site / "teams/sales.html").as_uri())
    box = page.get_by_role("combobox", name="Search objectives")
    box.fill("response times")
    results = page.locator("#search-results a")
    results.first.wait_for()
    assert "Get response times back under control" in results.first.inner_text()
    box.fill("jessica")
    page.locator("#search-results a", has_text="Jessica Ooi Bee Lian").first.wait_for()
    box.fill("recurring revenue")
    page.locator('#search-results a[href$="kpis/finance/mrr.html"]').click()
    page.wait_for_url("**/kpis/finance/mrr.html")
    assert page.title().startswith("Monthly Recurring Revenue")
    assert page.problems == []


def test_keyboard_search(page_factory, subpath_url):
    page = page_factory()
    page.goto(subpath_url)
    page.keyboard.press("/")
    page.keyboard.type("uptime")
    page.locator("#search-results a").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kpis/platform/uptime.html")
    assert page.title().startswith("Platform Uptime")


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_horizontal_overflow(page_factory, subpath_url, width):
    page = page_factory(width=width)
    for path, name in [("index.html", "home"), ("teams/customer-success.html", "team"),
                       ("okrs/2026-Q3/platform/scale-for-duo.html", "objective"),
                       ("alignment/2026-Q3.html", "alignment"), ("kpis/finance/mrr.html", "kpi"),
                       ("periods/index.html", "archive")]:
        page.goto(subpath_url + path)
        screenshot(page, f"{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert page.problems == []


def test_dark_mode_and_print(page_factory, subpath_url):
    page = page_factory()
    page.emulate_media(color_scheme="dark")
    page.goto(subpath_url)
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert background == "rgb(15, 20, 26)"
    screenshot(page, "home-dark-1280")
    page.emulate_media(media="print", color_scheme="light")
    assert page.evaluate("getComputedStyle(document.querySelector('.search')).display") == "none"


def test_usable_without_javascript(browser, subpath_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(subpath_url + "alignment/2026-Q3.html")
    assert page.get_by_role("link", name="Give Duo terminals a backend that never blinks").first.is_visible()
    assert not page.locator(".search").is_visible()
    context.close()


def test_filters_narrow_the_cards_in_place_and_stay_links(page_factory, subpath_url):
    page = page_factory(width=390)
    page.goto(subpath_url + "teams/engineering.html")
    cards = page.locator("#current-objectives article")
    total = cards.count()
    tagged = page.locator('#current-objectives article[data-tags~="duo"]').count()
    assert 0 < tagged < total
    duo = page.locator('nav.filters a[data-tag="duo"]')
    assert duo.get_attribute("href") == "../tags/duo.html"  # without JavaScript: the tag's page
    duo.click()
    assert page.url.endswith("teams/engineering.html")
    assert page.locator("#current-objectives article:visible").count() == tagged
    status = page.locator("nav.filters .filter-status")
    assert status.inner_text().startswith(f"Showing {tagged} of {total} objectives tagged “duo”.")
    status.get_by_role("button", name="Show all").click()
    assert page.locator("#current-objectives article:visible").count() == total
    owner = page.locator("nav.filters a[data-owner]").first
    owned = page.locator(f'#current-objectives article[data-owner="{owner.get_attribute("data-owner")}"]').count()
    owner.click()
    assert page.locator("#current-objectives article:visible").count() == owned
    owner.click()  # the same filter again: everything back
    assert page.locator("#current-objectives article:visible").count() == total
    assert page.problems == []
