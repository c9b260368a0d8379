"""What serve answers equals a cold build of the same files, URL for URL, byte for byte, after any edit.

serve keeps a model, patches it on an edit and renders each requested file from it; nothing in
it decides which pages an edit touches. These tests hold it to that: a generated company of
about 300 objectives (benchmarks/generate.py) goes through hundreds of random edits, and after
each one every URL of a cold `okrsite build` of the same files is fetched over HTTP from serve.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import random
import re
import shutil
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from okrsite.commands.build import build
from okrsite.pipeline import run
from okrsite.render.site import DEFAULT_THEME
from okrsite.serve.http import EVENTS, PreviewServer, inject
from okrsite.serve.live import LiveSite
from tests.conftest import REPO, copy_fixture

sys.path.insert(0, str(REPO / "benchmarks"))
from company import make_company  # noqa: E402
from generate import teams_for_objectives, write_site  # noqa: E402

Q3 = "content/okrs/2026-Q3"
# The site's own alignment template also lists each node's key results and the KPI they follow:
# view data the default theme offers and does not show.
RICHER_ALIGNMENT = ('{% if n.children %}<ul>',
                    '<ul class="krs">{% for k in n.key_results %}<li>{{ k.title }}'
                    '{% if k.kpi %} · {{ k.kpi.title }}{% endif %}</li>{% endfor %}</ul>\n  {% if n.children %}<ul>')


def cold_build(config: str, out: str) -> None:
    """`okrsite build` of the site as it is now, into `out` (run in a process of its own)."""
    build(run(Path(config)), Path(out), workers=1)


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Client:
    """serve in this process, on a free port, and a keep-alive connection to it."""

    def __init__(self, live: LiveSite) -> None:
        self.server = PreviewServer(("127.0.0.1", 0), live)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        self.connection.request("GET", "/" + path)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()
        self.server.shutdown()
        self.server.server_close()


def assert_served_like(client: Client, live: LiveSite, cold: dict[str, bytes], label: str,
                       fetched: dict[str, tuple[int, bytes]] | None = None) -> None:
    """Every file of the cold build comes back from serve with the same bytes (pages with the
    live-reload script serve adds), and every other URL in `fetched` (what serve answered while the
    cold build ran) is a 404."""
    fetched = dict(fetched or {})
    build_number = live.served().build
    different = []
    for path, data in cold.items():
        status, body = fetched[path] if path in fetched else client.get(path)
        expected = inject(data, build_number) if path.endswith(".html") else data
        if status != 200 or body != expected:
            different.append(path)
    assert not different, f"{label}: {len(different)} files differ from a cold build, e.g. {different[:6]}"
    extra = sorted(path for path, (status, _) in fetched.items() if path not in cold and status != 404)
    assert not extra, f"{label}: serve answers {extra[:6]}, which a cold build does not have"


def write(path: Path, text: str, tick: list[int], seen: set[str], undo: list | None = None) -> None:
    if undo is not None:
        undo.append((path, path.read_text() if path.exists() else None))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    tick[0] += 1_000_000
    os.utime(path, ns=(tick[0], tick[0]))  # distinct times even on coarse file systems
    seen.add(str(path))


class Editor:
    """Random edits of a generated company, of every kind a team makes in a quarter."""

    KINDS = ("checkin", "checkin", "checkin", "title", "kpi-title", "kpi-snapshot", "team-name", "team-parent", "new",
             "delete", "rename", "realign", "break", "theme")

    def __init__(self, site: Path, seed: int) -> None:
        self.site, self.random = site, random.Random(seed)
        self.tick = [1_700_000_000_000_000_000]
        self.seen: set[str] = set()  # what a watcher would have reported since the last rebuild
        self.undo: list[tuple[Path, str | None]] = []  # how to take back the last edit: (file, its text before)

    def write(self, path: Path, text: str) -> None:
        write(path, text, self.tick, self.seen, self.undo)

    def take_back(self) -> None:
        """Undo the last edit (one that broke the content), file by file."""
        for path, text in reversed(self.undo):
            if text is None:
                path.unlink(missing_ok=True)
                self.seen.add(str(path))
            else:
                write(path, text, self.tick, self.seen)
        self.undo = []

    def objectives(self, period: str = "2026-Q3") -> list[Path]:
        return sorted((self.site / "content/okrs" / period).rglob("*.md"))

    def edit(self, kind: str, step: int) -> str:
        """Make one edit of `kind`; returns what it did, for messages."""
        pick = self.random.choice
        self.undo = []
        if kind == "break":  # a file that is not YAML
            self.write(self.site / Q3 / "company" / f"broken-{step}.md", "---\ntitle: [oops\nkey_results: []\n---\n")
            return "broken file"
        if kind in ("checkin", "title", "realign", "delete", "rename"):
            path = pick(self.objectives(pick(["2026-Q2", "2026-Q3", "2026-Q3", "2026-Q4"])))
            text = path.read_text()
            if kind == "checkin":  # a check-in's value (and now and then its note)
                values = list(re.finditer(r"value: (-?[\d.]+)", text))
                if values:
                    found = pick(values)
                    text = text[:found.start(1)] + str(round(float(found.group(1)) * self.random.uniform(0.8, 1.3), 1)) \
                        + text[found.end(1):]
                if self.random.random() < 0.3:
                    text = text.replace("confidence: 0.8", f"confidence: 0.8, note: \"Step {step}\"", 1)
            elif kind == "title":
                text = re.sub(r'^title: .*$', f'title: "Edited objective {step}"', text, count=1, flags=re.M)
                text = re.sub(r'^    title: .*$', f'    title: "Edited key result {step}"', text, count=1, flags=re.M)
            elif kind == "realign":
                targets = [p for p in self.objectives(path.parent.parent.name) if p.parent != path.parent]
                if targets:
                    target = pick(targets)
                    text = re.sub(r"^aligns_to:\n(  - .*\n)*", "", text, flags=re.M)
                    text = text.replace("\nkey_results:", f"\naligns_to: {target.parent.name}/{target.stem}\nkey_results:", 1)
            elif kind == "delete":
                self.undo.append((path, text))
                path.unlink()
                self.seen.add(str(path))
                return f"deleted {path.relative_to(self.site)}"
            elif kind == "rename":
                new = path.with_name(f"{path.stem}-{step}.md")
                self.undo += [(path, text), (new, None)]
                path.rename(new)
                self.seen.update({str(path), str(new)})
                return f"renamed {path.relative_to(self.site)}"
            self.write(path, text)
            return f"{kind} {path.relative_to(self.site)}"
        if kind in ("kpi-title", "kpi-snapshot"):
            path = pick(sorted((self.site / "content/kpis").rglob("*.md")))
            text = path.read_text()
            if kind == "kpi-title":
                text = re.sub(r'^title: .*$', f'title: "Renamed KPI {step}"', text, count=1, flags=re.M)
            else:
                text = text.replace("snapshots:\n", f"snapshots:\n  - {{date: 2026-08-{10 + step % 9:02d}, "
                                                    f"value: {step}.5, note: \"Snapshot {step}\"}}\n", 1)
                if "snapshots:" not in text:
                    text = text.replace("\n---\n", f"\nsnapshots:\n  - {{date: 2026-08-12, value: {step}}}\n---\n", 1)
            self.write(path, text)
            return f"{kind} {path.relative_to(self.site)}"
        if kind in ("team-name", "team-parent"):
            teams = sorted((self.site / "content/teams").glob("*.md"))
            path = pick([t for t in teams if "parent:" in t.read_text()])
            text = path.read_text()
            if kind == "team-name":
                text = re.sub(r'^name: .*$', f'name: "Team {step}"', text, count=1, flags=re.M)
            else:  # under another team that is not below it
                parents = [t.stem for t in teams if t != path and f"parent: {path.stem}\n" not in t.read_text()]
                text = re.sub(r"^parent: .*$", f"parent: {pick(parents)}", text, count=1, flags=re.M)
            self.write(path, text)
            return f"{kind} {path.relative_to(self.site)}"
        if kind == "new":
            source = pick(self.objectives())
            new = source.with_name(f"new-{step}.md")
            self.write(new, source.read_text().replace('title: "', f'title: "New {step} ', 1))
            return f"new {new.relative_to(self.site)}"
        if kind == "theme":
            template = (DEFAULT_THEME / "templates/alignment.html").read_text()
            if self.random.random() < 0.8:
                template = template.replace(*RICHER_ALIGNMENT).replace("Cascade", f"Cascade {step}")
            self.write(self.site / "themes/default/templates/alignment.html", template)
            return "theme alignment.html"
        raise AssertionError(kind)

    def watched(self) -> set[str] | None:
        """What the watcher saw since the last rebuild (then forgotten), or, now and then, None: look at everything."""
        paths, self.seen = self.seen, set()
        return paths if self.random.random() < 0.8 else None


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated company of about 300 objectives (benchmarks/generate.py), written once."""
    folder = tmp_path_factory.mktemp("company")
    summary = write_site(make_company(teams_for_objectives(300)), folder / "site")
    assert summary.objectives >= 300
    return folder / "site"


