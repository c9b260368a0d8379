from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.render.helpers import build_site

SCREENSHOTS = REPO / ".artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo built into <tmp>/www/okr-demo/, so it can be served under a sub-path."""
    www = tmp_path_factory.mktemp("www")
    build_site(REPO / "okrsite.toml", www / "okr-demo")
    return www / "okr-demo"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="session")
def subpath_url(demo_site: Path):
    """An HTTP server on a free local port serving the site at /okr-demo/ (like GitHub project pages)."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/okr-demo/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `bash scripts/test.sh`, which installs it")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_factory(browser):
    """New pages that record console errors and failed requests."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        # The live-reload event stream is cut by design when the page reloads.
        page.on("requestfailed", lambda r: None if r.url.endswith("/__okrsite/events")
                else page.problems.append(f"request failed: {r.url}"))
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
