"""`okrsite serve` in Chromium: a saved edit reloads the open page by itself; a broken one shows why."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import REPO
from tests.serve.test_serve import Server

pytestmark = pytest.mark.browser
OBJECTIVE = "content/okrs/2026-Q3/platform/scale-for-duo.md"


@pytest.fixture
def demo_server(tmp_path):
    site = tmp_path / "demo"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copy(REPO / "okrsite.toml", site)
    server = Server(site, tmp_path, "--port", "0")
    server.site = site
    yield server
    server.stop()


def test_saved_checkin_reloads_the_page(page_factory, demo_server, capsys):
    page = page_factory()
    page.goto(f"http://127.0.0.1:{demo_server.port}/okrs/2026-Q3/platform/scale-for-duo.html")
    assert page.get_by_text("0.9% (latest check-in)").is_visible()
    path = demo_server.site / OBJECTIVE
    text = path.read_text().replace(
        '      - {date: 2026-08-14, value: 0.9, confidence: 0.85, note: "Steady under 1%."}',
        '      - {date: 2026-08-14, value: 0.9, confidence: 0.85, note: "Steady under 1%."}\n'
        '      - {date: 2026-08-18, value: 0.7, confidence: 0.9, note: "Saved from the editor."}')
    saved = time.monotonic()
    path.write_text(text)
    page.get_by_text("0.7% (latest check-in)").wait_for(timeout=10_000)
    elapsed = time.monotonic() - saved
    with capsys.disabled():
        print(f"\n[live reload] save to reloaded page on the demo: {elapsed:.2f} s")
    assert elapsed < 3
    assert page.problems == []


def test_broken_yaml_shows_file_and_line_then_recovers(page_factory, demo_server):
    page = page_factory()
    page.goto(f"http://127.0.0.1:{demo_server.port}/index.html")
    path = demo_server.site / OBJECTIVE
    good = path.read_text()
    path.write_text(good.replace("    start: 530\n", "    start: 530\n   target: 300\n", 1))
    page.get_by_text("The site could not be built").wait_for(timeout=10_000)
    assert f"{OBJECTIVE}:23:4: error: YAML syntax error" in page.locator(".okrsite-diagnostics").inner_text()
    screenshot(page, "serve-error-1280")
    path.write_text(good)
    page.get_by_text("Company dashboard").first.wait_for(timeout=10_000)
