"""Whole builds of the demo company and fixtures: pages, numbers, determinism, atomicity, safety."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from okrsite.pipeline import run
from okrsite.render.plan import collect_people
from okrsite.render.urls import slugify
from tests.conftest import REPO, copy_fixture, okrsite
from tests.render.helpers import build_site, html_files, parse


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_site(REPO / "okrsite.toml", tmp_path_factory.mktemp("demo") / "_site")


@pytest.fixture(scope="module")
def project():
    return run(REPO / "okrsite.toml")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def text_of(path: Path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_every_team_objective_kpi_and_person_has_a_page(demo, project):
    site = project.site
    for team in site.teams:
        assert (demo / f"teams/{team}.html").is_file()
    for ref in site.objectives:
        assert (demo / f"okrs/{ref}.html").is_file()
    for ref in site.kpis:
        assert (demo / f"kpis/{ref}.html").is_file()
    for name, slug in collect_people(site).items():
        assert name in text_of(demo / f"people/{slug}.html")
    for name in ("index.html", "404.html", "periods/index.html", "teams/index.html", "kpis/index.html",
                 "people/index.html", "feed.xml", ".nojekyll", "assets/okrsite.css", "assets/okrsite.js",
                 "assets/search-index.js"):
        assert (demo / name).is_file(), name


def test_archive_lists_every_period_with_its_score(demo, project):
    text = text_of(demo / "periods/index.html")
    for period_id, result in project.results.periods.items():
        assert period_id in text
        assert f"Organization score {result.score:.2f}" in text
        assert (demo / f"periods/{period_id}.html").is_file() and (demo / f"alignment/{period_id}.html").is_file()
    assert "sweet spot" in (demo / "periods/index.html").read_text()


def test_objective_page_shows_score_status_and_provenance(demo):
    text = text_of(demo / "okrs/2026-Q3/platform/scale-for-duo.html")
    assert "Give Duo terminals a backend that never blinks" in text
    assert "0.42 = (0.73 + 0.52 + 0.00) / 3" in text
    assert "0.73 = (0.9 − 2.5) / (0.3 − 2.5)" in text
    assert "0.00 = (99.93 − 99.94) / (99.97 − 99.94), floored at 0" in text
    assert "on track" in text and "lower is better" in text
    assert "Sync storm 16 Jul" in text  # check-in notes
    weighted = text_of(demo / "okrs/2026-Q3/company/keep-every-merchant.html")
    assert "0.26 = (0.26 × 2 + 0.00 × 1 + 0.52 × 1) / 4" in weighted
    assert "at risk" in weighted


def test_home_is_the_current_quarter_dashboard(demo, project):
    text = text_of(demo / "index.html")
    q3 = project.results.periods["2026-Q3"]
    assert "2026-Q3" in text and f"{q3.score:.2f}" in text and "53%" in text
    for team in project.site.teams.values():
        if team.parent:
            assert team.name in text
    assert "What moved" in text and "KPI health" in text


def test_team_page_shows_objectives_kpis_and_history(demo):
    text = text_of(demo / "teams/customer-success.html")
    assert "Get response times back under control" in text
    assert "First Response Time" in text
    assert "History" in text and "2026-Q1" in text and "2026-Q2" in text
    assert "Jessica Ooi Bee Lian" in text


def test_charts_are_inline_svg_with_text_alternatives(demo):
    page = parse(demo / "okrs/2026-Q3/platform/scale-for-duo.html")
    svgs = [a for t, a in page.tags if t == "svg"]
    assert len(svgs) == 3
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    assert len([a for t, a in parse(demo / "kpis/finance/mrr.html").tags if t == "svg"]) == 1


def test_every_page_has_one_h1_a_title_and_a_language(demo):
    for path in html_files(demo):
        page = parse(path)
        tags = [t for t, _ in page.tags]
        assert tags.count("h1") == 1, path
        assert "title" in tags, path
        assert page.tags[0][0] == "html" and page.tags[0][1].get("lang") == "en", path


def test_status_is_never_colour_alone(demo):
    html = (demo / "index.html").read_text()
    for word in ("on track", "at risk", "off track"):
        assert word in html


def test_search_index_holds_every_kind(demo):
    text = (demo / "assets/search-index.js").read_text()
    entries = json.loads(text.removeprefix("window.OKRSITE_SEARCH = ").removesuffix(";\n"))
    assert {e["k"] for e in entries} == {"team", "objective", "key result", "KPI", "person"}
    assert all((demo / e["u"].split("#")[0]).is_file() for e in entries)


def test_build_is_deterministic(tmp_path):
    first = build_site(REPO / "okrsite.toml", tmp_path / "a")
    second = build_site(REPO / "okrsite.toml", tmp_path / "b")
    assert tree_digest(first) == tree_digest(second)


def test_sitemap_only_with_base_url(tmp_path, demo):
    assert not (demo / "sitemap.xml").exists()
    site = copy_fixture("tiny", tmp_path, 'base_url = "https://okr.example.com/acme/"\n')
    out = build_site(site / "okrsite.toml", tmp_path / "out")
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://okr.example.com/acme/okrs/2026-Q3/sales/revenue-growth.html</loc>" in sitemap
    assert "404.html" not in sitemap
    assert 'href="https://okr.example.com/acme/index.html"' in (out / "feed.xml").read_text()
    # 404.html is served at any missing address, so with a base_url its links are absolute.
    assert 'href="https://okr.example.com/acme/assets/okrsite.css"' in (out / "404.html").read_text()


def test_failed_build_leaves_the_previous_site_byte_identical(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    assert okrsite("build", cwd=site).returncode == 0
    before = tree_digest(site / "_site")
    (site / "content/okrs/2026-Q3/sales/revenue-growth.md").write_text("---\ntitle: [broken\n---\n")
    result = okrsite("build", cwd=site)
    assert result.returncode == 1
    assert "revenue-growth.md:3:1: error: YAML syntax error: while parsing a flow sequence that starts on line 2" \
        in result.stderr
    assert "not written" in result.stderr
    assert tree_digest(site / "_site") == before
    assert [p.name for p in site.iterdir() if "okrsite-" in p.name] == []


def test_template_error_names_the_template_and_keeps_the_old_site(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    assert okrsite("build", cwd=site).returncode == 0
    before = tree_digest(site / "_site")
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "kpi.html").write_text('{% extends "base.html" %}\n{% block content %}\n<h1>{{ page.nope.deeper }}</h1>\n{% endblock %}\n')
    result = okrsite("build", cwd=site)
    assert result.returncode == 1
    assert "themes/default/templates/kpi.html:3" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site / "_site") == before


def test_site_theme_overrides_one_template_and_extends_the_default(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'theme = "acme"\n')
    templates = site / "themes/acme/templates"
    templates.mkdir(parents=True)
    (templates / "people.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Our crew</h1>'
        '{% for p in page.people %}<a href="{{ p.url }}">{{ p.name }}</a>{% endfor %}{% endblock %}')
    (site / "themes/acme/static").mkdir()
    (site / "themes/acme/static/extra.css").write_text("body{}")
    assert okrsite("build", cwd=site).returncode == 0
    assert "Our crew" in (site / "_site/people/index.html").read_text()
    assert "Tan Wei Ming" in (site / "_site/people/index.html").read_text()
    assert "Teams" in (site / "_site/teams/index.html").read_text()  # untouched templates come from the default
    assert (site / "_site/assets/extra.css").is_file() and (site / "_site/assets/okrsite.css").is_file()


@pytest.mark.parametrize("out", ["content", ".", "..", "content/site", "/"])
def test_dangerous_output_folders_are_refused(tmp_path, out):
    site = copy_fixture("tiny", tmp_path)
    result = okrsite("build", "--out", out, cwd=site)
    assert result.returncode == 2
    assert "refusing to write the site" in result.stderr
    assert (site / "content/teams/acme.md").is_file()


def test_a_folder_okrsite_did_not_build_is_refused(tmp_path):
    site = copy_fixture("tiny", tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/thesis.txt").write_text("years of work")
    result = okrsite("build", "--out", str(tmp_path / "docs"), cwd=site)
    assert result.returncode == 2
    assert (tmp_path / "docs/thesis.txt").read_text() == "years of work"


def test_people_slugs_are_ascii_and_unique():
    assert slugify("Siti Nur'Aisyah binti Ahmad") == "siti-nuraisyah-binti-ahmad"
    assert slugify("Kumaresan a/l Rajoo") == "kumaresan-a-l-rajoo"
    assert slugify("José") == "jose"


def test_health_page_lists_findings_per_team_and_badges_mark_objectives(demo):
    health = text_of(demo / "health/2026-Q3.html")
    # for staff: key results, KPIs and teams by their titles, dates written out
    assert "People & Culture" in health and ("Key result “Raise offer acceptance rate from 70% to 90%” has no "
                                             "check-in at all this period (14+ days before 19 Aug 2026).") in health
    assert "KPI “Days Sales Outstanding” newest value is from 31 May 2026" in health
    html = (demo / "health/2026-Q3.html").read_text()
    assert "Add <code>aligns_to:</code> with" in html and "`" not in html.split("<main")[1]
    assert "grow-kl-team.md:19</code>: key result <code>acceptance</code> has no check-in" in html  # as check says it
    assert "<summary>For editors</summary>" in html and "<code>content/okrs/2026-Q3/people/grow-kl-team.md:19</code>" in html
    objective = text_of(demo / "okrs/2026-Q3/platform/faster-ci.html")
    assert "Practice notes Objective aligns to no other team's objective" in objective
    assert "Practice notes" not in text_of(demo / "okrs/2026-Q3/platform/scale-for-duo.html")
    assert "1 practice note" in text_of(demo / "teams/platform.html")  # the badge on the card
    assert "3 practice notes" in text_of(demo / "index.html")


def test_badges_can_be_turned_off(tmp_path):
    site = copy_fixture("tiny", tmp_path, "[lint]\nbadges = false\n")
    (site / "content/okrs/2026-Q3/support/internal-tools.md").write_text(
        (site / "content/okrs/2026-Q3/support/internal-tools.md").read_text().replace("lint_ignore: [orphan-objective]\n", ""))
    out = build_site(site / "okrsite.toml", tmp_path / "out")
    assert "Objective aligns to no other team" in text_of(out / "health/2026-Q3.html")
    assert "Practice notes" not in text_of(out / "okrs/2026-Q3/support/internal-tools.html")
    assert "practice note" not in text_of(out / "teams/support.html")


def test_parallel_build_writes_the_same_bytes(tmp_path):
    from okrsite.commands.build import build

    project = run(REPO / "okrsite.toml")
    build(project, tmp_path / "one", workers=1)
    pages, files = build(project, tmp_path / "three", workers=3)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "three")
    assert files == len(tree_digest(tmp_path / "one")) and pages == len(html_files(tmp_path / "one"))


def test_template_error_in_a_parallel_worker_is_reported_and_nothing_is_swapped(tmp_path):
    from okrsite.commands.build import build
    from okrsite.render.site import TemplateProblem

    site = copy_fixture("tiny", tmp_path, 'theme = "broken"\n')
    templates = site / "themes/broken/templates"
    templates.mkdir(parents=True)
    (templates / "person.html").write_text('{% extends "base.html" %}{% block content %}{{ page.x.y }}{% endblock %}')
    with pytest.raises(TemplateProblem) as problem:
        build(run(site / "okrsite.toml"), tmp_path / "out", workers=2)
    assert problem.value.diagnostic.path == "themes/broken/templates/person.html"
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.okrsite-*"))


def test_site_template_extends_the_default_template_of_the_same_name(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'theme = "acme"\n')
    templates = site / "themes/acme/templates"
    templates.mkdir(parents=True)
    (templates / "team.html").write_text(
        '{% extends "default/team.html" %}{% block content %}<p class="banner">Acme internal</p>'
        "{{ super() }}{% endblock %}")
    assert okrsite("build", cwd=site).returncode == 0
    html = (site / "_site/teams/sales.html").read_text()
    assert '<p class="banner">Acme internal</p>' in html and "Tan Wei Ming" in html


def test_pages_link_their_files_in_the_repositorys_web_editor_when_repo_url_is_set(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'repo_url = "https://github.com/acme/okrs"\n')
    out = build_site(site / "okrsite.toml", tmp_path / "out")
    editor = "https://github.com/acme/okrs/edit/main/content"
    assert f'href="{editor}/okrs/2026-Q3/sales/revenue-growth.md"' in (out / "okrs/2026-Q3/sales/revenue-growth.html").read_text()
    assert f'href="{editor}/teams/sales.md"' in (out / "teams/sales.html").read_text()
    assert f'href="{editor}/kpis/sales/mrr.md"' in (out / "kpis/sales/mrr.html").read_text()
    page = (out / "okrs/2026-Q3/sales/revenue-growth.html").read_text()
    assert "okrsite checkin 2026-Q3/sales/revenue-growth#kr2 --value &lt;value&gt;" in page  # what updates it


def test_no_check_in_command_is_shown_without_repo_url(tmp_path):
    out = build_site(copy_fixture("tiny", tmp_path) / "okrsite.toml", tmp_path / "out")
    assert "okrsite checkin" not in (out / "okrs/2026-Q3/sales/revenue-growth.html").read_text()


@pytest.mark.parametrize("settings, expected", [
    ("", None),  # no repo_url: no link
    ('repo_url = "https://git.example.com/acme/okrs"\n', None),  # not github.com and no edit_uri: MkDocs' rule
    ('repo_url = "https://git.example.com/acme/okrs/"\nedit_uri = "-/edit/trunk/site/"\n',
     "https://git.example.com/acme/okrs/-/edit/trunk/site/content/teams/sales.md"),
])
def test_edit_links_follow_repo_url_and_edit_uri(tmp_path, settings, expected):
    site = copy_fixture("tiny", tmp_path, settings)
    page = (build_site(site / "okrsite.toml", tmp_path / "out") / "teams/sales.html").read_text()
    assert ("Edit this file" in page) == (expected is not None)
    if expected:
        assert f'href="{expected}"' in page


def test_a_repo_url_that_is_not_a_web_address_is_a_config_error(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'repo_url = "git@github.com:acme/okrs.git"\n')
    checked = run(site / "okrsite.toml")
    assert [(d.path, d.rule) for d in checked.diagnostics.items if d.severity == "error"] == [("okrsite.toml", "config")]
    assert "`repo_url` must start with http:// or https://" in checked.diagnostics.items[0].message


@pytest.mark.parametrize("expression", [
    "cycler.__init__.__globals__.os.system('touch {marker}')",
    "lipsum.__globals__['os'].system('touch {marker}')",
    "page.__class__.__mro__[1].__subclasses__()",
])
def test_a_site_theme_template_cannot_reach_python(tmp_path, expression):
    from okrsite.commands.build import build
    from okrsite.render.site import TemplateProblem

    marker = tmp_path / "code-ran"
    site = copy_fixture("tiny", tmp_path, 'theme = "evil"\n')
    templates = site / "themes/evil/templates"
    templates.mkdir(parents=True)
    (templates / "kpi.html").write_text('{% extends "default/kpi.html" %}{% block content %}\n{{ '
                                        + expression.format(marker=marker) + " }}{% endblock %}")
    with pytest.raises(TemplateProblem) as problem:
        build(run(site / "okrsite.toml"), tmp_path / "out", workers=1)
    assert problem.value.diagnostic.path == "themes/evil/templates/kpi.html" and problem.value.diagnostic.line == 2
    assert not marker.exists() and not (tmp_path / "out").exists()


def test_a_template_runtime_error_names_the_template_and_line_without_a_traceback(tmp_path):
    site = copy_fixture("tiny", tmp_path, 'theme = "acme"\n')
    templates = site / "themes/acme/templates"
    templates.mkdir(parents=True)
    (templates / "team.html").write_text('{% extends "default/team.html" %}{% block content %}\n\n{{ 1 / 0 }}{% endblock %}')
    result = okrsite("build", cwd=site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "themes/acme/templates/team.html:3: error: template error: division by zero" in result.stderr
