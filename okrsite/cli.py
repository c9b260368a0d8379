"""Command line: parse arguments and hand over to a command. Usage problems exit 2."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
from datetime import date
from pathlib import Path

from okrsite import __version__
from okrsite.config import parse_date
from okrsite.pipeline import UsageError


def _as_of(text: str) -> date:
    parsed = parse_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write YYYY-MM-DD, e.g. 2026-08-15")
    return parsed


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 0 to 65535 (0 picks a free one)")
    return int(text)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="path to okrsite.toml (default: ./okrsite.toml); its folder is the site folder")
    parser.add_argument("--as-of", type=_as_of, metavar="DATE", help="compute as of this date (YYYY-MM-DD)")


def _drafts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--drafts", action="store_true",
                        help="include objectives with `state: draft` (as Hugo's --buildDrafts); always validated")


def _no_cache(parser: argparse.ArgumentParser) -> None:
    """Accepted and ignored: okrsite 0.1 kept a cache on disk, and CI workflows still pass the flag."""
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="okrsite", description="Publish OKRs and KPIs kept as Markdown as a static site.")
    parser.add_argument("--version", action="version", version=f"okrsite {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = commands.add_parser("build", help="validate, compute and render the site")
    _common(build)
    build.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: _site/ or output_dir)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--base-url", metavar="URL", help="the site's public address (overrides base_url)")
    _drafts(build)
    _no_cache(build)

    check = commands.add_parser("check", help="validate the content only; exit 1 on errors")
    _common(check)
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    _drafts(check)
    _no_cache(check)

    serve = commands.add_parser("serve", help="build, serve, watch, rebuild and reload the browser")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    serve.add_argument("--poll", action="store_true",
                       help="poll for changes (Docker volumes, network drives, WSL) instead of native events")
    _drafts(serve)

    init = commands.add_parser("init", help="a new site, ready to build, with a GitHub workflow")
    init.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--as-of", type=_as_of, metavar="DATE", help="date the example check-ins up to this day")
    init.add_argument("--no-example", action="store_true", help="start with one team, without the example company")
    init.add_argument("--install", metavar="SPEC",
                      help="what the GitHub workflow pip-installs, e.g. 'okrsite @ git+https://github.com/org/okrsite@v0.1.0'"
                           " (default: where this okrsite was installed from)")

    new = commands.add_parser("new", help="a new objective, KPI or team file from a template")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    new_objective = kinds.add_parser("objective", help="content/okrs/<period>/<team>/<slug>.md, or with --person "
                                     "content/people/<person>/<period>/<slug>.md")
    new_objective.add_argument("title")
    whose = new_objective.add_mutually_exclusive_group(required=True)
    whose.add_argument("--team")
    whose.add_argument("--person", metavar="NAME", help="an individual objective of this person (named by a team)")
    new_objective.add_argument("--period", help="YYYY-Qn, YYYY-Hn or YYYY (default: the current quarter)")
    new_objective.add_argument("--owner")
    new_objective.add_argument("--aligns-to", metavar="REF", help="[<period>/]<team-id>/<slug>[#<kr-id>]")
    new_kpi = kinds.add_parser("kpi", help="content/kpis/<team>/<slug>.md")
    new_kpi.add_argument("title")
    new_kpi.add_argument("--team", required=True)
    new_team = kinds.add_parser("team", help="content/teams/<id>.md")
    new_team.add_argument("id")
    new_team.add_argument("title", metavar="NAME")
    new_team.add_argument("--parent")
    new_review = kinds.add_parser("review", help="a `review:` stub in each of a team's objectives of an ended period")
    new_review.add_argument("period", metavar="PERIOD", help="YYYY-Qn, YYYY-Hn or YYYY")
    new_review.add_argument("--team", required=True)
    for sub in (new_objective, new_kpi, new_team, new_review):
        _common(sub)

    checkin = commands.add_parser("checkin", help="add one check-in to a key result's file")
    checkin.add_argument("ref", metavar="REF", help="[<period>/]<team>/<objective-slug>#<key-result-id>")
    checkin.add_argument("--value", metavar="V", help="the metric's value")
    state = checkin.add_mutually_exclusive_group()
    state.add_argument("--done", dest="done", action="store_const", const=True, help="a milestone reached")
    state.add_argument("--not-done", dest="done", action="store_const", const=False, help="a milestone not yet reached")
    checkin.add_argument("--confidence", metavar="C", help="0 to 1, or a percentage such as 70%%")
    checkin.add_argument("--note", metavar="TEXT")
    checkin.add_argument("--date", type=_as_of, metavar="DATE", help="default: today, or as_of when it is set")
    checkin.add_argument("--replace", action="store_true", help="replace the check-in of that day")
    _common(checkin)

    diff = commands.add_parser("diff", help="what the working tree changes against a git revision, in numbers")
    diff.add_argument("rev", metavar="REV", help="a git revision, e.g. origin/main or HEAD")
    diff.add_argument("--format", choices=("markdown", "text", "json"), default="markdown")
    _common(diff)

    digest = commands.add_parser("digest", help="what a week changed, for chat or e-mail (default: this week)")
    digest.add_argument("--week", metavar="YYYY-Www", help="an ISO week such as 2026-W33 (default: the as-of date's)")
    digest.add_argument("--format", choices=("markdown", "text", "html"), default="markdown")
    digest.add_argument("--base-url", metavar="URL", help="the site's public address, for absolute links")
    _common(digest)

    schema = commands.add_parser("schema", help="write JSON Schema files of the front-matter for editors")
    schema.add_argument("directory", nargs="?", type=Path, default=Path("schemas"), metavar="DIR")

    export = commands.add_parser("export", help="print the computed data")
    _common(export)
    export.add_argument("--format", choices=("json", "csv"), default="json")
    _drafts(export)
    _no_cache(export)
    return parser


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


STOP_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT")  # `kill`, a closed terminal, Ctrl-\\


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Only the command's own module is imported: `check` needs no renderer or web server.
    module = importlib.import_module(f"okrsite.commands.{args.command}")
    # Stopped any way, a command unwinds as on Ctrl-C: a build removes its half-written folder,
    # serve closes its watcher and port.
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    try:
        return getattr(module, f"run_{args.command}")(args)
    except UsageError as error:
        print(f"okrsite: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
