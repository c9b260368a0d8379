"""`okrsite init [DIR]`: a new site, ready to build, with a CI workflow; in an existing site, only what is missing."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from okrsite.pipeline import UsageError
from okrsite.scaffold import empty_site, example_site, installed_requirement, tooling


def run_init(args: argparse.Namespace) -> int:
    folder: Path = args.directory
    install = args.install or installed_requirement()
    if install is None:
        raise UsageError("this okrsite is installed from a local folder, which the GitHub workflow cannot install "
                         "from: pass --install SPEC with what `pip install` should take there, e.g. "
                         '--install "okrsite @ git+https://github.com/<org>/okrsite@<tag>"; nothing was written')
    existing_site = (folder / "okrsite.toml").exists() or (folder / "content").exists()
    content = {} if existing_site else empty_site() if args.no_example else example_site(args.as_of or date.today())
    files = {**content, **tooling(install)}
    kept = sorted(name for name in files if (folder / name).exists())
    for name, text in files.items():
        if name in kept:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if kept:
        print(f"okrsite init: kept {len(kept)} file{'s' * (len(kept) != 1)} that already exist{'s' * (len(kept) == 1)} "
              f"({', '.join(kept)}); init never overwrites")
    if len(kept) == len(files):
        print(f"okrsite init: {folder} has everything init writes; nothing was added")
        return 0
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(f"okrsite init: wrote {len(files) - len(kept)} files to {folder}.\nNext: {where}okrsite serve   "
          "(then commit, push to GitHub and turn on Pages with the GitHub Actions source)")
    return 0
