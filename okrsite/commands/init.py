"""`okrsite init [DIR]`: a new site, ready to build, with a CI workflow; in an existing site, only what is missing."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from okrsite.files import Refused, create
from okrsite.pipeline import UsageError
from okrsite.scaffold import empty_site, example_site, installed_requirement, tooling


def run_init(args: argparse.Namespace) -> int:
    folder: Path = args.directory
    install = args.install or installed_requirement()
    if install is None:
        raise UsageError("this okrsite is installed from a local folder, which the GitHub workflow cannot install "
                         "from: pass --install SPEC with what `pip install` should take there, e.g. "
                         '--install "okrsite @ git+https://github.com/<org>/okrsite@<tag>"; nothing was written')
    existing_site = os.path.lexists(folder / "okrsite.toml") or os.path.lexists(folder / "content")
    content = {} if existing_site else empty_site() if args.no_example else example_site(args.as_of or date.today())
    files = {**content, **tooling(install)}
    kept, failed = [], []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot make the folder {folder}: {error.strerror or error}; nothing was written") from None
    for name, text in files.items():
        try:
            create(folder, name, text.encode("utf-8"))
        except FileExistsError:
            kept.append(name)
        except Refused as refused:
            failed.append(f"{name}: {refused.reason}")
        except OSError as error:
            failed.append(f"{name}: {error.strerror or error}")
    if kept:
        print(f"okrsite init: kept {len(kept)} file{'s' * (len(kept) != 1)} that already exist{'s' * (len(kept) == 1)} "
              f"({', '.join(sorted(kept))}); init never overwrites, nor writes through a symbolic link")
    for problem in failed:
        print(f"okrsite init: error: cannot write {problem}", file=sys.stderr)
    written = len(files) - len(kept) - len(failed)
    if failed:
        print(f"okrsite init: wrote {written} files to {folder}; {len(failed)} could not be written", file=sys.stderr)
        return 1
    if not written:
        print(f"okrsite init: {folder} has everything init writes; nothing was added")
        return 0
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(f"okrsite init: wrote {written} files to {folder}.\nNext: {where}okrsite serve   "
          "(then commit, push to GitHub and turn on Pages with the GitHub Actions source)")
    return 0
