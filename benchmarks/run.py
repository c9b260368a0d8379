"""Benchmark okrsite on synthetic companies against Hugo and MkDocs; write docs/performance.md.

    python benchmarks/run.py [--sizes small,medium,large] [--repeat 3 | --repeat 3,3,1] [--keep]
                             [--report FILE]

For each size: generate the company (generate.py) and the same number of plain pages for Hugo
and MkDocs, then time okrsite's cold build and check; in `okrsite serve`, a no-op save and, for
each of four pages that show the edited objective, one-check-in saves each followed by a request
of that page; and Hugo's and MkDocs' builds; taking the median of the repeats. Needs no network
unless Hugo or MkDocs must first be installed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from company import AS_OF, make_company
from generate import SIZES, SEED, Summary, write_site
from measure import BUILD_LINE, SERVING_LINE, PageServed, Rebuild, Run, Server, fresh_run, run
from plain import write_hugo, write_mkdocs
from report import Environment, render

REPO = Path(__file__).resolve().parent.parent
VENV = Path("/tmp/bench-venv")
BUILD_SUMMARY = re.compile(r"wrote (\d+) pages \((\d+) files\)")
CHECK_SUMMARY = re.compile(r"okrsite check: (.*)")
CHECKIN_VALUE = re.compile(r"- \{date: [0-9-]+, value: ([0-9.]+)")
KEY_RESULT_START = re.compile(r"^  - id: ", re.MULTILINE)
SERVE_TIMEOUT = 1800.0
PAGE_KINDS = ("objective page", "team page", "period dashboard", "alignment page")


@dataclass(frozen=True, slots=True)
class Tools:
    """What the runner runs: okrsite (by its environment), Hugo and MkDocs."""

    okrsite_env: dict[str, str]
    hugo: str
    mkdocs: Path


@dataclass(slots=True)
class SizeResult:
    """Everything measured for one size; lists hold one value per repeat."""

    size: str
    summary: Summary
    generate_seconds: float
    pages: int = 0
    files: int = 0
    builds: list[Run] = field(default_factory=list)
    checks: list[Run] = field(default_factory=list)
    check_summary: str = ""
    serve_first: Rebuild | None = None
    noops: list[Rebuild] = field(default_factory=list)
    served: dict[str, list[PageServed]] = field(default_factory=dict)  # by PAGE_KINDS: one per save
    serve_rss_mb: float | None = None
    hugo: list[Run] = field(default_factory=list)
    hugo_pages: int = 0
    mkdocs: list[Run] = field(default_factory=list)
    mkdocs_pages: int = 0
    objective_bytes: int = 0  # average size of an objective file
    plain_bytes: int = 0  # average size of a plain page
    seconds: float = 0.0


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def snapshot_okrsite(work: Path) -> dict[str, str]:
    """Copy the working tree's okrsite/ and return an environment that imports that copy: every
    measurement of the run uses the same code, even while someone edits the tree (and whatever
    `pip install -e` points at)."""
    source = work / "okrsite-source"
    shutil.copytree(REPO / "okrsite", source / "okrsite", ignore=shutil.ignore_patterns("__pycache__"))
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": str(source) + (os.pathsep + path if path else "")}


def okrsite(*args: str) -> list[str]:
    return [sys.executable, "-m", "okrsite", *args]


# -- tools ---------------------------------------------------------------------------------------

def _apt_install(package: str) -> None:
    say(f"installing Debian's `{package}`")
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", package], check=True, stdout=subprocess.DEVNULL)


def ensure_tools() -> tuple[str, Path]:
    """Hugo (Debian), MkDocs (a venv of its own) and GNU time, installed when missing."""
    if not os.access("/usr/bin/time", os.X_OK):
        try:
            _apt_install("time")
        except (OSError, subprocess.CalledProcessError):
            say("no /usr/bin/time: peak memory comes from os.wait4 instead")
    if shutil.which("hugo") is None:
        _apt_install("hugo")
    mkdocs = VENV / "bin" / "mkdocs"
    if not mkdocs.exists():
        say(f"installing MkDocs into {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "mkdocs"], check=True)
    return shutil.which("hugo") or "hugo", mkdocs


def _output(command: list[str], env: dict[str, str] | None = None, cwd: Path = REPO) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd).stdout.strip()
    except OSError:
        return ""


def _read(path: str) -> str:
    return Path(path).read_text() if Path(path).exists() else ""


def environment(tools: Tools) -> Environment:
    """The machine and the versions, for the report's header."""
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mhz = re.search(r"cpu MHz\s*:\s*([\d.]+)", cpuinfo)
    memory = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    system = re.search(r'PRETTY_NAME="([^"]+)"', _read("/etc/os-release"))
    cpu = (model.group(1).strip() if model else "unknown") + (f" at {float(mhz.group(1)):.0f} MHz" if mhz else "")
    env = tools.okrsite_env
    source = Path(env["PYTHONPATH"].split(os.pathsep)[0])  # not REPO: `python -c` imports from its cwd first
    dirty = _output(["git", "status", "--porcelain", "--", "okrsite"])
    commit = _output(["git", "rev-parse", "--short", "HEAD"]) + (" + uncommitted changes in okrsite/" if dirty else "")
    probe = "import okrsite, yaml; print(okrsite.__file__); print(yaml.__version__, yaml.__with_libyaml__)"
    where, yaml_version = (_output([sys.executable, "-c", probe], env, source).splitlines() + ["", ""])[:2]
    if not where.startswith(str(source)):
        raise SystemExit(f"okrsite was imported from {where}, not from the run's copy")
    return Environment(
        cores=os.cpu_count() or 0, cpu=cpu,
        memory_gb=int(memory.group(1)) / 1024 / 1024 if memory else 0.0, system=system.group(1) if system else "",
        python=sys.version.split()[0], okrsite=_output(okrsite("--version"), env, source),
        commit=commit, yaml=yaml_version, hugo=_output([tools.hugo, "version"]).split(" BuildDate")[0],
        mkdocs=_output([str(tools.mkdocs), "--version"]).split(" from ")[0],
        rss_by="/usr/bin/time -v" if os.access("/usr/bin/time", os.X_OK) else "os.wait4 rusage",
    )


