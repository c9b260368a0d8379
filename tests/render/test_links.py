"""Every internal link of the built site resolves, relative, with nothing loaded from the internet."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import FIXTURES, REPO
from tests.render.helpers import build_site, html_files, parse

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


@pytest.fixture(scope="module", params=["demo", "tiny", "hostile"])
def built(request, tmp_path_factory) -> Path:
    config = REPO / "okrsite.toml" if request.param == "demo" else FIXTURES / request.param / "okrsite.toml"
    return build_site(config, tmp_path_factory.mktemp(request.param) / "_site")


def anchors_of(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = {a["id"] for _, a in parse(path).tags if a.get("id")}
    return cache[path]


def test_every_relative_link_resolves_and_none_is_absolute_or_external(built):
    anchors: dict[Path, set[str]] = {}
    problems = []
    checked = 0
    for page in html_files(built):
        for tag, attributes in parse(page).tags:
            name = LINK_ATTRIBUTES.get(tag)
            url = attributes.get(name) if name else None
            if url is None:
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                if tag != "a":
                    problems.append(f"{page.relative_to(built)}: external resource {url}")
                continue
            if url.startswith("/"):
                problems.append(f"{page.relative_to(built)}: root-absolute link {url}")
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                problems.append(f"{page.relative_to(built)}: broken link {url}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in anchors_of(target, anchors):
                problems.append(f"{page.relative_to(built)}: missing anchor {url}")
            checked += 1
    assert problems == []
    assert checked > 10 * len(html_files(built)) // 2


def test_stylesheets_and_scripts_reference_nothing_outside(built):
    css = (built / "assets/okrsite.css").read_text()
    js = (built / "assets/okrsite.js").read_text()
    assert not re.search(r"url\(|@import|https?://", css)
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest", js)

