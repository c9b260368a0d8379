"""Property-based: whatever bytes a content file holds, validation reports, never raises."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrsite.diagnostics import Diagnostics
from okrsite.frontmatter import read_document
from okrsite.loader import load_content
from okrsite.config import Config
from okrsite.validate import validate
from okrsite.compute import compute
from okrsite.export import export_json
from datetime import date

FIXTURE = Path(__file__).parent.parent / "fixtures" / "tiny"
OBJECTIVE = (FIXTURE / "content/okrs/2026-Q3/sales/revenue-growth.md").read_text()
SUPPORT = (FIXTURE / "content/okrs/2026-Q3/support/fewer-defects.md").read_text()
KPI = (FIXTURE / "content/kpis/sales/mrr.md").read_text()
YAML_BITS = [": ", "- ", "\n", "  ", "\t", "#", "'", '"', "{", "}", "[", "]", "&a", "*a", "!!str ", "---", "...",
             "no", "1:30", "1_000", "2026-02-30", "null", "~", "<<: *a", "? ", "|", ">", "%", "@", "\ufeff", "\r\n"]


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(st.one_of(st.sampled_from(YAML_BITS), st.text(max_size=6)))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 10)):]
        else:
            text = text[:position] + piece + text[position + len(piece):]
    return text


def validate_and_compute(root: Path) -> Diagnostics:
    """The whole pipeline short of rendering; computing runs whenever validation passed."""
    diagnostics = Diagnostics()
    config = Config(root=root)
    site = validate(load_content(root, "content", diagnostics, config.files().listed), config, diagnostics)
    if not diagnostics.has_errors:
        export_json(site, compute(site, date(2026, 8, 15), Config(root=root).status))
    return diagnostics


def assert_reported_or_clean(diagnostics: Diagnostics) -> None:
    for item in diagnostics.items:
        assert item.path and item.message
        assert item.severity in ("error", "warning")
        assert item.line >= 0 and item.column >= 0


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_reader_never_raises_on_random_bytes(data):
    diagnostics = Diagnostics()
    read_document("x.md", data, diagnostics)
    assert_reported_or_clean(diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.printable + "é\u00a0\ufeff", max_size=300))
def test_reader_never_raises_on_random_front_matter(text):
    diagnostics = Diagnostics()
    document = read_document("x.md", ("---\n" + text + "\n---\n").encode(), diagnostics)
    assert document is not None or diagnostics.has_errors
    assert_reported_or_clean(diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_validator_never_raises_on_mutated_files(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    target = data.draw(st.sampled_from([
        ("content/okrs/2026-Q3/sales/revenue-growth.md", OBJECTIVE),
        ("content/okrs/2026-Q3/support/fewer-defects.md", SUPPORT),
        ("content/kpis/sales/mrr.md", KPI),
    ]))
    (root / target[0]).write_text(mutate(target[1], data), encoding="utf-8")
    assert_reported_or_clean(validate_and_compute(root))


SCALARS = st.one_of(
    st.sampled_from(["no", "yes", "~", "1:30", "1_000", "0x1F", "0755", ".inf", "-.nan", "2026-02-30", "2026-07-01",
                     '"70%"', "1.5", "-3", "[]", "{}", "[a, b]", "{a: 1}", "''", "''", "!!binary aGk=", "&x 1"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=string.ascii_letters + " -", max_size=12),
)
KEYS = ["title", "start", "target", "current", "weight", "kpi", "type", "done", "unit", "due", "id", "owner",
        "confidence", "date", "value", "aligns_to", "kind", "tags", "checkins", "key_results"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(KEYS), SCALARS), max_size=8),
       st.lists(st.tuples(st.sampled_from(KEYS), SCALARS), max_size=8),
       st.lists(st.tuples(st.sampled_from(KEYS), SCALARS), max_size=5))
def test_validator_never_raises_on_random_typed_values(tmp_path_factory, top, key_result, checkin):
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    lines = ["---"] + [f"{k}: {v}" for k, v in top]
    lines += ["key_results:", "  - title: A"] + [f"    {k}: {v}" for k, v in key_result]
    lines += ["    checkins:", "      - date: 2026-07-02"] + [f"        {k}: {v}" for k, v in checkin]
    lines += ["---", ""]
    (root / "content/okrs/2026-Q3/sales/random.md").write_text("\n".join(lines), encoding="utf-8")
    assert_reported_or_clean(validate_and_compute(root))
