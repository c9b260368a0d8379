"""`okrsite init [DIR]`: a new site, ready to build, with a CI workflow; never overwrites."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from okrsite.pipeline import UsageError
from okrsite.scaffold import example_site, installed_requirement


def run_init(args: argparse.Namespace) -> int:
    folder: Path = args.directory
    install = args.install or installed_requirement()
    if install is None:
        raise UsageError("this okrsite is installed from a local folder, which the GitHub workflow cannot install "
                         "from: pass --install SPEC with what `pip install` should take there, e.g. "
                         '--install "okrsite @ git+https://github.com/<org>/okrsite@<tag>"; nothing was written')
    files = example_site(args.as_of or date.today(), install)
    existing = sorted(name for name in files if (folder / name).exists())
    if existing:
        raise UsageError(f"{folder} already has {', '.join(existing)}; nothing was written "
                         "(okrsite init never overwrites: choose an empty folder)")
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(f"okrsite init: wrote {len(files)} files to {folder}.\nNext: {where}okrsite serve   "
          "(then commit, push to GitHub and turn on Pages with the GitHub Actions source)")
    return 0
