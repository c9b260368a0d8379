"""docs/performance.md from the runner's measurements: machine, versions, tables, issue 13's targets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from measure import PageServed, Rebuild, Run, median

if TYPE_CHECKING:
    from run import SizeResult

LARGE_OBJECTIVES = 9_500  # the targets are stated "at 10,000 objectives"
SERVED_TARGET = 0.3  # seconds from the save to the page's HTML served
CHECK_TARGET = 5.0
RSS_TARGET_MB = 1024


@dataclass(frozen=True, slots=True)
class Environment:
    cores: int
    cpu: str
    memory_gb: float
    system: str
    python: str
    okrsite: str
    commit: str
    yaml: str
    hugo: str
    mkdocs: str
    rss_by: str


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def spread(runs: list[Run]) -> str:
    times = [r.seconds for r in runs]
    text = seconds(median(times))
    return text + (f" ({seconds(min(times))}–{seconds(max(times))})" if len(times) > 1 else "")


def peak(runs: list[Run]) -> str:
    values = [r.peak_rss_mb for r in runs if r.peak_rss_mb is not None]
    return f"{max(values):.0f} MB" if values else "—"


def printed(value: float) -> str:
    """A time serve printed itself: it prints hundredths."""
    return f"{value:.2f} s"


def noops(items: list[Rebuild]) -> str:
    if not items:
        return "—"
    return f"{seconds(median([r.wall for r in items]))} wall, {printed(median([r.reported for r in items]))} reported"


def served_wall(items: list[PageServed]) -> float:
    return median([x.wall for x in items])


def served(items: list[PageServed]) -> str:
    """Median (min–max) from the save to the page's last byte; the median to serve's build line and
    serve's own build time."""
    walls = [x.wall for x in items]
    text = seconds(median(walls)) + (f" ({seconds(min(walls))}–{seconds(max(walls))})" if len(walls) > 1 else "")
    line = median([x.rebuild.wall for x in items])
    reported = median([x.rebuild.reported for x in items])
    return f"{text}; build line at {seconds(line)}, build {printed(reported)} reported"


def serve_rss(result: SizeResult) -> str:
    return f"{result.serve_rss_mb:.0f} MB" if result.serve_rss_mb else "—"


def build_time(result: SizeResult) -> float:
    return median([r.seconds for r in result.builds])


def ratios(result: SizeResult) -> tuple[float, float]:
    """(okrsite / Hugo, MkDocs / okrsite) of the median cold builds."""
    build = build_time(result)
    return build / median([r.seconds for r in result.hugo]), median([r.seconds for r in result.mkdocs]) / build


def size_section(result: SizeResult) -> str:
    s = result.summary
    build, hugo, mkdocs = build_time(result), median([r.seconds for r in result.hugo]), median(
        [r.seconds for r in result.mkdocs])
    slower, faster = ratios(result)
    first = result.serve_first
    served_rows = [
        (f"serve: save → {kind} served (`{items[0].page}`, {items[0].size / 1024:,.0f} KB), median of {len(items)}",
         served(items), "", "")
        for kind, items in result.served.items() if items]
    rows = [
        ("pages built", f"{result.pages:,} HTML ({result.files:,} files)", f"{result.hugo_pages:,} HTML",
         f"{result.mkdocs_pages:,} HTML"),
        (f"cold build, median of {len(result.builds)} (min–max)", spread(result.builds), spread(result.hugo),
         spread(result.mkdocs)),
        ("pages per second", f"{result.pages / build:,.0f}", f"{result.pages / hugo:,.0f}",
         f"{result.pages / mkdocs:,.0f}"),
        ("time per page", f"{build / result.pages * 1000:.2f} ms", f"{hugo / result.pages * 1000:.2f} ms",
         f"{mkdocs / result.pages * 1000:.2f} ms"),
        ("peak RSS of the build", peak(result.builds), peak(result.hugo), peak(result.mkdocs)),
        (f"`okrsite check` (nothing cached), median of {len(result.checks)} (min–max)", spread(result.checks), "",
         ""),
        ("serve: first build (reported)", f"{printed(first.reported)}, {first.pages:,} pages ready" if first else "—",
         "", ""),
        (f"serve: no-op save (same bytes), median of {len(result.noops)}", noops(result.noops), "", ""),
        *served_rows,
        ("serve: peak RSS after the saves", serve_rss(result), "", ""),
    ]
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    return f"""### {result.size}

{s.teams} teams, {s.quarters} quarters, **{s.objectives:,} objectives**, {s.key_results:,} key results,
{s.checkins:,} check-ins, {s.kpis:,} KPIs ({s.snapshots:,} snapshots), {s.people:,} people;
{s.files:,} content files ({s.content_bytes / 1e6:.1f} MB; an objective file averages
{result.objective_bytes:,} bytes, a plain page {result.plain_bytes:,}). `okrsite check`: {result.check_summary}.
Generated in {result.generate_seconds:.1f} s; this size took {result.seconds / 60:.1f} min in all.

| measurement | okrsite | Hugo | MkDocs |
|---|---|---|---|
{table}

Ratios of the median cold builds: **okrsite / Hugo = {slower:.1f}×** (target ≤ 1.5×),
**MkDocs / okrsite = {faster:.2f}×** (target ≥ 4×).
"""


