"""Property-based, as `okrsite build` runs: whatever bytes, YAML or CSV a pull request puts in a
content file, the build reports and exits 0 or 1 within seconds; it never raises (a traceback) or
hangs, and a failed build leaves the previous site exactly as it was (issue 15)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite import cli
from tests.conftest import FIXTURES
from tests.validate.test_properties import YAML_BITS, mutate

OBJECTIVE = "content/okrs/2026-Q3/sales/revenue-growth.md"
KPI = "content/kpis/sales/mrr.md"
CSV = "content/kpis/sales/mrr.csv"
CSV_BITS = [",", "\n", '"', "\r", "\x00", "=cmd|' /C calc'!A0", "1e308", "nan", "-inf", "2026-02-30", "１２",
            "2026-08-01", "date,value", ",,,,", "\ufeff", "@SUM(A1)"]


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Site:
    """A built copy of `tiny`, one file replaced per example and put back after it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        assert self.build() == (0, "")
        self.before = digest(root / "_site")

    def build(self) -> tuple[int, str]:
        stderr = io.StringIO()
        handlers = {name: signal.getsignal(getattr(signal, name)) for name in cli.STOP_SIGNALS}

        def hung(signum, frame):
            raise AssertionError("okrsite build hung")

        previous_alarm = signal.signal(signal.SIGALRM, hung)
        signal.alarm(30)
        try:
            with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                code = cli.main(["build", "--config", str(self.root / "okrsite.toml")])
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous_alarm)
            for name, handler in handlers.items():
                signal.signal(getattr(signal, name), handler)
        return code, stderr.getvalue() if code else ""

    def try_with(self, relative: str, data: bytes) -> None:
        path = self.root / relative
        original = path.read_bytes()
        path.write_bytes(data)
        try:
            code, stderr = self.build()
            assert code in (0, 1), stderr
            assert "Traceback" not in stderr
            if code == 1:
                assert digest(self.root / "_site") == self.before, "a failed build changed the previous site"
                assert "the site was not written" in stderr or "previous site was left" in stderr, stderr
            else:
                self.before = digest(self.root / "_site")
        finally:
            path.write_bytes(original)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("untrusted") / "tiny"
    shutil.copytree(FIXTURES / "tiny", root)
    return Site(root)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.binary(max_size=2000), where=st.sampled_from([OBJECTIVE, KPI, CSV]))
def test_random_bytes_in_any_content_file(site, data, where):
    site.try_with(where, data)


@SETTINGS
@given(data=st.data(), where=st.sampled_from([OBJECTIVE, KPI]))
def test_random_yaml_in_front_matter(site, data, where):
    text = (FIXTURES / "tiny" / where).read_text(encoding="utf-8")
    site.try_with(where, mutate(text, data).encode("utf-8", errors="surrogatepass"))


@SETTINGS
@given(rows=st.lists(st.lists(st.one_of(st.sampled_from(CSV_BITS), st.text(max_size=12)), max_size=4), max_size=30),
       header=st.sampled_from(["date,value", "date,value,note", "value,date", ""]))
def test_random_csv_data(site, rows, header):
    text = header + "\n" + "\n".join(",".join(row) for row in rows)
    site.try_with(CSV, text.encode("utf-8", errors="surrogatepass"))


def test_yaml_bits_include_what_breaks_parsers():
    assert {"&a", "*a", "<<: *a", "\t"} <= set(YAML_BITS)
