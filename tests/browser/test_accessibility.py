"""Every page kind of the demo at 390 and 1280 px, light and dark (issue 17, part 3): no serious or
critical axe-core violation, no sideways scrolling, the whole navigation within reach, no console error."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_KINDS = [
    "index.html", "periods/2026-Q2.html", "periods/index.html", "alignment/2026-Q3.html", "health/2026-Q3.html",
    "teams/index.html", "teams/customer-success.html", "okrs/2026-Q3/platform/einvoice-at-scale.html",
    "okrs/2026-Q2/platform/cloud-costs-in-check.html", "okrs/2026-Q3/@thanusha-maniam/first-response-coach.html",
    "okrs/2026-Q3/company/keep-every-merchant.html", "okrs/2026-Q3/engineering/product-analytics.html",
    "kpis/index.html", "kpis/platform/uptime.html", "people/index.html", "people/lee-chun-wai.html",
    "digest/2026-W33.html", "tags/duo.html", "404.html",
]
NAV = ["Dashboard", "Alignment", "Teams", "KPIs", "People", "Archive"]


@pytest.fixture(scope="module")
def axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright")
    return module.Axe()


# Colours differ between the schemes and layout between the widths: two runs see every difference.
@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_every_page_kind_is_accessible_and_fits_the_screen(browser, subpath_url, axe, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    found = {}
    try:
        for path in PAGE_KINDS:
            page.goto(subpath_url + path)
            violations = [v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")]
            if violations:
                found[path] = [(v["id"], v["nodes"][0]["html"][:80]) for v in violations]
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"):
                found.setdefault(path, []).append(("scrolls sideways", ""))
            navigation = page.get_by_role("navigation", name="Main")
            for name in NAV:
                link = navigation.get_by_role("link", name=name, exact=True)
                box = link.bounding_box()
                if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
                    found.setdefault(path, []).append(("navigation out of reach", name))
    finally:
        context.close()
    assert found == {}
    assert problems == []


def test_permalinks_show_on_hover_and_focus_only(browser, subpath_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(subpath_url + "okrs/2026-Q3/platform/einvoice-at-scale.html")
    permalink = page.locator(".permalink").first
    assert permalink.evaluate("e => getComputedStyle(e).opacity") == "0"
    permalink.focus()
    assert permalink.evaluate("e => getComputedStyle(e).opacity") == "1"
    context.close()
