from datetime import date

from okrsite.config import load_config
from okrsite.diagnostics import Diagnostics


def load(tmp_path, text):
    (tmp_path / "okrsite.toml").write_text(text)
    diagnostics = Diagnostics()
    return load_config(tmp_path, diagnostics), diagnostics.items


def test_defaults_without_a_config_file(tmp_path):
    diagnostics = Diagnostics()
    config = load_config(tmp_path, diagnostics)
    assert (config.content_dir, config.output_dir, config.fiscal_year_start, config.default_kind) == (
        "content", "_site", 1, "aspirational")
    assert config.status.aspirational_goal == 0.7 and not config.markdown.allow_html
    assert diagnostics.items == []


def test_values_and_sections_are_read(tmp_path):
    config, items = load(tmp_path, 'title = "Acme"\nas_of = 2026-08-15\nfiscal_year_start = 4\n'
                                   '[status]\ngreen_margin = 0.05\n[markdown]\nallow_html = true\n')
    assert items == []
    assert (config.title, config.as_of, config.fiscal_year_start) == ("Acme", date(2026, 8, 15), 4)
    assert config.status.green_margin == 0.05 and config.markdown.allow_html


def test_unknown_key_is_reported_with_line_and_suggestion(tmp_path):
    _, items = load(tmp_path, 'title = "Acme"\n\nfiscal_year_star = 4\n[status]\ngreen_margn = 0.1\n')
    assert [(d.path, d.line, d.message, d.hint) for d in items] == [
        ("okrsite.toml", 3, "unknown setting `fiscal_year_star`", "did you mean `fiscal_year_start`?"),
        ("okrsite.toml", 5, "unknown setting `green_margn` in [status]", "did you mean `green_margin`?"),
    ]


def test_wrong_types_and_ranges(tmp_path):
    _, items = load(tmp_path, 'title = 3\nfiscal_year_start = 13\ndefault_kind = "comitted"\n'
                              'as_of = "2026-02-30"\n[status]\nachieved = 7\n')
    messages = {(d.line, d.message) for d in items}
    assert (1, "`title` must be a string") in messages
    assert (2, "`fiscal_year_start` must be a month number from 1 to 12") in messages
    assert (3, "`default_kind` must be one of aspirational, committed") in messages
    assert (4, "`as_of` is not a date: '2026-02-30'") in messages
    assert (6, "`status.achieved` must be between 0 and 1, not 7") in messages


def test_toml_syntax_error_gives_line(tmp_path):
    _, items = load(tmp_path, 'title = "Acme"\nas_of = 2026-08-15\ntheme = default\n')
    assert len(items) == 1
    assert (items[0].line, items[0].severity) == (3, "error")
    assert items[0].message.startswith("TOML syntax error")


def test_as_of_with_a_time_is_an_error_not_a_crash(tmp_path):
    config, items = load(tmp_path, "as_of = 2026-08-15T10:00:00\n")
    assert [(d.line, d.message) for d in items] == [(1, "`as_of` must be a date without a time")]
    assert config.as_of is None