# -- one size ------------------------------------------------------------------------------------

def edited(text: str, step: int) -> str:
    """The objective with the latest check-in of its last metric key result moved to 30% + 20% ×
    `step` of the way from start to target: its score changes on every step (as generated)."""
    front_end = text.index("\n---\n", 3)
    bounds = [m.start() for m in KEY_RESULT_START.finditer(text, 0, front_end)] + [front_end]
    for begin, end in reversed(list(itertools.pairwise(bounds))):
        block = text[begin:end]
        start, target = re.search(r"\n    start: ([0-9.]+)", block), re.search(r"\n    target: ([0-9.]+)", block)
        values = list(CHECKIN_VALUE.finditer(text, begin, end))
        if start and target and values:
            old = values[-1].group(1)
            decimals = len(old.split(".")[1]) if "." in old else 0
            low, high = float(start.group(1)), float(target.group(1))
            new = f"{low + (high - low) * (0.3 + 0.2 * step):.{decimals}f}"
            return text[:values[-1].start(1)] + new + text[values[-1].end(1):]
    raise ValueError("no metric key result with a check-in to edit")


SERVE_SAVES = 5  # once the server runs, saves cost seconds: the median of at least five, whatever --repeat says
CHECKS = 3  # `check` costs seconds too: the median of at least three
SETTLE_SECONDS = 1.0  # between saves: the watcher and the server are idle again


def served_pages(edit_target: str) -> dict[str, str]:
    """The pages, by PAGE_KINDS, that show the objective in `edit_target` (content/okrs/PERIOD/TEAM/SLUG.md)."""
    period, team, slug = Path(edit_target).with_suffix("").parts[-3:]
    pages = (f"okrs/{period}/{team}/{slug}.html", f"teams/{team}.html", f"periods/{period}.html",
             f"alignment/{period}.html")
    return dict(zip(PAGE_KINDS, pages, strict=True))


def measure_serve(result: SizeResult, site: Path, saves: int, env: dict[str, str]) -> None:
    """Start `okrsite serve`; time no-op saves, then, page kind by page kind, one-check-in saves
    each followed by one request of that page."""
    server = Server(okrsite("serve", "--port", "0", "--as-of", AS_OF.isoformat()), site, env)
    try:
        _, first = server.wait_for(BUILD_LINE, SERVE_TIMEOUT)
        result.serve_first = Rebuild.from_line(0.0, first)
        _, serving = server.wait_for(SERVING_LINE, 60)
        server.connect(serving.group(1))
        pages = served_pages(result.summary.edit_target)
        for page in pages.values():  # as a browser tab open on the page before the save would have
            server.get(page)
        target = site / result.summary.edit_target
        original = target.read_bytes()
        for _ in range(saves):
            time.sleep(SETTLE_SECONDS)
            result.noops.append(server.rebuild_after(target, target.read_bytes(), SERVE_TIMEOUT))
            say(f"  serve no-op: {result.noops[-1]}")
        text = original.decode("utf-8")
        step = 0
        for kind, page in pages.items():
            result.served[kind] = []
            for _ in range(saves):
                step += 1
                time.sleep(SETTLE_SECONDS)
                data = edited(text, step % 3 + 1).encode("utf-8")  # differs from the previous save's
                result.served[kind].append(server.page_after(target, data, page, SERVE_TIMEOUT))
                say(f"  serve save -> {kind}: {result.served[kind][-1]}")
        result.serve_rss_mb = server.peak_rss_mb()
        target.write_bytes(original)
    finally:
        server.stop()


