"""Per-file validation: one front-matter document becomes one typed model object."""

from __future__ import annotations

import re
from dataclasses import dataclass

from okrsite import schema
from okrsite.config import Config
from okrsite.diagnostics import Diagnostics
from okrsite.frontmatter import Document, Mapping, Scalar, Sequence
from okrsite.model import KeyResult, Kpi, Objective, Review, Snapshot, Source, Team
from okrsite.periods import Period
from okrsite.validate.checkins import read_checkins, read_dated
from okrsite.validate.fields import Reader, check_slug, describe

TEAM_KEYS = tuple(schema.TEAM)
OBJECTIVE_KEYS = tuple(schema.OBJECTIVE)
KEY_RESULT_KEYS = tuple(schema.KEY_RESULT)
KPI_KEYS = tuple(schema.KPI)
CADENCES = schema.KPI["cadence"].choices
REFERENCE = re.compile(r"(?:(?P<period>[^/#\s]+)/)?(?P<team>[^/#\s]+)/(?P<slug>[^/#\s]+)(?:#(?P<kr>[^/#\s]+))?")


@dataclass(frozen=True, slots=True)
class RawReference:
    """An `aligns_to` entry as written; resolved once every file is read."""

    text: str
    period: str | None
    team: str
    slug: str
    key_result: str | None
    line: int
    column: int


def read_team(team_id: str, document: Document, diagnostics: Diagnostics) -> Team | None:
    reader = Reader(document.path, document.front, diagnostics, f"team `{team_id}`")
    reader.check_keys(TEAM_KEYS)
    name = reader.text("name", required=True)
    parent = reader.text("parent")
    parent_entry = reader.entry("parent")
    if parent is not None and parent_entry is not None and not check_slug(reader, parent_entry.value, parent, "parent team"):
        parent = None
    lead = reader.text("lead")
    members = reader.text_list("members")
    if name is None:
        return None
    parent_line = parent_entry.line if parent_entry is not None else 1
    return Team(team_id, name, parent, lead or None, members, document.body, Source(document.path, 1), parent_line)


def read_objective(
    period: Period, team_id: str, slug: str, config: Config, document: Document, diagnostics: Diagnostics
) -> tuple[Objective, list[RawReference]]:
    ref = f"{period.id}/{team_id}/{slug}"
    reader = Reader(document.path, document.front, diagnostics, "objective")
    reader.check_keys(OBJECTIVE_KEYS)
    title = reader.text("title", required=True)
    owner = reader.text("owner")
    kind = reader.choice("kind", ("aspirational", "committed"), config.default_kind)
    tags = reader.text_list("tags")
    lint_ignore = reader.text_list("lint_ignore")
    state = reader.choice("state", ("active", "draft", "abandoned"), "active")
    reason = reader.text("reason") or ""
    if state == "abandoned" and not reason.strip():
        reader.error(reader.entry("state").value, "an abandoned objective needs a `reason`",
                     "add `reason:` with why it was dropped: what the team learned is worth keeping", rule="missing-key")
    elif state != "abandoned" and reader.entry("reason") is not None:
        reader.error(reader.entry("reason").value, "`reason` has no meaning unless the objective is abandoned",
                     "add `state: abandoned`, or remove `reason`", rule="state")
    review = _read_review(reader)
    references = _read_references(reader)
    key_results: list[KeyResult] = []
    seen: dict[str, int] = {}
    entries = reader.mapping_list("key_results", required=True)
    for position, entry in enumerate(entries, start=1):
        key_result = _read_key_result(document.path, entry, position, period, diagnostics)
        if key_result is None:
            continue
        if key_result.id in seen:
            diagnostics.error(document.path, entry.line, entry.column, "duplicate-id",
                              f"key result id `{key_result.id}` is used twice (also on line {seen[key_result.id]})",
                              "give each key result its own `id:`")
            continue
        seen[key_result.id] = entry.line
        key_results.append(key_result)
    # Kept even when incomplete (its errors are reported) so that references to it still resolve.
    lines = {key: entry.line for key, entry in document.front.entries.items()}
    objective = Objective(ref, period.id, team_id, slug, title or "", owner or None, kind, (), tags, tuple(key_results),
                          document.body, Source(document.path, 1), lint_ignore, lines, state=state, reason=reason,
                          review=review)
    return objective, references


