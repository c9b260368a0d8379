"""`okrsite init`, `okrsite new` and `okrsite schema`: files a new user can build on at once."""

from __future__ import annotations

import json
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from okrsite.schema import document_schemas
from tests.conftest import REPO, copy_fixture, okrsite


SPEC = "okrsite @ git+https://github.com/acme/okrsite@v0.1.0"  # where CI installs okrsite from (tests run an editable install)


@pytest.fixture
def initialised(tmp_path) -> Path:
    result = okrsite("init", "my-okrs", "--as-of", "2026-08-19", "--install", SPEC, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / "my-okrs"


def test_init_makes_a_site_that_checks_and_builds(initialised):
    check = okrsite("check", "--strict", "--as-of", "2026-08-19", cwd=initialised)
    assert check.returncode == 0, check.stdout + check.stderr
    build = okrsite("build", "--as-of", "2026-08-19", cwd=initialised)
    assert build.returncode == 0, build.stderr
    assert (initialised / "_site/index.html").is_file()
    assert "/_site/" in (initialised / ".gitignore").read_text()


def test_init_checks_clean_today_too(tmp_path):
    assert okrsite("init", "site", "--install", SPEC, cwd=tmp_path).returncode == 0
    assert okrsite("check", "--strict", cwd=tmp_path / "site").returncode == 0


def test_init_in_an_existing_site_adds_only_what_is_missing(initialised):
    before = (initialised / "okrsite.toml").read_text()
    (initialised / ".github/workflows/okrsite.yml").write_text("# our own workflow\n")
    (initialised / ".vscode/tasks.json").unlink()
    result = okrsite("init", ".", "--install", SPEC, cwd=initialised)
    assert result.returncode == 0 and "never overwrites" in result.stdout
    assert (initialised / "okrsite.toml").read_text() == before
    assert (initialised / ".github/workflows/okrsite.yml").read_text() == "# our own workflow\n"
    assert (initialised / ".vscode/tasks.json").is_file()  # what was missing is added
    again = okrsite("init", ".", "--install", SPEC, cwd=initialised)
    assert again.returncode == 0 and "nothing was added" in again.stdout


def test_init_without_the_example_starts_with_one_team_and_checks_and_builds(tmp_path):
    result = okrsite("init", "site", "--no-example", "--install", SPEC, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert sorted(p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md")) == ["content/teams/company.md"]
    assert (site / ".github/workflows/okrsite.yml").is_file()
    assert okrsite("check", "--strict", cwd=site).returncode == 0
    assert okrsite("build", cwd=site).returncode == 0 and (site / "_site/index.html").is_file()


def test_workflow_checks_and_builds_pull_requests_and_deploys_pages_daily(initialised):
    workflow = yaml.safe_load((initialised / ".github/workflows/okrsite.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]  # the site's as_of moves on quiet days too
    assert workflow["permissions"] == {"contents": "read"}
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    assert "permissions" not in check and "concurrency" not in check  # a PR never waits for, nor holds, a deploy
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages"
    runs = [s.get("run", "") for s in check["steps"]]
    assert runs.index("okrsite check --format github") < runs.index("okrsite build")  # template errors fail the PR
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in check["steps"])
    diff = next(s for s in check["steps"] if s.get("run", "").startswith("okrsite diff"))
    assert "$GITHUB_STEP_SUMMARY" in diff["run"] and diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    uses = [s.get("uses", "").split("@")[0] for s in deploy["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact") < uses.index(
        "actions/deploy-pages")
    build = next(s for s in deploy["steps"] if s.get("run", "").startswith("okrsite build"))
    assert "steps.pages.outputs.base_url" in build["env"]["BASE_URL"]
    for job in (check, deploy):
        steps = job["steps"]
        assert all("${{" not in s.get("run", "") for s in steps)  # no expansion inside shell lines
        checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False
        assert not any(s.get("uses", "").startswith("actions/cache@") for s in steps)  # content never becomes code


def test_workflow_is_valid_and_zizmor_finds_nothing_of_medium_severity_or_more(initialised):
    workflow = initialised / ".github/workflows/okrsite.yml"
    schema = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(workflow)], capture_output=True, text=True, timeout=120)
    assert schema.returncode == 0, schema.stdout + schema.stderr
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    audit = subprocess.run([zizmor, "--offline", "--min-severity", "medium", "--config",
                            str(initialised / ".github/zizmor.yml"), str(workflow)],
                           capture_output=True, text=True, timeout=120)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_init_from_a_local_install_asks_where_ci_installs_okrsite_from(tmp_path):
    result = okrsite("init", "site", cwd=tmp_path)  # the tests run okrsite from an editable install
    assert result.returncode == 2 and "--install SPEC" in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "site").exists()


def test_init_from_a_git_install_pins_the_installed_commit(tmp_path):
    source = tmp_path / "okrsite-source"  # a repository of this working tree's okrsite
    shutil.copytree(REPO / "okrsite", source / "okrsite", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "okrsite"]):
        subprocess.run([*git, *command], cwd=source, check=True, timeout=60)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True).stdout.strip()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    # okrsite's dependencies come from this environment's folders, after the new one's own (which
    # holds the git-installed okrsite); a .pth line adds a folder without running what is in it.
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    installed = subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", f"git+file://{source}"],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    made = subprocess.run([python, "-m", "okrsite", "init", "site"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert made.returncode == 0, made.stderr
    workflow = (tmp_path / "site/.github/workflows/okrsite.yml").read_text()
    assert workflow.count(f'pip install "okrsite @ git+file://{source}@{commit}"') == 2