def _average_size(files: list[Path]) -> int:
    return sum(f.stat().st_size for f in files) // max(1, len(files))


def measure_size(size: str, repeat: int, work: Path, tools: Tools) -> SizeResult:
    started = time.perf_counter()
    folder = work / size
    site, hugo_site, mkdocs_site = folder / "site", folder / "hugo", folder / "mkdocs"
    say(f"{size}: generating")
    company = make_company(SIZES[size], SEED)
    summary = write_site(company, site)
    write_hugo(company, hugo_site, summary.html_pages)
    write_mkdocs(company, mkdocs_site, summary.html_pages)
    result = SizeResult(size, summary, time.perf_counter() - started)
    result.objective_bytes = _average_size(list((site / "content" / "okrs").rglob("*.md")))
    result.plain_bytes = _average_size(list((hugo_site / "content" / "posts").glob("0*.md")))
    env = tools.okrsite_env
    checks = max(repeat, CHECKS)
    for index in range(checks):
        say(f"{size}: okrsite check ({index + 1}/{checks})")
        result.checks.append(run(okrsite("check"), site, env))
    for index in range(repeat):
        say(f"{size}: okrsite build ({index + 1}/{repeat})")
        result.builds.append(fresh_run(okrsite("build"), site, site / "_site", env))
    counted = BUILD_SUMMARY.search(result.builds[-1].stdout)
    result.pages, result.files = (int(counted.group(1)), int(counted.group(2))) if counted else (0, 0)
    if result.pages != summary.html_pages:
        say(f"warning: okrsite wrote {result.pages} pages, the generator expected {summary.html_pages}")
    checked = CHECK_SUMMARY.search(result.checks[-1].stderr)
    result.check_summary = checked.group(1) if checked else ""
    say(f"{size}: okrsite serve")
    measure_serve(result, site, max(repeat, SERVE_SAVES), env)
    for index in range(repeat):
        say(f"{size}: hugo + mkdocs ({index + 1}/{repeat})")
        result.hugo.append(fresh_run([tools.hugo, "--quiet"], hugo_site, hugo_site / "public"))
        result.mkdocs.append(fresh_run([str(tools.mkdocs), "build", "-q"], mkdocs_site, mkdocs_site / "site"))
    result.hugo_pages = sum(1 for _ in (hugo_site / "public").rglob("*.html"))
    result.mkdocs_pages = sum(1 for _ in (mkdocs_site / "site").rglob("*.html"))
    result.seconds = time.perf_counter() - started
    say(f"{size}: done in {result.seconds:.0f} s")
    return result


# -- command line --------------------------------------------------------------------------------

def repeats_for(sizes: list[str], text: str) -> list[int]:
    counts = [int(n) for n in text.split(",")]
    if len(counts) == 1:
        return counts * len(sizes)
    if len(counts) != len(sizes) or min(counts) < 1:
        raise SystemExit("--repeat takes one count, or one per size")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,medium,large", help="comma-separated: small, medium, large")
    parser.add_argument("--repeat", default="3", help="runs per measurement (median), or one count per size")
    parser.add_argument("--report", type=Path, default=REPO / "docs" / "performance.md", help="where to write")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites (their folder is printed)")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}: choose from {', '.join(SIZES)}")
    repeats = repeats_for(sizes, args.repeat)
    started = time.perf_counter()
    hugo, mkdocs = ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="okrsite-bench-"))
    try:
        tools = Tools(snapshot_okrsite(work), hugo, mkdocs)
        machine = environment(tools)
        results = [measure_size(size, repeat, work, tools) for size, repeat in zip(sizes, repeats, strict=True)]
    finally:
        if args.keep:
            say(f"generated sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    command = "python benchmarks/run.py --sizes " + ",".join(sizes) + " --repeat " + args.repeat
    text = render(results, machine, command, time.perf_counter() - started)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    print(text)
    say(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
