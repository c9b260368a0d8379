"""Build fixture sites into tmp folders and read the output like a browser would."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from okrsite.commands.build import build
from okrsite.pipeline import run


def build_site(config: Path, out: Path) -> Path:
    project = run(config)
    assert not project.diagnostics.has_errors, project.diagnostics.items
    build(project, out)
    return out


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))
