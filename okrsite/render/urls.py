"""The one URL builder: where every page lives, and links relative to the page they sit on.

Pages are flat `.html` files (never folder URLs) so that the same output works at a domain
root, under a sub-path, and opened straight from disk.
"""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """A lowercase ASCII slug for a person's name (`Siti Nur'Aisyah` -> `siti-nuraisyah`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")
    return slug or "person"


HOME = "index.html"
ARCHIVE = "periods/index.html"
TEAMS = "teams/index.html"
KPIS = "kpis/index.html"
PEOPLE = "people/index.html"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
SEARCH_INDEX = "assets/search-index.js"


def period_page(period_id: str) -> str:
    return f"periods/{period_id}.html"


def alignment_page(period_id: str) -> str:
    return f"alignment/{period_id}.html"


def health_page(period_id: str) -> str:
    return f"health/{period_id}.html"


def team_page(team_id: str) -> str:
    return f"teams/{team_id}.html"


def objective_page(ref: str) -> str:
    return f"okrs/{ref}.html"


def kpi_page(ref: str) -> str:
    return f"kpis/{ref}.html"


def person_page(slug: str) -> str:
    return f"people/{slug}.html"


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
