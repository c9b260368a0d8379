"""Benchmark okrsite on synthetic companies against Hugo and MkDocs; write docs/performance.md.

    python benchmarks/run.py [--sizes small,medium,large] [--repeat 3 | --repeat 3,3,1] [--keep]

For each size: generate the company (generate.py) and the same number of plain pages for Hugo
and MkDocs, then time okrsite's cold build and check, a no-op and a one-edit rebuild of
`okrsite serve`, and Hugo's and MkDocs' builds, taking the median of the repeats. Needs no
network unless Hugo or MkDocs must first be installed.
"""

from __future__ import annotations

import argparse
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
from measure import SERVING_LINE, BUILD_LINE, Rebuild, Run, Server, fresh_run, run
from plain import write_hugo, write_mkdocs
from report import Environment, render

REPO = Path(__file__).resolve().parent.parent
VENV = Path("/tmp/bench-venv")
BUILD_SUMMARY = re.compile(r"wrote (\d+) pages \((\d+) files\)")
CHECK_SUMMARY = re.compile(r"okrsite check: (.*)")
CHECKIN_VALUE = re.compile(r"(- \{date: [0-9-]+, value: )([0-9.]+)")
SERVE_TIMEOUT = 1800.0


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
    edits: list[Rebuild] = field(default_factory=list)
    serve_rss_mb: float | None = None
    hugo: list[Run] = field(default_factory=list)
    hugo_pages: int = 0
    mkdocs: list[Run] = field(default_factory=list)
    mkdocs_pages: int = 0
    seconds: float = 0.0


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def okrsite_env() -> dict[str, str]:
    """okrsite from this repository's working tree, whatever `pip install -e` points at."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": str(REPO) + (os.pathsep + path if path else "")}


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


def _output(command: list[str], env: dict[str, str] | None = None) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO).stdout.strip()
    except OSError:
        return ""


def _read(path: str) -> str:
    return Path(path).read_text() if Path(path).exists() else ""


def environment(hugo: str, mkdocs: Path) -> Environment:
    """The machine and the versions, for the report's header."""
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mhz = re.search(r"cpu MHz\s*:\s*([\d.]+)", cpuinfo)
    memory = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    system = re.search(r'PRETTY_NAME="([^"]+)"', _read("/etc/os-release"))
    cpu = (model.group(1).strip() if model else "unknown") + (f" at {float(mhz.group(1)):.0f} MHz" if mhz else "")
    env = okrsite_env()
    dirty = _output(["git", "status", "--porcelain", "--", "okrsite"])
    commit = _output(["git", "rev-parse", "--short", "HEAD"]) + (" + uncommitted changes in okrsite/" if dirty else "")
    probe = "import okrsite, yaml; print(okrsite.__file__); print(yaml.__version__, yaml.__with_libyaml__)"
    where, yaml_version = (_output([sys.executable, "-c", probe], env).splitlines() + ["", ""])[:2]
    return Environment(
        cores=os.cpu_count() or 0, cpu=cpu,
        memory_gb=int(memory.group(1)) / 1024 / 1024 if memory else 0.0, system=system.group(1) if system else "",
        python=sys.version.split()[0], okrsite=_output(okrsite("--version"), env), okrsite_path=where,
        commit=commit, yaml=yaml_version, hugo=_output([hugo, "version"]).split(" BuildDate")[0],
        mkdocs=_output([str(mkdocs), "--version"]).split(" from ")[0],
        rss_by="/usr/bin/time -v" if os.access("/usr/bin/time", os.X_OK) else "os.wait4 rusage",
    )


# -- one size ------------------------------------------------------------------------------------

def edited(text: str, step: int) -> str:
    """The objective with its last metric check-in value raised by 10% per `step`: enough to move
    its score, and so its team's, period's and aligned objectives' pages."""
    last = list(CHECKIN_VALUE.finditer(text))[-1]
    value = last.group(2)
    decimals = len(value.split(".")[1]) if "." in value else 0
    new = f"{float(value) * (1 + 0.1 * step) + 10 ** -decimals:.{decimals}f}"
    return text[:last.start(2)] + new + text[last.end(2):]


def measure_serve(result: SizeResult, site: Path, repeat: int) -> None:
    """Start `okrsite serve`, then time no-op saves and one-check-in edits."""
    server = Server(okrsite("serve", "--port", "0", "--as-of", AS_OF.isoformat()), site, okrsite_env())
    try:
        _, first = server.wait_for(BUILD_LINE, SERVE_TIMEOUT)
        result.serve_first = Rebuild(0.0, float(first.group(3)), int(first.group(2)), int(first.group(4)),
                                     int(first.group(5)))
        server.wait_for(SERVING_LINE, 60)
        target = site / result.summary.edit_target
        original = target.read_bytes()
        for index in range(repeat):
            time.sleep(1.0)  # let the watcher settle
            result.noops.append(server.rebuild_after(target, target.read_bytes(), SERVE_TIMEOUT))
            say(f"  serve no-op: {result.noops[-1]}")
            time.sleep(1.0)
            text = original.decode("utf-8")
            result.edits.append(server.rebuild_after(target, edited(text, index + 1).encode("utf-8"), SERVE_TIMEOUT))
            say(f"  serve edit: {result.edits[-1]}")
        result.serve_rss_mb = server.peak_rss_mb()
        target.write_bytes(original)
    finally:
        server.stop()


def measure_size(size: str, repeat: int, work: Path, hugo: str, mkdocs: Path) -> SizeResult:
    started = time.perf_counter()
    folder = work / size
    site, hugo_site, mkdocs_site = folder / "site", folder / "hugo", folder / "mkdocs"
    say(f"{size}: generating")
    company = make_company(SIZES[size], SEED)
    summary = write_site(company, site)
    write_hugo(company, hugo_site, summary.html_pages)
    write_mkdocs(company, mkdocs_site, summary.html_pages)
    result = SizeResult(size, summary, time.perf_counter() - started)
    env = okrsite_env()
    for index in range(repeat):
        say(f"{size}: okrsite check + build ({index + 1}/{repeat})")
        result.checks.append(run(okrsite("check"), site, env))
        result.builds.append(fresh_run(okrsite("build"), site, site / "_site", env))
    counted = BUILD_SUMMARY.search(result.builds[-1].stdout)
    result.pages, result.files = (int(counted.group(1)), int(counted.group(2))) if counted else (0, 0)
    if result.pages != summary.html_pages:
        say(f"warning: okrsite wrote {result.pages} pages, the generator expected {summary.html_pages}")
    checked = CHECK_SUMMARY.search(result.checks[-1].stderr)
    result.check_summary = checked.group(1) if checked else ""
    say(f"{size}: okrsite serve")
    measure_serve(result, site, repeat)
    for index in range(repeat):
        say(f"{size}: hugo + mkdocs ({index + 1}/{repeat})")
        result.hugo.append(fresh_run([hugo, "--quiet"], hugo_site, hugo_site / "public"))
        result.mkdocs.append(fresh_run([str(mkdocs), "build", "-q"], mkdocs_site, mkdocs_site / "site"))
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
    machine = environment(hugo, mkdocs)
    work = Path(tempfile.mkdtemp(prefix="okrsite-bench-"))
    try:
        results = [measure_size(size, repeat, work, hugo, mkdocs) for size, repeat in zip(sizes, repeats, strict=True)]
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
