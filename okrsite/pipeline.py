"""The stages in order: config -> load -> validate -> compute. Commands call this, then render or export."""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable

from okrsite.compute import Results, compute
from okrsite.config import CONFIG_NAME, Config, load_config
from okrsite.diagnostics import Diagnostics
from okrsite.memo import DocumentCache, compute_now
from okrsite.lint.run import Linted, lint_site
from okrsite.loader import load_content
from okrsite.model import Site
from okrsite.validate import leave_out_drafts, validate


class UsageError(Exception):
    """A problem with how okrsite was called (exit code 2), not with the content."""


@dataclass(frozen=True, slots=True)
class Project:
    config: Config
    as_of: date
    site: Site | None  # None when the configuration itself is broken
    results: Results | None  # None when there are errors
    diagnostics: Diagnostics
    checked: tuple = ()  # what loading and validating reported (lint's warnings are the rest)
    linted: Linted | None = None  # lint's warnings, when there are results


def find_root(config_file: Path | None) -> Path:
    """The site folder: where okrsite.toml is, or the current folder holding content/."""
    if config_file is not None:
        if not config_file.is_file():
            raise UsageError(f"config file {config_file} does not exist")
        return config_file.resolve().parent
    root = Path.cwd()
    if not (root / CONFIG_NAME).is_file() and not (root / "content").is_dir():
        raise UsageError(f"no {CONFIG_NAME} and no content/ folder in {root}: "
                         "run okrsite in a site folder, or pass --config PATH")
    return root


def run(config_file: Path | None = None, as_of: date | None = None, cache: DocumentCache | None = None,
        base_url: str | None = None, read_bytes: Callable[[str], bytes] | None = None,
        listing: tuple[Path, list[str]] | None = None, drafts: bool = False) -> Project:
    """Load, validate and compute the site; every problem ends up in `diagnostics`.

    `cache`, `read_bytes` and `listing` are what `serve` keeps between rebuilds (see `load_content`);
    files are read with the configuration's `SiteFiles` by default. Draft objectives are validated,
    then left out of the site and every number unless `drafts`.

    The cyclic garbage collector is paused meanwhile: these stages build millions of small objects
    that are freed by reference counting, and scanning them over and over cost about 15 %. What
    they built lives on while the command renders or reports: it is frozen, so that the collector
    does not scan it again (a full scan of a 10,000-objective model takes about 0.25 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(config_file, as_of, cache, base_url, read_bytes, listing, drafts)
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def _run(config_file: Path | None, as_of: date | None, cache: DocumentCache | None, base_url: str | None,
         read_bytes: Callable[[str], bytes] | None, listing: tuple[Path, list[str]] | None,
         drafts: bool = False) -> Project:
    root = find_root(config_file)
    diagnostics = Diagnostics()
    config = load_config(root, diagnostics, config_file.resolve() if config_file else None)
    if as_of is not None:
        config = replace(config, as_of=as_of)
    if base_url is not None:
        config = replace(config, base_url=base_url)
    effective = config.effective_as_of()
    if diagnostics.has_errors:
        return Project(config, effective, None, None, diagnostics)
    # serve's listing of the content folder, when it is the folder of this configuration
    paths = listing[1] if listing is not None and listing[0] == config.content_path else None
    raw = load_content(root, config.content_dir, diagnostics, read_bytes or config.files().listed, paths)
    site = validate(raw, config, diagnostics, cache)
    if not drafts:
        site = leave_out_drafts(site, diagnostics)
    results = None if diagnostics.has_errors else compute(site, effective, config.status,
                                                          cache.memo if cache else compute_now)
    checked = tuple(diagnostics.items)
    linted = lint_site(site, results, config) if results is not None else None
    if linted is not None:
        diagnostics.extend(linted.diagnostics())
    if cache is not None:
        cache.sweep()
    return Project(config, effective, site, results, diagnostics, checked, linted)