def test_build_takes_the_base_url_from_the_command_line(initialised):
    assert okrsite("build", "--base-url", "https://acme.github.io/okrs/", cwd=initialised).returncode == 0
    assert "https://acme.github.io/okrs/index.html" in (initialised / "_site/sitemap.xml").read_text()


def test_vscode_task_puts_checks_diagnostics_at_their_file_and_line(initialised):
    task = json.loads((initialised / ".vscode/tasks.json").read_text())["tasks"][0]
    assert task["command"] == "okrsite check" and not (initialised / ".vscode/settings.json").exists()
    pattern = task["problemMatcher"]["pattern"]
    objective = next((initialised / "content/okrs").rglob("*.md"))
    objective.write_text(objective.read_text().replace("title:", "titel:", 1))
    (initialised / "themes/default/templates").mkdir(parents=True)
    (initialised / "themes/default/templates/team.html").write_text("{% if %}")
    lines = okrsite("check", cwd=initialised).stdout.splitlines()
    found = [re.match(pattern["regexp"], line) for line in lines]
    assert lines and all(found), lines
    where = {(m[pattern["file"]], m[pattern["line"]], m[pattern["severity"]]) for m in found}
    relative = objective.relative_to(initialised).as_posix()
    assert any(file == relative and severity == "error" for file, _, severity in where)
    assert ("themes/default/templates/team.html", "1", "error") in where
    assert all((initialised / file).is_file() for file, _, _ in where)  # relative to the workspace folder


