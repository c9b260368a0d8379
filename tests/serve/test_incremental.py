"""A rebuild after edits, additions, deletions and renames equals a fresh full build, byte for byte."""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

import pytest

from okrsite.commands.build import build
from okrsite.pipeline import run
from okrsite.render.site import DEFAULT_THEME
from okrsite.serve.live import LiveSite
from tests.conftest import copy_fixture

Q3 = "content/okrs/2026-Q3"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write(site: Path, relative: str, text: str, tick: list[int], seen: set[str] | None = None) -> None:
    path = site / relative
    if seen is not None:
        seen.add(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    tick[0] += 1_000_000
    os.utime(path, ns=(tick[0], tick[0]))  # distinct times even on coarse file systems


def objective(title: str, value: int, aligns: str = "acme/grow") -> str:
    if value % 2:  # block check-ins in the usual one-line form, and a key result on a KPI
        return (f"---\ntitle: {title}\naligns_to: {aligns}\nkey_results:\n"
                f"  - title: Sign outlets\n    start: 0\n    target: 10\n"
                f"    owner: {['Priya Nair', 'Ahmad Zaki', 'Mei Ling'][value % 3]}\n    checkins:\n"
                f"      - {{date: 2026-07-06, value: {value - 1}, confidence: 0.8}}\n"
                f"      - {{date: 2026-08-10, value: {value}, confidence: \"{60 + value}%\", note: \"Week {value}\"}}\n"
                f"  - title: Grow MRR\n    kpi: sales/mrr\n    target: 250000\n---\nBody {value}.\n")
    return (f"---\ntitle: {title}\naligns_to: {aligns}\nkey_results:\n"
            f"  - {{title: Sign outlets, start: 0, target: 10, checkins: [{{date: 2026-08-10, value: {value}}}]}}\n"
            f"  - {{title: Raise deals, start: 1, target: 5, current: 2}}\n---\nBody {value}.\n")


def watched(seen: set[str], randomness: random.Random) -> set[str] | None:
    """What the watcher saw since the last rebuild (then forgotten), or, at random, None: look at everything."""
    paths = set(seen)
    seen.clear()
    return paths if randomness.random() < 0.7 else None


@pytest.mark.parametrize("fragments", ["default", "every subtree"])
def test_random_edits_rebuild_to_the_same_bytes_as_a_cold_build(tmp_path, monkeypatch, fragments):
    if fragments == "every subtree":  # the fixture's trees are small: keep the HTML of every alignment subtree
        monkeypatch.setattr("okrsite.render.pages.FRAGMENT_FROM", 1)
    site = copy_fixture("tiny", tmp_path)
    tick = [1_700_000_000_000_000_000]
    live = LiveSite(site / "okrsite.toml", None)
    randomness = random.Random(int(os.environ.get("OKRSITE_INCREMENTAL_SEED", 6)))
    files = ["sales/revenue-growth.md", "support/fewer-defects.md", "support/internal-tools.md"]
    done: set[str] = set()
    seen: set[str] = set()  # what a watcher would have reported since the last rebuild
    try:
        assert live.rebuild().ok
        for step in range(int(os.environ.get("OKRSITE_INCREMENTAL_STEPS", 50))):
            action = randomness.choice(["edit", "checkin", "add", "delete", "rename", "team", "touch", "break", "kpi",
                                        "realign", "kpi-file", "config", "theme"])
            done.add(action)
            if action == "edit" and files:
                write(site, f"{Q3}/{randomness.choice(files)}", objective(f"Edited {step}", step % 10), tick, seen)
            elif action == "checkin" and files:  # numbers and titles move: what serve patches without a full run
                path = site / Q3 / randomness.choice(files)
                text = re.sub(r"value: \d+", f"value: {step % 9}", path.read_text(), count=1)
                if randomness.random() < 0.5:
                    text = re.sub(r"title: [A-Za-z ]+", f"title: {randomness.choice(['Aim', 'Win', 'Zoom'])} {step}", text)
                write(site, str(path.relative_to(site)), text.replace("Body", f"Body {step}"), tick, seen)
            elif action == "add":
                name = f"{randomness.choice(['sales', 'support'])}/new-{step}.md"
                write(site, f"{Q3}/{name}", objective(f"New {step}", step % 10), tick, seen)
                files.append(name)
            elif action == "delete" and len(files) > 1:
                gone = site / Q3 / files.pop(randomness.randrange(len(files)))
                gone.unlink()
                seen.add(str(gone))
            elif action == "rename" and files:
                old = files.pop(randomness.randrange(len(files)))
                new = old.replace(".md", f"-{step}.md")
                (site / Q3 / old).rename(site / Q3 / new)
                seen.update({str(site / Q3 / old), str(site / Q3 / new)})
                files.append(new)
            elif action == "realign" and files:
                target = randomness.choice(["acme/grow#customers", "acme/grow#revenue", "2026/acme/grow"])
                text = objective(f"Realigned {step}", step % 10, aligns=target).replace(
                    "---\ntitle", f"---\nowner: {randomness.choice(['Priya Nair', 'Kavitha Raj', 'New Person'])}\ntitle")
                write(site, f"{Q3}/{randomness.choice(files)}", text, tick, seen)
            elif action == "team":
                lead = randomness.choice(["Kavitha Raj", "Priya Nair", "Ahmad Zaki"])
                members = randomness.sample(["Mei Ling", "Tan Wei", "Siti Aminah"], randomness.randint(0, 3))
                write(site, "content/teams/support.md", f"---\nname: Support {step}\nparent: acme\nlead: {lead}\n"
                      f"members: [{', '.join(members)}]\n---\n", tick, seen)
            elif action == "kpi-file":
                write(site, "content/kpis/sales/mrr.md", f"---\ntitle: Monthly Recurring Revenue {step % 3}\nunit: RM\n"
                      f"target: {200000 + step}\nalert: 150000\ndata: mrr.csv\n"
                      f"snapshots:\n  - {{date: 2026-08-01, value: {130000 + step}, note: August}}\n---\n", tick, seen)
            elif action == "config":
                day = randomness.choice(["2026-08-15", "2026-08-29", "2026-09-30"])
                write(site, "okrsite.toml", f'title = "Acme OKRs"\nas_of = {day}\n', tick, seen)
            elif action == "theme":  # the site's own alignment template, with other words in each node
                label = randomness.choice(["Link to this node", "Link here", "Permalink"])
                template = (DEFAULT_THEME / "templates/alignment.html").read_text()
                write(site, "themes/default/templates/alignment.html",
                      template.replace("Link to this node", label), tick, seen)
            elif action == "touch":
                tick[0] += 1_000_000
                os.utime(site / "content/teams/acme.md", ns=(tick[0], tick[0]))
                seen.add(str(site / "content/teams/acme.md"))
            elif action == "kpi":
                write(site, "content/kpis/sales/mrr.csv",
                      f"date,value,note\n2026-05-01,100000,May\n2026-06-01,{110000 + step},\n2026-07-01,120000,\n", tick,
                      seen)
            elif action == "break":
                write(site, f"{Q3}/sales/broken.md", "---\ntitle: [oops\n---\n", tick, seen)
                report = live.rebuild(watched(seen, randomness))
                assert not report.ok
                (site / Q3 / "sales/broken.md").unlink()
                seen.add(str(site / Q3 / "sales/broken.md"))
            report = live.rebuild(watched(seen, randomness))
            assert report.ok, report.problems
            cold = tmp_path / f"cold-{step}"
            build(run(site / "okrsite.toml"), cold, workers=1)
            served, fresh = digest(live.folder), digest(cold)
            if served != fresh and os.environ.get("OKRSITE_INCREMENTAL_DEBUG"):
                import difflib
                bad = sorted(p for p in served.keys() | fresh.keys() if served.get(p) != fresh.get(p))[0]
                print("".join(difflib.unified_diff((cold / bad).read_text().splitlines(True),
                                                   (live.folder / bad).read_text().splitlines(True))))
            assert served == fresh, f"step {step}: {action}: " + ", ".join(
                sorted(p for p in served.keys() | fresh.keys() if served.get(p) != fresh.get(p))[:8])
        assert done == {"edit", "checkin", "add", "delete", "rename", "team", "touch", "break", "kpi", "realign", "kpi-file",
                        "config", "theme"}
    finally:
        live.close()


def test_nothing_changed_is_a_no_op(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    live = LiveSite(site / "okrsite.toml", None)
    try:
        first = live.rebuild()
        os.utime(site / "content/teams/acme.md")  # touched, same bytes
        again = live.rebuild()
        assert again.unchanged and again.build == first.build
        (site / "content/teams/acme.md").write_text((site / "content/teams/acme.md").read_text() + "More.\n")
        changed = live.rebuild()
        assert not changed.unchanged and changed.build == first.build + 1 and changed.written >= 1
    finally:
        live.close()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forking is POSIX only")
@pytest.mark.parametrize("fork_fails", [False, True])
def test_rendering_every_page_on_several_processes_gives_the_same_site(tmp_path, monkeypatch, fork_fails):
    site = copy_fixture("tiny", tmp_path)
    tick = [1_700_000_000_000_000_000]
    monkeypatch.setattr("okrsite.serve.live.workers_for", lambda objectives: 3)
    if fork_fails:
        def no_fork():
            raise OSError("no more processes")
        monkeypatch.setattr("okrsite.serve.live.os.fork", no_fork)
    live = LiveSite(site / "okrsite.toml", None)
    try:
        for step, as_of in enumerate(["2026-08-15", "2026-09-30"]):  # the first build, then a full re-render
            write(site, "okrsite.toml", f'title = "Acme OKRs"\nas_of = {as_of}\n', tick)
            report = live.rebuild()
            assert report.ok, report.problems
            cold = tmp_path / f"cold-{step}"
            build(run(site / "okrsite.toml"), cold, workers=1)
            assert digest(live.folder) == digest(cold)
            pages = {p for p in digest(cold) if p.endswith(".html")}
            assert set(live.page_deps) == pages  # what the children rendered is known for later edits
        write(site, f"{Q3}/sales/revenue-growth.md", objective("Edited", 3), tick)  # then one edit
        assert live.rebuild().ok
        build(run(site / "okrsite.toml"), tmp_path / "cold-edit", workers=1)
        assert digest(live.folder) == digest(tmp_path / "cold-edit")
    finally:
        live.close()


def test_a_check_in_edit_patches_the_model_instead_of_a_full_run(tmp_path, monkeypatch):
    site = copy_fixture("tiny", tmp_path)
    runs: list[int] = []
    full_run = run
    def counted(*args, **kwargs):
        runs.append(1)
        return full_run(*args, **kwargs)
    monkeypatch.setattr("okrsite.serve.live.run", counted)
    live = LiveSite(site / "okrsite.toml", None)
    try:
        assert live.rebuild().ok and len(runs) == 1
        path = site / Q3 / "sales/revenue-growth.md"
        path.write_text(path.read_text().replace("value: 20,", "value: 25,").replace("Body text.", "Body, edited."))
        report = live.rebuild({str(path), str(site / Q3 / "sales/.revenue-growth.md.swp")})
        assert report.ok and len(runs) == 1  # read on its own, not the whole site
        build(full_run(site / "okrsite.toml"), tmp_path / "cold", workers=1)
        assert digest(live.folder) == digest(tmp_path / "cold")
        path.write_text(path.read_text().replace("aligns_to: acme/grow#revenue", "aligns_to: acme/grow"))
        assert live.rebuild({str(path)}).ok and len(runs) == 2  # aligned elsewhere: the whole site again
    finally:
        live.close()


def test_a_patched_edit_finds_what_it_changes_in_the_next_period(tmp_path, monkeypatch):
    site = copy_fixture("tiny", tmp_path)
    live = LiveSite(site / "okrsite.toml", None)
    try:
        assert live.rebuild().ok
        monkeypatch.setattr("okrsite.serve.live.run", lambda *args, **kwargs: pytest.fail("a full run"))
        path = site / "content/okrs/2026-Q2/sales/pipeline.md"  # its first key result becomes Q3's second
        path.write_text(path.read_text().replace("Grow qualified pipeline\n    start: 100\n    target: 200",
                                                 "Sign new outlets\n    start: 0\n    target: 40"))
        report = live.rebuild({str(path)})
        copied = [d for d in report.problems if d.rule == "copied-key-result"]
        assert [(d.path, d.line) for d in copied] == [(f"{Q3}/sales/revenue-growth.md", 10)]
        build(run(site / "okrsite.toml"), tmp_path / "cold", workers=1)
        assert digest(live.folder) == digest(tmp_path / "cold")
    finally:
        live.close()
