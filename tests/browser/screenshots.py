"""Screenshots of every page kind of the demo, at 390 and 1280 px, light and dark, for people to look
at (the browser tests check what a machine can): `python -m tests.browser.screenshots [OUT]` builds
the demo and writes OUT/<page>-<width>-<scheme>.png (default .artifacts/screenshots/kinds)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM_ARGS, SCREENSHOTS
from tests.browser.test_accessibility import PAGE_KINDS
from tests.conftest import REPO
from tests.render.helpers import build_site


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        site = build_site(REPO / "okrsite.toml", Path(folder) / "site")
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                for path in PAGE_KINDS:
                    page.goto((site / path).as_uri())
                    name = path.removesuffix(".html").replace("/", "_")
                    page.screenshot(path=str(out / f"{name}-{width}-{scheme}.png"), full_page=True)
                context.close()
        browser.close()
    print(f"{len(PAGE_KINDS) * 4} screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SCREENSHOTS / "kinds")
