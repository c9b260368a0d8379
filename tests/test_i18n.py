"""The site in the reader's language (issue 18): catalogs, locale formats, no English left behind."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from okrsite import i18n
from okrsite.i18n import Language
from okrsite.pipeline import run
from tests.conftest import REPO, okrsite
from tests.render.helpers import Elements, build_site, parse

LANGUAGES = ("ms", "ko")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "n_": (1, 2), "N_": None}


def extracted() -> set:
    """Every message okrsite's Python and the default theme's templates mark, as `pybabel extract`
    finds them with babel.cfg: a msgid, or a (singular, plural) pair."""
    method_map = [("okrsite/**.py", "python"), ("okrsite/themes/default/templates/**.html", "jinja2")]
    options = {"okrsite/themes/default/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                                             "lstrip_blocks": "True"}}
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, options, KEYWORDS):
        found.add(tuple(message) if isinstance(message, (tuple, list)) else message)
    return found


@pytest.fixture(scope="module")
def messages() -> set:
    return extracted()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(messages, language):
    with open(i18n.catalog_path(i18n.CATALOGS, language), "rb") as file:
        catalog = read_po(file, locale=language)
    translated = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            key = tuple(message.id) if isinstance(message.id, (tuple, list)) else message.id
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            if all(strings):
                translated[key] = strings
    missing = sorted(str(m) for m in messages if m not in translated)
    assert missing == [], f"{len(missing)} messages have no {language} translation: run pybabel update (docs/translating.md)"
    for key, strings in translated.items():  # the same placeholders, so no translation breaks a page
        wanted = set(re.findall(r"%\(\w+\)s", key if isinstance(key, str) else key[-1]))
        for text in strings:
            assert set(re.findall(r"%\(\w+\)s", text)) == wanted, (language, key, text)


def test_formats_follow_the_locale():
    day = date(2026, 8, 19)
    english, malay, korean = Language("en"), Language("ms"), Language("ko")
    assert (english.day(day), malay.day(day), korean.day(day)) == ("19 Aug 2026", "19 Ogo 2026", "2026년 8월 19일")
    assert (english.month(day), malay.month(day), korean.month(day)) == ("Aug 2026", "Ogo 2026", "2026년 8월")
    assert Language("en_US").day(day) == "Aug 19, 2026"
    assert english.number(480000, "RM") == malay.number(480000, "RM") == "RM 480,000"
    assert Language("de").number(480000.5, "RM") == "RM 480.000,5"  # the locale's separators
    assert Language("fr").number(3.5, "%") == "3,5\xa0%"
    assert english.number(-2.5, "hours") == "−2.5 hours"
    assert (english.ago(date(2026, 7, 29), day), malay.ago(date(2026, 7, 29), day),
            korean.ago(date(2026, 7, 29), day)) == ("3 weeks ago", "3 minggu lalu", "3주 전")
    assert (english.and_list(["a", "b", "c"]), malay.and_list(["a", "b", "c"])) == ("a, b and c", "a, b dan c")


def test_plural_forms_come_from_the_language_not_the_file():
    english = Language("en", {("%(num)s key result", "%(num)s key results"): ("one", "many")})
    assert (english.n_("%(num)s key result", "%(num)s key results", 1),
            english.n_("%(num)s key result", "%(num)s key results", 2)) == ("one", "many")
    korean = Language("ko", {("%(num)s key result", "%(num)s key results"): ("핵심 결과 %(num)s개",)})
    assert korean.n_("%(num)s key result", "%(num)s key results", 1) == "핵심 결과 %(num)s개"


def test_an_unknown_language_is_a_config_error_that_lists_the_ones_there_are(tiny):
    config = tiny.root / "okrsite.toml"
    config.write_text(config.read_text() + 'language = "xx"\n')
    result = okrsite("check", cwd=tiny.root)
    assert result.returncode == 1
    assert "okrsite.toml:" in result.stdout and "okrsite has no `xx` language; it has en, ko, ms" in result.stdout


def test_a_theme_overrides_a_message_and_can_bring_its_own_language(tiny, tmp_path):
    po = tiny.root / "themes/corporate/locales/ms/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Teams"\nmsgstr "Pasukan kita"\n', encoding="utf-8")
    (tiny.root / "themes/corporate/locales/fr/LC_MESSAGES").mkdir(parents=True)
    (tiny.root / "themes/corporate/locales/fr/LC_MESSAGES/messages.po").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Teams"\nmsgstr "Équipes"\n', encoding="utf-8")
    config = tiny.root / "okrsite.toml"
    base = config.read_text()
    config.write_text(base + 'theme = "corporate"\nlanguage = "ms"\n')
    built = build_site(config, tmp_path / "ms")
    assert "<title>Pasukan kita" in (built / "teams/index.html").read_text()  # the theme's own words
    assert '<html lang="ms"' in (built / "index.html").read_text()
    config.write_text(base + 'theme = "corporate"\nlanguage = "fr"\n')
    assert run(config).diagnostics.has_errors is False  # a fourth language: one folder in the theme
    built = build_site(config, tmp_path / "fr")
    assert "<title>Équipes" in (built / "teams/index.html").read_text()


def _content_strings(root: Path) -> list[str]:
    """Every string the site's own files give a page: titles, notes, names, bodies, units..."""
    project = run(root / "okrsite.toml")
    site = project.site
    found: set[str] = {project.config.title}
    for team in site.teams.values():
        found.update({team.name, team.id, team.lead or "", *team.members, *team.body.split("\n")})
    for objective in site.objectives.values():
        found.update({objective.title, objective.owner or "", objective.reason or "", *objective.tags,
                      *objective.body.split("\n"), objective.person or ""})
        if objective.review is not None:
            found.update({objective.review.reason or "", objective.review.learned or "", objective.review.next or ""})
        for key_result in objective.key_results:
            found.update({key_result.title, key_result.unit or "", key_result.owner or ""})
            found.update(c.note or "" for c in key_result.checkins)
    for kpi in site.kpis.values():
        found.update({kpi.title, kpi.unit or "", *kpi.body.split("\n")})
        found.update(s.note or "" for s in kpi.snapshots)
    # longest first, so that a title is taken out before a shorter one inside it; one or two letters
    # (a unit such as `h`) would take letters out of the page's own words
    return sorted((s.strip() for s in found if s and len(s.strip()) > 2), key=len, reverse=True)