REVIEW_KEYS = tuple(schema.REVIEW)


def _read_review(reader: Reader) -> Review | None:
    """`review:`: the final grade (0-1), why it differs, what was learned, what carries over."""
    found = reader.entry("review")
    if found is None:
        return None
    if not isinstance(found.value, Mapping):
        reader.error(found.value, f"`review` of {reader.what} must be keys like `grade:`, `learned:` and `next:`, "
                     f"not {describe(found.value)}", "indent `grade:`, `reason:`, `learned:` and `next:` under it")
        return None
    item = Reader(reader.path, found.value, reader.diagnostics, "the review")
    item.check_keys(REVIEW_KEYS)
    grade = item.number("grade")
    if grade is not None and not 0 <= grade <= 1:
        item.error(item.entry("grade").value, f"`grade` of the review is {grade:g}, outside 0-1",
                   "grade from 0 to 1, as scores are", rule="range")
        grade = None
    return Review(grade, item.text("reason") or "", item.text("learned") or "", item.text("next") or "", found.line)


def _read_references(reader: Reader) -> list[RawReference]:
    found = reader.entry("aligns_to")
    if found is None:
        return []
    items = found.value.items if isinstance(found.value, Sequence) else (found.value,)
    references: list[RawReference] = []
    for item in items:
        if not isinstance(item, Scalar) or item.kind in ("bool", "null"):
            reader.error(item, f"`aligns_to` entries must be references like `company/grow-revenue`, not {describe(item)}")
            continue
        match = REFERENCE.fullmatch(item.text.strip())
        if not match:
            reader.error(item, f"`aligns_to` entry `{item.text}` is not a reference",
                         "write [<period>/]<team-id>/<objective-slug>[#<kr-id>], e.g. `2026/company/grow-revenue#arr`",
                         rule="invalid-reference")
            continue
        references.append(RawReference(item.text.strip(), match["period"], match["team"], match["slug"], match["kr"],
                                       item.line, item.column))
    return references


def _read_key_result(path: str, mapping: Mapping, position: int, period: Period, diagnostics: Diagnostics) -> KeyResult | None:
    reader = Reader(path, mapping, diagnostics, f"key result {position}")
    given_id = reader.text("id")
    id_entry = reader.entry("id")
    kr_id = given_id if given_id is not None else f"kr{position}"
    if id_entry is not None and not check_slug(reader, id_entry.value, kr_id, "key result id"):
        return None
    reader.what = f"key result `{kr_id}`"
    reader.check_keys(KEY_RESULT_KEYS)
    errors_before = diagnostics.error_count
    title = reader.text("title", required=True)
    kr_type = reader.choice("type", ("metric", "milestone", "maintain"), "metric")
    kpi = reader.text("kpi")
    kpi_entry = reader.entry("kpi")
    if kpi is not None and kpi_entry is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*", kpi):
        reader.error(kpi_entry.value, f"`kpi` of {reader.what} is `{kpi}`, not a KPI reference",
                     "write <team-id>/<kpi-slug>, e.g. `finance/mrr`", rule="invalid-reference")
    is_metric, is_maintain = kr_type == "metric", kr_type == "maintain"
    start = reader.number("start", required=is_metric and kpi is None)
    target = reader.number("target", required=is_metric)
    threshold = reader.number("threshold", required=is_maintain)
    direction = reader.choice("direction", ("higher", "lower"), "" if kpi else "higher") if is_maintain else ""
    current = reader.number("current")
    done = reader.boolean("done")
    weight = reader.number("weight")
    if weight is not None and weight <= 0:
        reader.error(reader.entry("weight").value, f"`weight` of {reader.what} must be greater than 0, not {weight:g}",
                     "use a positive number such as 1 or 2", rule="range")
    if is_metric and start is not None and target is not None and start == target:
        reader.error(reader.entry("target").value, f"`target` of {reader.what} equals its `start` ({target:g})",
                     "a key result must move a number: change `start` or `target`; to keep a number where it is, "
                     "use `type: maintain` with a `threshold`", rule="target-equals-start")
    meaningless = {
        "milestone": (("start", "target", "current", "kpi", "threshold", "direction"),
                      "a milestone is done or not: use `done:` and check-ins with `done:`"),
        "maintain": (("start", "target", "done"),
                     "a maintain key result holds a line: give `threshold:` (and `direction: lower` when at or "
                     "below is good) and check-ins with `value:`"),
        "metric": (("done", "threshold", "direction"),
                   "set `type: milestone` or `type: maintain`, or give `start` and `target`"),
    }
    keys, hint = meaningless[kr_type]
    for key in keys:
        if key in mapping.entries:
            reader.error(mapping.entries[key], f"`{key}` has no meaning for {kr_type} {reader.what}", hint,
                         rule="milestone" if "milestone" in (kr_type, key) or key == "done" else "key-result-type")
    checkins = read_checkins(reader, kr_type != "milestone", period)
    unit = reader.text("unit") or ""
    owner = reader.text("owner")
    due = reader.date("due") or period.end
    due_entry = reader.entry("due")
    if title is None or diagnostics.error_count > errors_before:
        return None
    kpi_line = kpi_entry.value.line if kpi_entry is not None else 0
    return KeyResult(kr_id, title, kr_type, start, target, unit, current, kpi, bool(done), weight or 1.0,
                     owner or None, due, checkins, mapping.line, kpi_line,
                     due_line=due_entry.line if due_entry is not None else 0, threshold=threshold,
                     direction=direction)


