"""A site in Korean (issue 18) on a phone: it fits the screen and its search finds a Korean title
by a part of it (Korean writes some words without spaces between them)."""

from __future__ import annotations

import pytest

from tests.conftest import copy_fixture
from tests.render.helpers import build_site

pytestmark = pytest.mark.browser

KOREAN_TITLE = "고객신뢰회복하기"  # "restore customer trust", written without spaces


@pytest.fixture(scope="module")
def korean_site(tmp_path_factory):
    root = copy_fixture("tiny", tmp_path_factory.mktemp("ko"), 'language = "ko"\n')
    path = root / "content/okrs/2026-Q3/support/fewer-defects.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Restore customer trust",
                                                             f"title: {KOREAN_TITLE}", 1), encoding="utf-8")
    return build_site(root / "okrsite.toml", root / "_site")


def test_a_korean_page_fits_a_phone_and_search_finds_a_korean_title_by_a_part(browser, korean_site):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        for path in ("index.html", "periods/2026-Q3.html", "teams/support.html",
                     "okrs/2026-Q3/support/fewer-defects.html", "kpis/index.html", "periods/index.html"):
            page.goto((korean_site / path).as_uri())
            assert page.evaluate("document.documentElement.lang") == "ko"
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
        page.goto((korean_site / "index.html").as_uri())
        page.locator("#search-input").fill("신뢰회복")  # the middle of the title
        hit = page.locator("#search-results a", has_text=KOREAN_TITLE)
        hit.wait_for()
        assert hit.get_attribute("href").endswith("okrs/2026-Q3/support/fewer-defects.html")
        page.locator("#search-input").fill("없는말")
        assert page.locator("#search-results li").first.inner_text() != "No match"  # said in Korean
    finally:
        context.close()
    assert problems == []
