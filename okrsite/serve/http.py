"""A small standard-library HTTP server for the preview: GET and HEAD of the site's files only.

Each file is made on request by the current build's `SiteRenderer` (see `LiveSite`). Pages get a
live-reload script injected; while the content is broken, every page is an error page listing
the diagnostics as `okrsite check` words them.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import sys
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from okrsite.diagnostics import format_text
from okrsite.diagnostics import Diagnostic
from okrsite.render.site import TemplateProblem
from okrsite.serve.live import LiveSite

EVENTS = "/__okrsite/events"
HEARTBEAT_SECONDS = 15.0
RELOAD_SCRIPT = """<script>/* okrsite serve: reload when a new build is ready */
(function () {
  var build = %d, source = null;
  function open() {
    if (source || document.hidden) return;
    source = new EventSource("%s");
    source.onmessage = function (event) {
      if (Number(event.data) !== build) { source.close(); window.location.reload(); }
    };
  }
  function close() { if (source) { source.close(); source = null; } }
  document.addEventListener("visibilitychange", function () { if (document.hidden) close(); else open(); });
  open();
})();
</script>"""
TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".html": "text/html", ".json": "application/json"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], live: LiveSite) -> None:
        self.live = live
        super().__init__(address, PreviewHandler)
        bound = address[0]
        # A page on another site can point its own name at 127.0.0.1 (DNS rebinding): only requests
        # made to this server's own names are answered, unless it listens on every interface.
        self.hosts = None if bound in ("", "0.0.0.0", "::") else {"localhost", "127.0.0.1", "::1", bound.lower()}

    def handle_error(self, request: object, client_address: tuple) -> None:
        """A browser that closes its connection early (a reload, a closed tab) is one quiet line;
        anything else is a bug, shown with its traceback, and the server keeps serving."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            print(f"okrsite serve: a browser at {client_address[0]} closed the connection early "
                  f"({type(error).__name__})", flush=True)
        else:
            super().handle_error(request, client_address)

    def answers(self, host: str | None) -> bool:
        """Whether a request with this `Host` header is meant for this server."""
        if self.hosts is None:
            return True
        name = (host or "").strip().lower()
        name = name[1:name.index("]")] if name.startswith("[") and "]" in name else name.rsplit(":", 1)[0]
        return name in self.hosts


def error_page(problems: tuple[Diagnostic, ...]) -> bytes:
    items = "".join(f"<li><code>{escape(format_text(d))}</code></li>" for d in problems if d.severity == "error")
    warnings = sum(1 for d in problems if d.severity == "warning")
    more = f"<p>and {warnings} warning{'s' * (warnings != 1)}.</p>" if warnings else ""
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>okrsite: fix the content</title>"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
        "body{font-family:system-ui,sans-serif;margin:0;background:#1c2330;color:#f6f7f9}"
        "main{max-width:960px;margin:40px auto;padding:0 20px}h1{color:#ff8a7a}"
        "li{margin:10px 0;line-height:1.5}code{white-space:pre-wrap;font-size:15px}"
        "</style></head><body><main><h1>The site could not be built</h1>"
        "<p>Fix these and save: the page reloads by itself.</p>"
        f"<ul class=\"okrsite-diagnostics\">{items}</ul>{more}</main></body></html>"
    ).encode("utf-8")


def inject(html: bytes, build: int) -> bytes:
    script = (RELOAD_SCRIPT % (build, EVENTS)).encode("utf-8")
    marker = html.rfind(b"</body>")
    return html[:marker] + script + html[marker:] if marker >= 0 else html + script


def site_path(url_path: str) -> str | None:
    """The site file a URL path names (relative to the site root), or None for anything that tries
    to leave the site. A folder's address names its index.html."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    if any(part in ("..", ".") for part in decoded.split("/")):
        return None
    relative = posixpath.normpath("/" + decoded).lstrip("/")
    if relative in ("", "."):
        return "index.html"
    return relative + "/index.html" if decoded.endswith("/") else relative


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "okrsite-serve"
    protocol_version = "HTTP/1.1"  # keep-alive: a page's styles, script and search index come on one connection
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart on a kept-alive connection

    def log_message(self, format: str, *args) -> None:  # requests are not news; builds are
        pass

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def do_GET(self) -> None:
        self.respond(head=False)

    def refuse_method(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse_method

    def send(self, status: int, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def respond(self, head: bool) -> None:
        if not self.server.answers(self.headers.get("Host")):
            self.send(HTTPStatus.MISDIRECTED_REQUEST, b"okrsite serve answers requests to localhost only",
                      "text/plain; charset=utf-8", head)
            return
        path = urlsplit(self.path).path
        if path == EVENTS:
            self.events(head)
            return
        served = self.server.live.served()
        if path == "/__okrsite/state":
            state = {"build": served.build, "ok": served.ok, "problems": [format_text(d) for d in served.problems]}
            self.send(200, json.dumps(state).encode(), "application/json", head)
            return
        relative = site_path(path)
        if relative is None:
            self.send(HTTPStatus.FORBIDDEN, b"forbidden", "text/plain; charset=utf-8", head)
            return
        renderer = served.renderer
        is_page = relative.endswith(".html") or "." not in relative.rsplit("/", 1)[-1]
        if renderer is None or (not served.ok and is_page):
            self.send(HTTPStatus.OK, inject(error_page(served.problems), served.build), "text/html; charset=utf-8", head)
            return
        if relative not in renderer.pages and relative not in renderer.others and relative + "/index.html" in renderer.pages:
            relative += "/index.html"
        status = HTTPStatus.OK
        try:
            body = renderer.file(relative)
            if body is None:
                status, relative = HTTPStatus.NOT_FOUND, "404.html"
                body = renderer.file(relative)
                if body is None:
                    self.send(status, b"not found", "text/plain; charset=utf-8", head)
                    return
                if served.base_url:
                    body = body.replace(served.base_url.encode(), b"/")  # 404.html links absolutely, to the published site
        except TemplateProblem as problem:
            page = inject(error_page((problem.diagnostic,)), served.build)
            self.send(HTTPStatus.INTERNAL_SERVER_ERROR, page, "text/html; charset=utf-8", head)
            return
        suffix = posixpath.splitext(relative)[1]
        content_type = TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"
        if content_type == "text/html":
            body = inject(body, served.build)
        if content_type.startswith("text/") or content_type in ("application/xml", "application/json"):
            content_type += "; charset=utf-8"
        self.send(status, body, content_type, head)

    def events(self, head: bool) -> None:
        """Server-sent events: the current build number now, then each new one."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")  # the stream has no length: it ends when the connection does
        self.end_headers()
        if head:
            return
        live = self.server.live
        build = live.served().build
        try:
            self.wfile.write(f"retry: 1000\ndata: {build}\n\n".encode())
            self.wfile.flush()
            while True:
                newer = live.wait_for_build(build, HEARTBEAT_SECONDS)
                if newer == build:
                    self.wfile.write(b": still here\n\n")
                else:
                    build = newer
                    self.wfile.write(f"data: {build}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return