def _english_fragments(messages: set, language: Language) -> list[re.Pattern]:
    """The words of every English message that its translation changes, as patterns to look for."""
    patterns = []
    for message in messages:
        for english in (message if isinstance(message, tuple) else (message,)):
            if language._(english) == english and not isinstance(message, tuple):
                continue
            for fragment in re.split(r"%\(\w+\)s|<[^>]+>|[“”.,:;()·—–→?!]", english):
                fragment = fragment.strip()
                if len(fragment) >= 4 and re.search(r"[a-z]{3}", fragment) and "/" not in fragment:  # not a path
                    patterns.append(re.compile(r"(?<![\w-])" + re.escape(fragment) + r"(?![\w-])"))
    return patterns


@pytest.fixture(scope="module")
def demo_in(tmp_path_factory):
    built = {}

    def build(language: str) -> Path:
        if language not in built:
            root = tmp_path_factory.mktemp(f"demo-{language}")
            shutil.copytree(REPO / "content", root / "content")
            (root / "okrsite.toml").write_text((REPO / "okrsite.toml").read_text().replace(
                'language = "en"', f'language = "{language}"'), encoding="utf-8")
            built[language] = (root, build_site(root / "okrsite.toml", root / "_site"))
        return built[language]
    return build


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_ui_string_is_left_on_any_page(demo_in, messages, language):
    root, site = demo_in(language)
    content = _content_strings(root)
    words = i18n.load(language)
    patterns = _english_fragments(messages, words)
    left: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert f'<html lang="{language}"' in html
        # What people wrote in Markdown bodies (rendered) and the editors' English small print are not
        # the interface.
        html = re.sub(r'<(section|div)[^>]*class="prose[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.S)
        html = re.sub(r'<details class="for-editors">.*?</details>', " ", html, flags=re.S)
        parser = Elements()
        parser.feed(html)
        text = "\n".join(parser.text)
        for known in content:
            text = text.replace(known, "\0")
        for pattern in patterns:
            if pattern.search(text):
                left.setdefault(pattern.pattern, set()).add(page.relative_to(site).as_posix())
    assert left == {}, {k: sorted(v)[:3] for k, v in left.items()}


def test_dates_and_numbers_are_in_the_locale_format(demo_in):
    _, site = demo_in("ko")
    text = " ".join(parse(site / "index.html").text)
    assert "2026년 8월 19일" in text and "19 Aug 2026" not in text
    _, site = demo_in("ms")
    text = " ".join(parse(site / "index.html").text)
    assert "19 Ogo 2026" in text


def test_constant_messages_are_translated_when_compiled_with_newstyle_escaping():
    from okrsite.render.site import _Environment

    words = Language("ms", {"Lead: %(name)s": "Ketua: %(name)s", "Teams": "Pasukan"})
    env = _Environment(words, autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(words._, words.n_, newstyle=True)
    template = env.from_string('{{ _("Teams") }}|{{ _("Lead: %(name)s", name=who) }}|{{ _("100%%") }}|{{ _(word) }}|'
                               '{{ ngettext("%(num)s team", "%(num)s teams", 2) }}')
    assert template.render(who="<Siti & co>", word="Teams") == \
        "Pasukan|Ketua: &lt;Siti &amp; co&gt;|100%|Pasukan|2 teams"


def test_a_theme_catalog_outside_the_site_is_refused_and_a_broken_one_named(tiny, tmp_path):
    outside = tmp_path / "secret.po"
    outside.write_text('msgid "Teams"\nmsgstr "stolen"\n', encoding="utf-8")
    folder = tiny.root / "themes/corporate/locales/ms/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").symlink_to(outside)
    config = tiny.root / "okrsite.toml"
    config.write_text(config.read_text() + 'theme = "corporate"\nlanguage = "ms"\n')
    result = okrsite("build", cwd=tiny.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "themes/corporate/locales/ms/LC_MESSAGES/messages.po" in result.stderr and "stolen" not in result.stderr
    (folder / "messages.po").unlink()
    (folder / "messages.po").write_text('msgid "Teams"\nmsgstr "Pasukan"\nmsgid "Teams"\n"broken', encoding="utf-8")
    result = okrsite("build", cwd=tiny.root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "themes/corporate/locales/ms/LC_MESSAGES/messages.po:" in result.stderr
    assert "the translations cannot be read" in result.stderr


def test_an_edited_theme_catalog_is_read_again_as_serve_rebuilds(tiny):
    from okrsite.render.site import Theme

    po = tiny.root / "themes/corporate/locales/ms/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "Teams"\nmsgstr "Satu"\n', encoding="utf-8")
    config = tiny.root / "okrsite.toml"
    config.write_text(config.read_text() + 'theme = "corporate"\nlanguage = "ms"\n')
    assert Theme.for_config(run(config).config).words()._("Teams") == "Satu"
    po.write_text('msgid "Teams"\nmsgstr "Dua"\n', encoding="utf-8")
    later = po.stat().st_mtime + 5
    os.utime(po, (later, later))
    assert Theme.for_config(run(config).config).words()._("Teams") == "Dua"
