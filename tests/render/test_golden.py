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
