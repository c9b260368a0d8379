"""The one URL builder: where every page lives, and links relative to the page they sit on.

Pages are flat `.html` files (never folder URLs) so that the same output works at a domain
root, under a sub-path, and opened straight from disk.
"""

from __future__ import annotations

import re
from functools import partial

from okrsite.model import slugify

__all__ = ["slugify"]  # people's page names come from the one slug function, with the model's

HOME = "index.html"
ARCHIVE = "periods/index.html"
TEAMS = "teams/index.html"
KPIS = "kpis/index.html"
PEOPLE = "people/index.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
SEARCH_INDEX = "assets/search-index.js"


def _page(folder: str, name: str) -> str:
    """Every page of one kind lives flat in its own folder: `folder/name.html`."""
    return f"{folder}/{name}.html"


period_page = partial(_page, "periods")  # a period's dashboard, by period id
alignment_page = partial(_page, "alignment")  # a period's alignment tree, by period id
health_page = partial(_page, "health")  # a period's OKR-practice findings, by period id
team_page = partial(_page, "teams")  # by team id
objective_page = partial(_page, "okrs")  # by objective ref, `<period>/<team>/<slug>`
kpi_page = partial(_page, "kpis")  # by KPI ref, `<team>/<slug>`
person_page = partial(_page, "people")  # by the person's slug
digest_page = partial(_page, "digest")  # a week's digest, by ISO week `2026-W33`
tag_page = partial(_page, "tags")  # the objectives with a tag, by the tag's slug


def asset(name: str) -> str:
    return f"assets/{name}"


def relative(from_page: str, to_page: str) -> str:
    """The link from one output file to another (both relative to the site root, no `..` inside).

    Always up to the root, then down: `teams/a.html` links `teams/b.html` as `../teams/b.html`.
    As cheap as string concatenation, and right at any sub-path and from disk.
    """
    if to_page.startswith(from_page + "#"):
        return to_page[len(from_page):]
    return "../" * from_page.count("/") + to_page


def root_prefix(from_page: str) -> str:
    """`../` repeated to reach the site root from `from_page` (empty at the root)."""
    return "../" * from_page.count("/")


def absolute(base_url: str, page: str) -> str:
    """A full URL for feeds and sitemaps, given `base_url`."""
    return base_url.rstrip("/") + "/" + page


def edit_page(repo_url: str, edit_uri: str, source: str) -> str | None:
    """Where a content file (`source`, relative to the site folder) opens in the repository's web
    editor, as MkDocs does it: `repo_url` + `edit_uri` + the path; `edit_uri` defaults to
    `edit/main/` on github.com. None without a `repo_url`, or without an `edit_uri` elsewhere."""
    if not repo_url:
        return None
    edit_uri = edit_uri or ("edit/main/" if re.match(r"https?://(www\.)?github\.com/", repo_url) else "")
    if not edit_uri:
        return None
    return repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + source
