"""Golden output: the demo company built with its fixed as_of equals the checked-in tree.

After an intended change to the theme, the views or the demo, regenerate it with
`OKRSITE_UPDATE_GOLDEN=1 python -m pytest tests/render/test_golden.py` and review the diff.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from tests.conftest import REPO
from tests.render.helpers import build_site

GOLDEN = Path(__file__).parent.parent / "golden" / "demo"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_demo_build_matches_the_golden_tree(tmp_path):
    built = build_site(REPO / "okrsite.toml", tmp_path / "_site")
    if os.environ.get("OKRSITE_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(built, GOLDEN)
    expected, actual = files(GOLDEN), files(built)
    assert sorted(actual) == sorted(expected), "pages added or removed"
    changed = [name for name in sorted(actual) if actual[name] != expected[name]]
    if changed:
        first = changed[0]
        diff = "\n".join(list(difflib.unified_diff(
            expected[first].decode(errors="replace").splitlines(), actual[first].decode(errors="replace").splitlines(),
            f"golden/{first}", f"built/{first}", lineterm=""))[:40])
        raise AssertionError(f"{len(changed)} files differ from tests/golden/demo, first {first}:\n{diff}")


GOLDEN_KO = Path(__file__).parent.parent / "golden" / "demo-ko"
KO_PAGES = ["index.html", "periods/2026-Q2.html", "teams/customer-success.html", "health/2026-Q3.html",
            "okrs/2026-Q3/platform/einvoice-at-scale.html", "kpis/platform/uptime.html", "digest/2026-W33.html",
            "feed.xml", "assets/search-index.js"]


def test_the_demo_in_korean_matches_its_golden_pages(tmp_path):
    """One language besides English (issue 18): its words, dates and numbers, page by page."""
    root = tmp_path / "demo"
    shutil.copytree(REPO / "content", root / "content")
    (root / "okrsite.toml").write_text((REPO / "okrsite.toml").read_text().replace('language = "en"', 'language = "ko"'),
                                       encoding="utf-8")
    built = build_site(root / "okrsite.toml", root / "_site")
    if os.environ.get("OKRSITE_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN_KO, ignore_errors=True)
        for page in KO_PAGES:
            (GOLDEN_KO / page).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built / page, GOLDEN_KO / page)
    changed = [page for page in KO_PAGES if (built / page).read_bytes() != (GOLDEN_KO / page).read_bytes()]
    assert changed == [], f"differ from tests/golden/demo-ko: {changed}"