def test_new_objective_kpi_and_team(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    made = okrsite("new", "objective", "--team", "sales", "--period", "2026-Q3", "Win the mid-market", cwd=site)
    assert made.returncode == 0, made.stderr
    assert "content/okrs/2026-Q3/sales/win-the-mid-market.md" in made.stdout
    again = okrsite("new", "objective", "--team", "sales", "--period", "2026-Q3", "Win the mid-market", cwd=site)
    assert "win-the-mid-market-2.md" in again.stdout
    assert 'owner: "Tan Wei Ming"' in (site / "content/okrs/2026-Q3/sales/win-the-mid-market.md").read_text()
    assert okrsite("new", "kpi", "--team", "support", "First response hours", cwd=site).returncode == 0
    assert okrsite("new", "team", "mobile", "--parent", "acme", "Mobile", cwd=site).returncode == 0
    check = okrsite("check", "--format", "json", cwd=site)
    assert check.returncode == 0, check.stdout
    assert (site / "content/kpis/support/first-response-hours.md").is_file()
    assert (site / "content/teams/mobile.md").is_file()


def test_new_objective_defaults_to_the_current_quarter(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    made = okrsite("new", "objective", "--team", "support", "Answer faster", cwd=site)
    assert "content/okrs/2026-Q3/support/answer-faster.md" in made.stdout  # as_of 2026-08-15


@pytest.mark.parametrize(("args", "message"), [
    (["objective", "--team", "salse", "X"], "there is no team `salse` (did you mean `sales`?)"),
    (["objective", "--team", "sales", "--period", "2026-Q5", "X"], "`2026-Q5` is not a period"),
    (["kpi", "--team", "nobody", "X"], "there is no team `nobody`"),
    (["team", "Bad Id", "X", "--parent", "acme"], "is not a team id"),
    (["team", "ops", "Operations", "--parent", "acmee"], "there is no team `acmee`"),
    (["team", "ops", "Operations"], "a new team needs --parent"),
    (["objective", "--team", "sales", " "], "the title is empty"),
    (["objective", "--team", "sales", "x" * 5000], "the title has 5000 characters; keep it under 200"),
    (["objective", "--team", "sales", "Win\nkey_results: []"], "must be one line of text"),
    (["objective", "--team", "sales", "Win", "--owner", "Ann\rBob"], "the owner must be one line"),
    (["kpi", "--team", "sales", "A\x07bell"], "must be one line of text"),
    (["team", "ops", "", "--parent", "acme"], "the name is empty"),
    (["team", "o" * 61, "Ops", "--parent", "acme"], "is not a team id"),
    (["objective", "--team", "sales", "Win", "--aligns-to", "x\nkey_results: []\n---"], "is not a reference"),
    (["objective", "--team", "sales", "Win", "--aligns-to", "2026-Q9/acme/grow"], "is not a reference"),
    (["objective", "--team", "sales", "Win", "--aligns-to", "Acme/Grow"], "is not a reference"),
])
def test_new_refuses_unknown_teams_periods_and_bad_arguments_and_writes_nothing(tmp_path, args, message):
    site = copy_fixture("tiny", tmp_path)
    before = sorted(p for p in site.rglob("*"))
    result = okrsite("new", *args, cwd=site)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p for p in site.rglob("*")) == before


def test_new_writes_nothing_that_would_not_pass_check(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    result = okrsite("new", "objective", "--team", "sales", "--period", "2026-Q3", "Win", "--aligns-to", "acme/nothing",
                     cwd=site)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/okrs/2026-Q3/sales/win.md:4:12: error: `aligns_to: acme/nothing` matches no objective in 2026-Q3, "
        "2026-H2 or 2026 (write [<period>/]<team-id>/<objective-slug>[#<kr-id>] of an existing objective)",
        "okrsite new: content/okrs/2026-Q3/sales/win.md was not written"]
    assert not (site / "content/okrs/2026-Q3/sales/win.md").exists()


@pytest.mark.parametrize("title", ['Win "big": #1 — ünïcödé', "- [x] yes: no", "x" * 200, "null", "'quoted'"])
def test_a_new_file_with_awkward_titles_passes_check(tmp_path, title):
    site = copy_fixture("tiny", tmp_path)
    result = okrsite("new", "objective", "--team", "sales", "--period", "2026-Q3", title, "--owner", title, cwd=site)
    assert result.returncode == 0, result.stderr
    check = okrsite("check", "--format", "json", cwd=site)
    assert check.returncode == 0 and json.loads(check.stdout)[0]["message"] != "", check.stdout
    assert [o for o in json.loads(check.stdout) if o["severity"] == "error"] == []


def test_init_never_writes_through_a_symlink(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    site = tmp_path / "site"
    (site / ".github").mkdir(parents=True)
    (site / "content").symlink_to(outside / "content")  # dangling
    (site / ".gitignore").symlink_to(outside / "gitignore")  # dangling
    (site / ".github/workflows").symlink_to(outside)
    result = okrsite("init", "site", "--install", SPEC, cwd=tmp_path)
    assert result.returncode == 1
    assert "cannot write .github/workflows/okrsite.yml: its folder .github/workflows is a symbolic link" in result.stderr
    assert "kept 1 file that already exists (.gitignore)" in result.stdout  # content/: the site exists
    assert list(outside.iterdir()) == []
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(__import__("os").geteuid() == 0, reason="root writes everywhere")
def test_init_reports_an_unwritable_folder_as_an_error(tmp_path):
    (tmp_path / "locked").mkdir(mode=0o500)
    result = okrsite("init", "locked", "--install", SPEC, cwd=tmp_path)
    assert result.returncode == 1 and "cannot write okrsite.toml: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_reports_a_path_it_cannot_make_as_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("x")
    result = okrsite("init", "file/site", "--install", SPEC, cwd=tmp_path)
    assert result.returncode == 2 and "cannot make the folder file/site" in result.stderr
    assert "Traceback" not in result.stderr


class _DatesAsText(yaml.SafeLoader):
    """YAML as yaml-language-server reads it for a schema: dates stay strings."""


_DatesAsText.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8").split("---\n")[1], Loader=_DatesAsText)


@pytest.mark.parametrize(("kind", "folder"), [("team", "teams"), ("objective", "okrs"), ("kpi", "kpis")])
def test_json_schemas_accept_every_demo_file(kind, folder):
    schema = document_schemas()[f"okrsite-{kind}.schema.json"]
    jsonschema.Draft202012Validator.check_schema(schema)
    files = sorted((REPO / "content" / folder).rglob("*.md"))
    assert files
    for path in files:
        jsonschema.validate(front_matter(path), schema)


def test_json_schema_rejects_a_wrong_type():
    schema = document_schemas()["okrsite-objective.schema.json"]
    bad = {"title": "Win", "key_results": [{"title": "A", "start": "zero", "target": 5}]}
    with pytest.raises(jsonschema.ValidationError, match="'zero' is not of type 'number'"):
        jsonschema.validate(bad, schema)
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate({"title": "Win", "targt": 3, "key_results": [{"title": "A"}]}, schema)


def test_schema_command_writes_the_files(tmp_path):
    result = okrsite("schema", str(tmp_path / "schemas"), cwd=tmp_path)
    assert result.returncode == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == ["okrsite-config.schema.json", "okrsite-kpi.schema.json", "okrsite-objective.schema.json",
                     "okrsite-team.schema.json"]


def test_schema_keys_are_the_validators_keys():
    from okrsite import schema
    from okrsite.validate import documents

    assert documents.OBJECTIVE_KEYS == tuple(document_schemas()["okrsite-objective.schema.json"]["properties"])
    assert documents.KEY_RESULT_KEYS == tuple(schema.KEY_RESULT)
    assert documents.KPI_KEYS == tuple(document_schemas()["okrsite-kpi.schema.json"]["properties"])


def test_pre_commit_hook_runs_check():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "okrsite-check" and hooks[0]["entry"] == "okrsite check"
    assert hooks[0]["pass_filenames"] is False


def test_init_can_name_where_the_workflow_installs_okrsite_from(tmp_path):
    spec = "okrsite @ git+https://github.com/acme/okrsite@v0.1.0"
    assert okrsite("init", "site", "--install", spec, cwd=tmp_path).returncode == 0
    workflow = (tmp_path / "site/.github/workflows/okrsite.yml").read_text()
    assert workflow.count(f'pip install "{spec}"') == 2