def test_every_url_serve_answers_is_a_cold_builds_file_after_each_random_edit(company, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(company, site)
    editor = Editor(site, int(os.environ.get("OKRSITE_EQUIVALENCE_SEED", 13)))
    steps = int(os.environ.get("OKRSITE_EQUIVALENCE_STEPS", 200))
    live = LiveSite(site / "okrsite.toml", None)
    assert live.rebuild().ok
    client = Client(live)
    # The cold builds run in a process of their own, started before serve has threads of its own to copy.
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    seen_urls: set[str] = set()
    done: dict[str, int] = {}
    try:
        for step in range(steps):
            kind = editor.random.choice(Editor.KINDS)
            what = editor.edit(kind, step)
            done[kind] = done.get(kind, 0) + 1
            report = live.rebuild(editor.watched())
            if not report.ok:  # a broken file, a reference to a deleted objective, a cycle: what check says
                checked = run(site / "okrsite.toml")
                assert [d for d in report.problems if d.severity == "error"] == [
                    d for d in checked.diagnostics.items if d.severity == "error"], f"step {step} ({what})"
                status, body = client.get("index.html")
                assert status == 200 and b"could not be built" in body, f"step {step} ({what})"
                done["broken and repaired"] = done.get("broken and repaired", 0) + 1
                editor.take_back()
                report = live.rebuild(editor.watched())
            assert report.ok, f"step {step} ({what}): {report.problems[:3]}"
            out = tmp_path / f"cold-{step % 2}"
            cold = pool.submit(cold_build, str(site / "okrsite.toml"), str(out))
            renderer = live.served().renderer
            assert renderer is not None
            urls = set(renderer.paths()) | seen_urls  # and every URL of an earlier build
            fetched = {path: client.get(path) for path in sorted(urls)}  # while the cold build runs
            cold.result()
            files = files_of(out)
            assert_served_like(client, live, files, f"step {step} ({what})", fetched)
            seen_urls.update(files)
        assert set(done) == {*Editor.KINDS, "broken and repaired"}, done
    finally:
        pool.shutdown()
        client.close()


@pytest.fixture
def tiny(tmp_path) -> tuple[Path, LiveSite]:
    """The tiny fixture's site and a LiveSite over it, after its first good build."""
    site = copy_fixture("tiny", tmp_path)
    live = LiveSite(site / "okrsite.toml", None)
    assert live.rebuild().ok
    return site, live


@pytest.fixture
def client(tiny):
    """serve over `tiny`, and a connection to it."""
    served = Client(tiny[1])
    yield served
    served.close()


def test_nothing_changed_is_a_no_op(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    live = LiveSite(site / "okrsite.toml", None)
    first = live.rebuild()
    os.utime(site / "content/teams/acme.md")  # touched, same bytes
    again = live.rebuild()
    assert again.unchanged and again.build == first.build
    (site / "content/teams/acme.md").write_text((site / "content/teams/acme.md").read_text() + "More.\n")
    changed = live.rebuild()
    assert not changed.unchanged and changed.build == first.build + 1


def test_a_check_in_edit_patches_the_model_instead_of_a_full_run(tmp_path, monkeypatch):
    site = copy_fixture("tiny", tmp_path)
    runs: list[int] = []
    full_run = run

    def counted(*args, **kwargs):
        runs.append(1)
        return full_run(*args, **kwargs)

    monkeypatch.setattr("okrsite.serve.live.run", counted)
    live = LiveSite(site / "okrsite.toml", None)
    client = Client(live)
    try:
        assert live.rebuild().ok and len(runs) == 1
        path = site / Q3 / "sales/revenue-growth.md"
        path.write_text(path.read_text().replace("value: 20,", "value: 25,").replace("Body text.", "Body, edited."))
        report = live.rebuild({str(path), str(site / Q3 / "sales/.revenue-growth.md.swp")})
        assert report.ok and len(runs) == 1  # read on its own, not the whole site
        build(full_run(site / "okrsite.toml"), tmp_path / "cold", workers=1)
        assert_served_like(client, live, files_of(tmp_path / "cold"), "patched")
        path.write_text(path.read_text().replace("aligns_to: acme/grow#revenue", "aligns_to: acme/grow"))
        assert live.rebuild({str(path)}).ok and len(runs) == 2  # aligned elsewhere: the whole site again
    finally:
        client.close()


def test_a_patched_edit_finds_what_it_changes_in_the_next_period(tiny, client, tmp_path, monkeypatch):
    site, live = tiny
    monkeypatch.setattr("okrsite.serve.live.run", lambda *args, **kwargs: pytest.fail("a full run"))
    path = site / "content/okrs/2026-Q2/sales/pipeline.md"  # its first key result becomes Q3's second
    path.write_text(path.read_text().replace("Grow qualified pipeline\n    start: 100\n    target: 200",
                                             "Sign new outlets\n    start: 0\n    target: 40"))
    report = live.rebuild({str(path)})
    copied = [d for d in report.problems if d.rule == "copied-key-result"]
    assert [(d.path, d.line) for d in copied] == [(f"{Q3}/sales/revenue-growth.md", 10)]
    build(run(site / "okrsite.toml"), tmp_path / "cold", workers=1)
    assert_served_like(client, live, files_of(tmp_path / "cold"), "next period")


def test_the_events_stream_is_not_a_site_file(client):
    assert EVENTS.startswith("/__okrsite/")
    assert client.get("__okrsite/state")[0] == 200
    assert client.get("okrs/2026-Q3/sales/nowhere.html")[0] == 404


def test_a_template_syntax_error_fails_the_rebuild_with_its_file_and_line(tiny):
    site, live = tiny
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "kpi.html").write_text('{% extends "base.html" %}\n{% block content %}{% if %}{% endblock %}')
    report = live.rebuild()
    assert not report.ok
    errors = [(d.path, d.line, d.rule) for d in report.problems if d.severity == "error"]
    assert errors == [("themes/default/templates/kpi.html", 2, "template")]
    (templates / "kpi.html").unlink()
    assert live.rebuild().ok


def test_requests_for_another_host_name_are_refused(client):
    for host, status in (("evil.example.com", 421), ("evil.example.com:80", 421), ("localhost:1234", 200),
                         ("127.0.0.1", 200), ("[::1]:8000", 200)):
        client.connection.request("GET", "/index.html", headers={"Host": host})
        response = client.connection.getresponse()
        response.read()
        assert response.status == status, host