def read_kpi(team_id: str, slug: str, data_files: dict[str, bytes], csv_rows: int, document: Document,
             diagnostics: Diagnostics) -> Kpi | None:
    from okrsite.validate.csvdata import read_snapshot_csv

    reader = Reader(document.path, document.front, diagnostics, f"KPI `{team_id}/{slug}`")
    reader.check_keys(KPI_KEYS)
    title = reader.text("title", required=True)
    unit = reader.text("unit") or ""
    direction = reader.choice("direction", ("higher", "lower"), "higher")
    target = reader.number("target", required=True)
    alert = reader.number("alert")
    stretch = reader.number("stretch")
    cadence = reader.choice("cadence", CADENCES, "monthly")
    snapshots: dict = {}
    for index, mapping in enumerate(reader.mapping_list("snapshots"), start=1):
        dated = read_dated(reader, mapping, schema.SNAPSHOT, lambda: f"snapshot {index}")
        if dated.date is not None and dated.value is not None:
            _add_snapshot(snapshots, Snapshot(dated.date, dated.value, dated.note, Source(document.path, mapping.line)),
                          diagnostics)
    data = reader.text("data")
    data_entry = reader.entry("data")
    if data is not None and data_entry is not None:
        folder = document.path.rsplit("/", 1)[0]
        csv_path = f"{folder}/{data}"
        if "/" in data or "\\" in data or csv_path not in data_files:
            reader.error(data_entry.value, f"data file `{data}` not found beside the KPI",
                         f"put the CSV file in {folder}/ and give its file name", rule="missing-file")
        else:
            for snapshot in read_snapshot_csv(csv_path, data_files[csv_path], diagnostics, csv_rows):
                _add_snapshot(snapshots, snapshot, diagnostics)
    if title is None or target is None:
        return None
    if alert is None:
        alert = target - 0.1 * abs(target) if direction == "higher" else target + 0.1 * abs(target)
    elif (direction == "higher" and alert > target) or (direction == "lower" and alert < target):
        better = "below" if direction == "higher" else "above"
        reader.error(reader.entry("alert").value, f"`alert` ({alert:g}) of {reader.what} is on the good side of `target` ({target:g})",
                     f"with direction `{direction}`, alert must be {better} the target", rule="range")
    ordered = tuple(sorted(snapshots.values(), key=lambda s: s.date))
    return Kpi(f"{team_id}/{slug}", team_id, slug, title, unit, direction, target, alert, stretch, cadence, ordered,
               document.body, Source(document.path, 1))


def _add_snapshot(snapshots: dict, snapshot: Snapshot, diagnostics: Diagnostics) -> None:
    first = snapshots.get(snapshot.date)
    if first is not None:
        diagnostics.error(snapshot.source.path, snapshot.source.line, 1, "duplicate-snapshot",
                          f"a snapshot for {snapshot.date} is given twice (also at {first.source.path}:{first.source.line})",
                          "keep one value per date")
        return
    snapshots[snapshot.date] = snapshot
