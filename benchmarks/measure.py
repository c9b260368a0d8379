"""How the runner times things: one command with its wall time and peak memory, and a live
`okrsite serve` whose rebuilds are timed from the file write to the line it prints, or on to the
last byte of a page requested from it over HTTP."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TIME = "/usr/bin/time"
BUILD_LINE = re.compile(r"okrsite serve: build (\d+): (\d+) pages ready in ([\d.]+) s")
FAILED_LINE = re.compile(r"okrsite serve: build (\d+) failed")
UNCHANGED_LINE = re.compile(r"okrsite serve: no change since build (\d+) \(checked in ([\d.]+) s\)")
REBUILD_LINE = re.compile(f"{BUILD_LINE.pattern}|{UNCHANGED_LINE.pattern}")
SERVING_LINE = re.compile(r"okrsite serve: serving on (\S+)")
SERVE_GET_TIMEOUT = 120.0
PAGE_BUILD = re.compile(rb"var build = (\d+)")  # in the live-reload script serve injects into each page


class BenchmarkError(Exception):
    """A measured command failed or did not answer in time."""


@dataclass(frozen=True, slots=True)
class Run:
    """One finished command."""

    seconds: float
    peak_rss_mb: float | None
    stdout: str
    stderr: str


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One `okrsite serve` rebuild: wall time from the write to its line, and what the line says
    (`pages` is 0 when the line says nothing changed)."""

    wall: float
    reported: float
    build: int
    pages: int

    @classmethod
    def from_line(cls, wall: float, match: re.Match[str]) -> Rebuild:
        """From a REBUILD_LINE (or BUILD_LINE) match."""
        if match.group(1) is None:
            return cls(wall, float(match.group(5)), int(match.group(4)), 0)
        return cls(wall, float(match.group(3)), int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True, slots=True)
class PageServed:
    """One save followed by one request: the rebuild the save caused, and the wall time from the
    file write to the last byte of the requested page's body."""

    page: str
    rebuild: Rebuild
    wall: float
    size: int


def median(values: list[float]) -> float:
    return statistics.median(values)


def _max_rss_from_time(report: str) -> float | None:
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    return int(match.group(1)) / 1024 if match else None


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion; wall time by the clock, peak RSS by `/usr/bin/time -v` where
    it exists, else by the child's own rusage (os.wait4). Raises BenchmarkError on failure."""
    use_time = os.access(TIME, os.X_OK)
    with tempfile.TemporaryDirectory(prefix="okrsite-bench-run-") as scratch:
        out, err, rss = Path(scratch, "out"), Path(scratch, "err"), Path(scratch, "rss")
        full = [TIME, "-v", "-o", str(rss), *command] if use_time else command
        with out.open("wb") as stdout, err.open("wb") as stderr:
            started = time.perf_counter()
            process = subprocess.Popen(full, cwd=cwd, env=env, stdout=stdout, stderr=stderr,
                                       stdin=subprocess.DEVNULL)
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except BaseException:
                process.kill()
                raise
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
        stdout_text, stderr_text = out.read_text(errors="replace"), err.read_text(errors="replace")
        peak = _max_rss_from_time(rss.read_text(errors="replace")) if use_time else usage.ru_maxrss / 1024
    if process.returncode != 0:
        raise BenchmarkError(f"`{' '.join(command)}` in {cwd} exited {process.returncode}:\n"
                             f"{stderr_text[-3000:]}{stdout_text[-2000:]}")
    return Run(seconds, peak, stdout_text, stderr_text)


def fresh_run(command: list[str], cwd: Path, output: Path, env: dict[str, str] | None = None) -> Run:
    """`run` after removing the command's output folder: a cold build every time."""
    shutil.rmtree(output, ignore_errors=True)
    return run(command, cwd, env)


class Server:
    """A running `okrsite serve`, its stdout read line by line with the time each line arrived."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.tail: list[str] = []
        self.connection: http.client.HTTPConnection | None = None
        threading.Thread(target=self._read, name="serve-stdout", daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))
        self.lines.put((time.perf_counter(), ""))  # end of output

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> tuple[float, re.Match[str]]:
        """The arrival time and match of the next line matching `pattern`; a failed build raises."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                arrived, line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise BenchmarkError(f"okrsite serve printed no `{pattern.pattern}` within {timeout:.0f} s") from None
            self.tail = (self.tail + [line])[-40:]
            if FAILED_LINE.search(line) or (line == "" and self.process.poll() is not None):
                raise BenchmarkError("okrsite serve failed:\n" + "\n".join(self.tail))
            match = pattern.search(line)
            if match:
                return arrived, match

    def drain(self) -> None:
        while not self.lines.empty():
            self.tail = (self.tail + [self.lines.get_nowait()[1]])[-40:]

    def rebuild_after(self, path: Path, data: bytes, timeout: float) -> Rebuild:
        """Write `data` to `path` and time until the server reports the rebuild it caused."""
        self.drain()
        started = time.perf_counter()
        path.write_bytes(data)
        arrived, match = self.wait_for(REBUILD_LINE, timeout)
        return Rebuild.from_line(arrived - started, match)

    def page_after(self, path: Path, data: bytes, page: str, timeout: float) -> PageServed:
        """Write `data` to `path`, wait for the build it causes, then GET `page` on the kept-alive
        connection: timed from the write to the last byte of the body, which must come from that build."""
        self.drain()
        started = time.perf_counter()
        path.write_bytes(data)
        arrived, match = self.wait_for(REBUILD_LINE, timeout)
        rebuild = Rebuild.from_line(arrived - started, match)
        if rebuild.pages == 0:
            raise BenchmarkError(f"saving {path} caused no build (`{match.group(0)}`): the edit changed nothing")
        body = self.get(page)
        wall = time.perf_counter() - started
        served = PAGE_BUILD.search(body)
        if served is None or int(served.group(1)) != rebuild.build:
            raise BenchmarkError(f"{page} came from build {served.group(1) if served else '?'}, "
                                 f"not build {rebuild.build}")
        return PageServed(page, rebuild, wall, len(body))

    def connect(self, url: str) -> None:
        """Open the kept-alive HTTP connection that `get` uses (serve speaks HTTP/1.1 keep-alive)."""
        parts = urlsplit(url)
        host = "127.0.0.1" if parts.hostname == "localhost" else parts.hostname
        self.connection = http.client.HTTPConnection(host or "127.0.0.1", parts.port or 80, timeout=SERVE_GET_TIMEOUT)

    def get(self, page: str) -> bytes:
        """The whole body of `page` (a path relative to the site root); anything but 200 raises."""
        if self.connection is None:
            raise BenchmarkError("get() before connect()")
        try:
            self.connection.request("GET", "/" + page)
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError) as error:
            self.connection.close()
            raise BenchmarkError(f"GET /{page} failed: {error!r}") from error
        if response.status != 200:
            raise BenchmarkError(f"GET /{page} answered {response.status}: {body[:500]!r}")
        return body

    def peak_rss_mb(self) -> float | None:
        """The server's high-water resident memory so far (Linux)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(match.group(1)) / 1024 if match else None

    def stop(self) -> None:
        """SIGTERM (okrsite stops cleanly on it), then a kill if it lingers."""
        if self.connection is not None:
            self.connection.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
