"""docs/performance.md from the runner's measurements: machine, versions, tables, issue 6's targets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from measure import Rebuild, Run, median

if TYPE_CHECKING:
    from run import SizeResult

LARGE_OBJECTIVES = 9_500  # the targets are stated "at 10,000 objectives"


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


def rebuilds(items: list[Rebuild]) -> str:
    if not items:
        return "—"
    wall = median([r.wall for r in items])
    reported = median([r.reported for r in items])
    written = sorted({r.written for r in items})
    return (f"{seconds(wall)} wall, {seconds(reported)} reported, "
            f"{'/'.join(str(w) for w in written)} files written")


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
        (f"`okrsite check`, first run (empty cache), median of {len(result.checks)}", spread(result.checks), "", ""),
        (f"`okrsite check`, next run (one objective edited), median of {len(result.rechecks)}",
         spread(result.rechecks), "", ""),
        ("serve: first build (reported)", seconds(first.reported) if first else "—", "", ""),
        (f"serve: no-op rebuild, median of {len(result.noops)}", rebuilds(result.noops), "", ""),
        (f"serve: one-edit rebuild, median of {len(result.edits)}", rebuilds(result.edits), "", ""),
        ("serve: peak RSS after the rebuilds",
         f"{result.serve_rss_mb:.0f} MB" if result.serve_rss_mb else "—", "", ""),
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
    lines = ["| size | objectives | pages | okrsite build | per page | check (first / next) | no-op (wall) | one edit (wall) "
             "| peak RSS | Hugo | MkDocs | okrsite/Hugo | MkDocs/okrsite |", "|" + "---|" * 13]
    for r in results:
        build = build_time(r)
        slower, faster = ratios(r)
        noop = seconds(median([x.wall for x in r.noops])) if r.noops else "—"
        edit = seconds(median([x.wall for x in r.edits])) if r.edits else "—"
        lines.append(
            f"| {r.size} | {r.summary.objectives:,} | {r.pages:,} | {seconds(build)} | {build / r.pages * 1000:.2f} ms "
            f"| {seconds(median([x.seconds for x in r.checks]))} / {seconds(median([x.seconds for x in r.rechecks]))} "
            f"| {noop} | {edit} | {peak(r.builds)} "
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
    noop = median([x.wall for x in r.noops])
    edit = median([x.wall for x in r.edits])
    noop_written = max(x.written for x in r.noops)
    check, recheck = median([x.seconds for x in r.checks]), median([x.seconds for x in r.rechecks])
    rss = max(x.peak_rss_mb or 0 for x in r.builds)
    per_page = [build_time(x) / x.pages for x in sorted(results, key=lambda x: x.summary.objectives)]
    growth = per_page[-1] / per_page[0]
    rows = [
        ("cold build ≤ 1.5× Hugo on the same number of pages", f"{slower:.1f}×", _verdict(slower <= 1.5, indicative)),
        ("cold build ≥ 4× faster than MkDocs", f"{faster:.2f}×", _verdict(faster >= 4, indicative)),
        ("one-edit rebuild < 0.3 s, file write to last page written", f"{seconds(edit)} wall "
         f"({seconds(median([x.reported for x in r.edits]))} reported)", _verdict(edit < 0.3, indicative)),
        ("unchanged pages are not rewritten", f"no-op wrote {noop_written} files; one edit wrote "
         f"{'/'.join(str(w) for w in sorted({x.written for x in r.edits}))} of {r.files:,}",
         _verdict(noop_written == 0, indicative)),
        ("no-op rebuild < 0.5 s", f"{seconds(noop)} wall", _verdict(noop < 0.5, indicative)),
        ("`okrsite check` < 2 s: the next run, one objective edited since the last", seconds(recheck),
         _verdict(recheck < 2, indicative)),
        ("`okrsite check` < 2 s: the first run, nothing cached (a fresh CI machine)", seconds(check),
         _verdict(check < 2, indicative)),
        ("peak memory of a full build < 1 GB", f"{rss:.0f} MB", _verdict(rss < 1024, indicative)),
        ("cost grows linearly (time per page at the largest size ≤ 1.5× the smallest's)",
         " → ".join(f"{p * 1000:.2f} ms" for p in per_page) + f" ({growth:.2f}×)",
         _verdict(growth <= 1.5, False) if len(results) > 1 else "needs two sizes"),
    ]
    body = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    where = f"{r.size} ({r.summary.objectives:,} objectives)"
    note = (" The targets are stated for 10,000 objectives: these verdicts are indicative only."
            if indicative else "")
    header = "| target (issue 6) | measured | verdict |\n|---|---|---|"
    return f"Measured at the largest size run, {where}.{note}\n\n{header}\n{body}"


def render(results: list[SizeResult], env: Environment, command: str, total_seconds: float) -> str:
    sections = "\n".join(size_section(r) for r in results)
    return f"""# Performance

How fast okrsite builds, checks and rebuilds a large company, against Hugo and MkDocs building
the same number of plain Markdown pages (issue 6). Regenerate this file with one command:

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
- **`okrsite check`**: `python -m okrsite check` (validate + lint, no rendering). *First run*: with
  okrsite's cache on disk emptied first, as on a fresh CI machine (the run also fills the cache).
  *Next run*: right after it, with the check-in of one objective edited (the edit that serve's
  one-edit rebuild makes). The pair is run at least three times (whatever the repeat count). The cold build empties the cache first too. The cache goes in the run's
  own folder (`OKRSITE_CACHE_DIR`).
- **serve**: `python -m okrsite serve --port 0 --as-of 2026-08-19` in the site folder. *No-op*:
  one objective file is saved again with identical bytes. *One edit*: the value of that
  objective's last check-in changes. Each is done at least five times (whatever the repeat
  count), a second apart, and the median is shown. *Wall* is from the file write to the moment
  the server prints its `build N:` line (it includes serve's 0.05 s quiet period that merges
  bursts of file events); *reported* is the rebuild time serve prints itself; *files written* is its `W`.
- okrsite runs as `python -m okrsite` from a copy of the working tree's `okrsite/` taken when the
  run starts (`PYTHONPATH`), so that every size measures the same code even while the tree is
  being edited, and not whatever `pip install -e` last pointed at.

## Results by size

{sections}
## Scaling

{scaling_table(results)}

## Targets of issue 6

{targets_table(results)}

Where the time goes, what each optimisation bought, and what meeting a missed target would
take: [performance-notes.md](performance-notes.md).
"""
