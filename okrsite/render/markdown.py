"""Markdown bodies: CommonMark with tables, strikethrough, task lists and heading anchors.

Raw HTML is off unless `markdown.allow_html = true`; `javascript:`, `vbscript:`, `file:` and
`data:` links are dropped either way. Body headings are shifted one level down so that the
page keeps its single `h1`.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

_BAD_PROTOCOL = re.compile(r"^\s*(javascript|vbscript|file|data):", re.IGNORECASE)


def _shift_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"


def _safe_link(url: str) -> bool:
    return not _BAD_PROTOCOL.match(re.sub(r"[\x00-\x20]", "", url))


def make_renderer(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(tasklists_plugin, label=True).use(anchors_plugin, min_level=1, max_level=4, slug_func=_slug)
    md.core.ruler.push("shift_headings", _shift_headings)
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def _slug(text: str) -> str:
    return "h-" + (re.sub(r"[^\w-]+", "-", text.strip().lower()).strip("-") or "section")


def render(md: MarkdownIt, text: str) -> str:
    return md.render(text) if text.strip() else ""