def scaling_table(results: list[SizeResult]) -> str:
    lines = ["| size | objectives | pages | okrsite build | per page | check | no-op (wall) "
             "| save → served: objective / team / dashboard / alignment | build RSS | serve RSS "
             "| Hugo | MkDocs | okrsite/Hugo | MkDocs/okrsite |", "|" + "---|" * 14]
    for r in results:
        build = build_time(r)
        slower, faster = ratios(r)
        noop = seconds(median([x.wall for x in r.noops])) if r.noops else "—"
        pages = " / ".join(seconds(served_wall(items)) for items in r.served.values() if items) or "—"
        check = seconds(median([x.seconds for x in r.checks]))
        lines.append(
            f"| {r.size} | {r.summary.objectives:,} | {r.pages:,} | {seconds(build)} | {build / r.pages * 1000:.2f} ms "
            f"| {check} | {noop} | {pages} | {peak(r.builds)} | {serve_rss(r)} "
            f"| {seconds(median([x.seconds for x in r.hugo]))} | {seconds(median([x.seconds for x in r.mkdocs]))} "
            f"| {slower:.1f}× | {faster:.2f}× |")
    return "\n".join(lines)


def _verdict(ok: bool, indicative: bool) -> str:
    word = "met" if ok else "**not met**"
    return word + (" (indicative)" if indicative else "")


def targets_table(results: list[SizeResult]) -> str:
    r = max(results, key=lambda x: x.summary.objectives)
    indicative = r.summary.objectives < LARGE_OBJECTIVES
    slower, faster = ratios(r)
    check = median([x.seconds for x in r.checks])
    rss = max(x.peak_rss_mb or 0 for x in r.builds)
    rows = [
        ("cold build ≤ 1.5× Hugo on the same number of pages", f"{slower:.1f}×",
         _verdict(slower <= 1.5, indicative)),
        ("cold build ≥ 4× faster than MkDocs", f"{faster:.2f}×", _verdict(faster >= 4, indicative)),
        *((f"serve: save of a check-in → the {kind}'s HTML served < {SERVED_TARGET} s",
           f"{seconds(served_wall(items))} wall (median of {len(items)})",
           _verdict(served_wall(items) < SERVED_TARGET, indicative))
          for kind, items in r.served.items() if items),
        (f"first `okrsite check` ≤ {CHECK_TARGET:.0f} s (nothing is cached: every run is a first run)",
         seconds(check), _verdict(check <= CHECK_TARGET, indicative)),
        ("peak RSS of a full build < 1 GB", f"{rss:.0f} MB", _verdict(rss < RSS_TARGET_MB, indicative)),
        ("peak RSS of serve < 1 GB", serve_rss(r),
         _verdict((r.serve_rss_mb or 0) < RSS_TARGET_MB, indicative) if r.serve_rss_mb else "not measured"),
    ]
    body = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    where = f"{r.size} ({r.summary.objectives:,} objectives)"
    note = (" The targets are stated for 10,000 objectives: these verdicts are indicative only."
            if indicative else "")
    header = "| target (issue 13) | measured | verdict |\n|---|---|---|"
    return f"Measured at the largest size run, {where}.{note}\n\n{header}\n{body}"


