"""`okrsite serve` as a user runs it: a real process on a free port, files edited under it."""

from __future__ import annotations

import http.client
import os
import queue
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from okrsite.serve.http import site_path
from tests.conftest import copy_fixture, okrsite

OBJECTIVE = "content/okrs/2026-Q3/sales/revenue-growth.md"


class Server:
    def __init__(self, site: Path, tmp: Path, *args: str) -> None:
        env = {**os.environ, "TMPDIR": str(tmp)}
        self.process = subprocess.Popen([sys.executable, "-m", "okrsite", "serve", *args], cwd=site, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait_for_line(r"serving on http://localhost:(\d+)/").group(1))

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)

    def wait_for_line(self, pattern: str, timeout: float = 15) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"no line matching {pattern!r} in {''.join(self.output)}")

    def get(self, path: str, method: str = "GET") -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        connection.close()
        return response.status, body

    def wait_for(self, path: str, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        body = ""
        while time.monotonic() < deadline:
            status, body = self.get(path)
            if text in body:
                return body
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared in {path}: {body[:500]}")

    def stop(self) -> float:
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=5)
        return time.monotonic() - started


@pytest.fixture
def served(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    server = Server(site, tmp_path, "--port", "0")
    server.site = site
    yield server
    server.stop()


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    path.write_text(path.read_text().replace(old, new))


def test_serves_the_site_with_a_reload_script(served):
    status, body = served.get("/")
    assert status == 200 and "Company dashboard" in body and "EventSource" in body


def test_edited_title_appears(served):
    edit(served.site, OBJECTIVE, "title: Win the mid-market", "title: Win every market")
    served.wait_for("/okrs/2026-Q3/sales/revenue-growth.html", "Win every market")


def test_new_objective_appears(served):
    (served.site / "content/okrs/2026-Q3/sales/partners.md").write_text(
        "---\ntitle: Grow through resellers\nkey_results:\n  - {title: Sign resellers, start: 0, target: 5}\n---\n")
    served.wait_for("/okrs/2026-Q3/sales/partners.html", "Grow through resellers")
    served.wait_for("/teams/sales.html", "Grow through resellers")


def test_broken_file_shows_the_diagnostic_and_the_site_comes_back(served):
    path = served.site / OBJECTIVE
    good = path.read_text()
    path.write_text(good.replace("title: Win the mid-market", "title: Win: the mid-market"))
    body = served.wait_for("/teams/sales.html", "could not be built")
    assert f"{OBJECTIVE}:2:11: error: YAML syntax error" in body
    assert served.get("/kpis/sales/mrr.html")[1].count(OBJECTIVE) == 1  # every page tells
    assert served.process.poll() is None
    served.wait_for_line(r"build \d+ failed with 1 error")
    path.write_text(good)
    served.wait_for("/teams/sales.html", "Win the mid-market")


def test_template_error_in_a_site_theme_is_shown(served):
    templates = served.site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "team.html").write_text('{% extends "base.html" %}{% block content %}\n{{ page.nothing.here }}{% endblock %}')
    body = served.wait_for("/teams/sales.html", "could not be built")
    assert "themes/default/templates/team.html:2" in body
    (templates / "team.html").unlink()
    served.wait_for("/teams/sales.html", "Tan Wei Ming")


@pytest.mark.parametrize("path", ["/%2e%2e/okrsite.toml", "/..%2f..%2fetc%2fpasswd", "/assets/../../okrsite.toml",
                                  "/%2e%2e%2f%2e%2e%2fetc/passwd", "/a%5c..%5c..%5cokrsite.toml", "/%00"])
def test_traversal_is_refused(served, path):
    status, body = served.get(path)
    assert status in (403, 404)
    assert "as_of" not in body and "root:" not in body


def test_only_get_and_head(served):
    assert served.get("/", "HEAD")[0] == 200
    for method in ("POST", "PUT", "DELETE"):
        assert served.get("/", method)[0] == 405


def test_reload_channel_announces_a_new_build(served):
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    connection.request("GET", "/__okrsite/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"

    def next_build() -> int:
        while True:
            line = response.fp.readline().decode()
            if line.startswith("data: "):
                return int(line[6:])

    first = next_build()
    edit(served.site, OBJECTIVE, "title: Win the mid-market", "title: Win the SME market")
    assert next_build() == first + 1
    connection.close()


def test_interrupt_stops_quickly_and_writes_nothing(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    server = Server(site, tmp_path, "--port", "0")
    assert server.get("/")[0] == 200
    assert server.stop() < 1.5
    assert server.process.returncode == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # pages are made on request


def test_busy_port_moves_to_the_next_one(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        busy = blocker.getsockname()[1]
        server = Server(site, tmp_path, "--port", str(busy))
        try:
            assert server.port != busy
            assert any(f"port {busy} is busy" in line for line in server.output)
        finally:
            server.stop()


def test_build_output_has_no_reload_script(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    assert okrsite("build", cwd=site).returncode == 0
    for page in (site / "_site").rglob("*.html"):
        assert "EventSource" not in page.read_text()


def test_site_path_names_site_files_and_refuses_to_leave_the_site():
    assert site_path("/") == "index.html" and site_path("/teams/") == "teams/index.html"
    assert site_path("/okrs/2026-Q3/sales/revenue-growth.html") == "okrs/2026-Q3/sales/revenue-growth.html"
    for escape in ("/%2e%2e/secret.txt", "/../secret.txt", "/a/./b.html", "/a%5c..%5cb", "/a%00.html"):
        assert site_path(escape) is None, escape


def test_base_url_does_not_break_local_links_on_the_404_page(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'base_url = "https://okr.example.com/acme/"\n')
    server = Server(site, tmp_path, "--port", "0")
    try:
        status, body = server.get("/nowhere/at/all.html")
        assert status == 404 and "https://okr.example.com" not in body
        assert 'href="/assets/okrsite.css"' in body
    finally:
        server.stop()


def test_a_port_out_of_range_is_a_usage_error(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    result = okrsite("serve", "--port", "99999", cwd=site)
    assert result.returncode == 2 and "'99999' is not a port" in result.stderr and "Traceback" not in result.stderr


def test_a_browser_that_aborts_its_request_is_one_quiet_line(served):
    for _ in range(5):
        with socket.create_connection(("127.0.0.1", served.port)) as client:
            client.sendall(b"GET /okrs/2026-Q3/sales/revenue-growth.html HTTP/1.1\r\nHost: localhost\r\n\r\n")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    served.wait_for_line(r"a browser at 127\.0\.0\.1 closed the connection early \(\w+\)")
    assert served.get("/")[0] == 200
    assert "Traceback" not in "".join(served.output)


@pytest.mark.parametrize("name", ["SIGHUP", "SIGQUIT", "SIGTERM"])
def test_a_closed_terminal_or_kill_stops_serve_cleanly(tmp_path, name):
    site = copy_fixture("tiny", tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    server = Server(site, tmp_path, "--port", "0")
    assert server.get("/")[0] == 200
    server.process.send_signal(getattr(signal, name))
    assert server.process.wait(timeout=5) == 0
    server.wait_for_line("okrsite serve: stopped")
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
