"""How the runner times things: one command with its wall time and peak memory, and a live
`okrsite serve` whose rebuilds are timed from the file write to the line it prints."""

from __future__ import annotations

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

TIME = "/usr/bin/time"
BUILD_LINE = re.compile(r"okrsite serve: build (\d+): (\d+) pages in ([\d.]+) s, (\d+) files written, (\d+) removed")
FAILED_LINE = re.compile(r"okrsite serve: build (\d+) failed")
UNCHANGED_LINE = re.compile(r"okrsite serve: no change since build (\d+) \(checked in ([\d.]+) s\)")
REBUILD_LINE = re.compile(f"{BUILD_LINE.pattern}|{UNCHANGED_LINE.pattern}")
SERVING_LINE = re.compile(r"okrsite serve: serving on (\S+)")


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
    """One `okrsite serve` rebuild: wall time from the write to its line, and what the line says."""

    wall: float
    reported: float
    pages: int
    written: int
    removed: int


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
        if match.group(1) is None:  # nothing changed: the server says so and writes nothing
            return Rebuild(arrived - started, float(match.group(7)), 0, 0, 0)
        return Rebuild(arrived - started, float(match.group(3)), int(match.group(2)), int(match.group(4)),
                       int(match.group(5)))

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
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
