"""`okrsite serve`: a live preview that rebuilds on save and reloads open pages."""

from __future__ import annotations

import argparse
import errno
import signal
import webbrowser

from okrsite.config import CONFIG_NAME
from okrsite.diagnostics import format_text
from okrsite.pipeline import UsageError, find_root
from okrsite.serve.http import PreviewServer
from okrsite.serve.live import BuildReport, LiveSite
from okrsite.serve.watch import watch

PORT_TRIES = 10


def describe(report: BuildReport) -> str:
    if report.unchanged:
        return f"no change since build {report.build} (checked in {report.seconds:.2f} s)"
    if report.ok:
        return f"build {report.build}: {report.pages} pages ready in {report.seconds:.2f} s"
    errors = sum(1 for d in report.problems if d.severity == "error")
    return f"build {report.build} failed with {errors} error{'s' * (errors != 1)}; the browser shows them"


def bind(host: str, port: int, live: LiveSite) -> PreviewServer:
    """Bind to `port`, or the next free one (said so); port 0 lets the system choose."""
    for offset in range(PORT_TRIES if port else 1):
        try:
            server = PreviewServer((host, port + offset), live)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise UsageError(f"cannot listen on {host}:{port + offset}: {error.strerror}") from error
            continue
        if offset:
            print(f"okrsite serve: port {port} is busy; using {port + offset} instead", flush=True)
        return server
    raise UsageError(f"ports {port}-{port + PORT_TRIES - 1} are busy: pass --port with a free one")


def run_serve(args: argparse.Namespace) -> int:
    # Ctrl-C stops serve even when it was started where SIGINT is ignored (a shell's background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    root = find_root(args.config)
    config_file = args.config.resolve() if args.config else root / CONFIG_NAME
    live = LiveSite(args.config, args.as_of, args.drafts)
    content = live.content
    observer = rebuilder = None
    try:
        def report(result: BuildReport) -> None:
            for diagnostic in () if result.unchanged else result.problems:
                print(format_text(diagnostic), flush=True)
            print(f"okrsite serve: {describe(result)}", flush=True)

        def rebuild(changed: set[str] | None = None) -> None:
            live.rebuild(changed, announce=report)

        # Watch first, so that nothing saved during the first build is missed.
        observer, rebuilder = watch(root, config_file, content, root / "themes", rebuild, poll=args.poll)
        rebuilder.paused = True
        rebuild()
        rebuilder.paused = False
        server = bind(args.host, args.port, live)
        host, port = server.server_address[:2]
        url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
        if args.host in ("0.0.0.0", "::", ""):
            print("okrsite serve: warning: listening on all interfaces: anyone on your network can read these OKRs",
                  flush=True)
        print(f"okrsite serve: serving on {url} (Ctrl-C to stop)", flush=True)
        if args.open:
            webbrowser.open(url)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            print("\nokrsite serve: stopped", flush=True)
        finally:
            server.server_close()
    except KeyboardInterrupt:
        print("\nokrsite serve: stopped", flush=True)
    finally:
        if rebuilder is not None:
            rebuilder.stop()
        if observer is not None:
            observer.stop()
            observer.join(timeout=1)
    return 0
