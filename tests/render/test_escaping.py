"""Hostile titles, names, notes and bodies appear as text, never as markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, copy_fixture
from tests.render.helpers import build_site, html_files, parse

OUR_SCRIPTS = 2  # the no-js class switch and okrsite.js


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return build_site(FIXTURES / "hostile/okrsite.toml", tmp_path_factory.mktemp("hostile") / "_site")


def test_no_injected_elements_or_event_handlers(hostile):
    for page in html_files(hostile):
        tags = parse(page).tags
        assert sum(1 for t, _ in tags if t == "script") == OUR_SCRIPTS, page
        assert not [t for t, _ in tags if t in ("iframe", "img", "u", "em", "b", "i", "object", "embed")], page
        for tag, attributes in tags:
            assert not [k for k in attributes if k.startswith("on")], (page, tag, attributes)
            for name in ("href", "src"):
                value = (attributes.get(name) or "").replace(" ", "").lower()
                assert not value.startswith(("javascript:", "data:")), (page, tag, attributes)


def test_hostile_strings_are_shown_as_text(hostile):
    text = " ".join(parse(hostile / "okrs/2026-Q3/acme/top.html").text)
    assert "<script>alert('objective')</script>" in text
    assert "KR <img src=x onerror=alert('kr')>" in text
    assert "<script>alert('note')</script>" in text
    plan = " ".join(parse(hostile / "okrs/2026-Q3/evil/plan.html").text)
    assert "Plan ]]> --> <!-- \" ' `" in plan
    assert "&lt;already escaped&gt; <b>x</b>" in plan
    team = " ".join(parse(hostile / "teams/acme.html").text)
    assert "Acme <b>bold</b> & \"quotes\"" in team


def test_raw_html_and_dangerous_links_in_bodies_are_dropped(hostile):
    html = (hostile / "okrs/2026-Q3/acme/top.html").read_text()
    assert '<div onclick' not in html
    assert "&lt;div onclick=&quot;alert('div')&quot;&gt;raw html block&lt;/div&gt;" in html
    assert 'href="javascript:' not in html and 'href="data:' not in html


def test_site_title_is_escaped_in_every_page_and_the_feed(hostile):
    for page in html_files(hostile):
        assert "<script>alert('site')</script>" not in page.read_text()
    feed = (hostile / "feed.xml").read_text()
    assert "&lt;script&gt;alert(&#x27;site&#x27;)&lt;/script&gt;" in feed
    assert "<script>" not in feed


def test_allow_html_turns_raw_html_on(tmp_path):
    site = copy_fixture("hostile", tmp_path, "[markdown]\nallow_html = true\n")
    out = build_site(site / "okrsite.toml", tmp_path / "out")
    html = (out / "okrs/2026-Q3/acme/top.html").read_text()
    assert "<div onclick=\"alert('div')\">raw html block</div>" in html
    assert 'href="javascript:' not in html  # links stay filtered even then