def render(results: list[SizeResult], env: Environment, command: str, total_seconds: float) -> str:
    sections = "\n".join(size_section(r) for r in results)
    return f"""# Performance

How fast okrsite builds and checks a large company, and how soon `okrsite serve` serves a page
after a save, against Hugo and MkDocs building the same number of plain Markdown pages (issues 6
and 13). Regenerate this file with one command:

```sh
{command}
```

Run on {time.strftime('%Y-%m-%d')}; the whole run took **{total_seconds / 60:.1f} min**.

## Machine and versions

| | |
|---|---|
| CPU | {env.cpu}, {env.cores} cores (`nproc`) |
| memory | {env.memory_gb:.1f} GB |
| system | {env.system} |
| Python | {env.python}, PyYAML {env.yaml.replace(' True', ' with libyaml').replace(' False', ' without libyaml')} |
| okrsite | {env.okrsite}, commit {env.commit} |
| Hugo | {env.hugo} |
| MkDocs | {env.mkdocs} (own virtual environment) |
| peak RSS measured with | {env.rss_by} |

## What is measured

- **Content**: `benchmarks/generate.py` draws a company deterministically (seed 6): company →
  departments → teams, 8 quarters 2025-Q1 … 2026-Q4 with `as_of = 2026-08-19` (inside 2026-Q3;
  2026-Q4 is planned, without check-ins), 3–5 objectives per team and quarter with 3–5 key results
  (metrics, lower-is-better metrics, milestones, weights, KPI-linked), weekly check-ins with
  confidence and notes up to `as_of`, 2–5 KPIs per team with monthly snapshots (some from CSV),
  `aligns_to` to the parent team's objectives or key results, and Markdown bodies. It passes
  `okrsite check` without errors; the warnings are true OKR-practice findings of the random data.
- **Plain pages**: as many pages as okrsite writes HTML pages, each with a title, a date and a few
  params in the front-matter and a body of about an objective file's length (the objective's
  Markdown, a table of its key results and one of its check-ins). Hugo: `content/posts/*.md`,
  `hugo.toml` and minimal single/list layouts; MkDocs: `docs/*.md`, `mkdocs.yml` with the default
  theme and search, only the home page in `nav`.
- **Cold build**: `python -m okrsite build` in the site folder, `hugo --quiet`, `mkdocs build -q`,
  each with its output folder removed first (the OS file cache is warm); wall time, median of
  the repeats, and the peak RSS of the process (of its largest process, where it forks workers).
- **`okrsite check`**: `python -m okrsite check` in the site folder (validate + lint, no
  rendering). okrsite keeps no cache on disk, so every run reads and checks every file, as on a
  fresh CI machine. Run at least three times (whatever the repeat count); the median is shown.
- **serve**: `python -m okrsite serve --port 0 --as-of 2026-08-19` in the site folder. serve writes
  no files: it keeps the model, patches it on a save, and renders each page when it is requested,
  with the renderer `okrsite build` uses. The runner talks to it over one kept-alive HTTP/1.1
  connection and requests each of the four pages below once before the first save (a browser tab
  already open on it). *No-op*: one objective file of the running quarter (2026-Q3; of a team two
  levels below the company) saved again with identical bytes, at least five times; wall is from
  the write to serve's `no change since build N` line, *reported* is the check time it prints.
  *Save → page served*: then the value of that objective's last check-in is changed and the file
  written; the clock runs from the write, through the server's `build N: P pages ready` line (the
  time to it includes the watcher's 0.05 s quiet period that merges bursts of file events), to the
  last byte of the body of one `GET` of the page, whose injected live-reload script must name
  build N. One series of saves per page: the objective's own page
  (`okrs/<period>/<team>/<slug>.html`), its team's page (`teams/<team>.html`), the period
  dashboard (`periods/2026-Q3.html`) and the alignment page (`alignment/2026-Q3.html`); each
  series is at least five saves (whatever the repeat count), a second apart, one `GET` after each.
  Shown: the median (min–max) from the write to the last byte, the median time to the build line,
  and the build time serve prints itself (to 0.01 s). The browser's part is left out: the
  server-sent event that makes an open page reload, and the page's styles and scripts. *First
  build*: the time serve prints for the build it makes at start. *Peak RSS*: serve's high-water
  resident memory (`VmHWM`) after all the saves.
- okrsite runs as `python -m okrsite` from a copy of the working tree's `okrsite/` taken when the
  run starts (`PYTHONPATH`), so that every size measures the same code even while the tree is
  being edited, and not whatever `pip install -e` last pointed at.

## Results by size

{sections}
## Scaling

{scaling_table(results)}

## Targets of issue 13

{targets_table(results)}

Where the time goes, what each optimisation bought, and what meeting a missed target would
take: [performance-notes.md](performance-notes.md).
"""
