"""The site in the reader's language: its messages and its number and date formats.

Messages are gettext catalogs managed with Babel (`okrsite/locales/<lang>/LC_MESSAGES/messages.po`,
extracted from the default theme's templates and okrsite's Python with `pybabel extract`; see
docs/translating.md). A site theme may add or override any message in
`themes/<name>/locales/<lang>/LC_MESSAGES/messages.po`, and may bring a whole language of its own.
Numbers, percentages, dates, month names and "3 weeks ago" follow the locale's own rules from
Babel's CLDR data. One `Language` does both, for templates (`_`, `ngettext`, the format filters)
and for Python (`words._`, `words.number`, ...). Content (titles, notes) is never translated.
"""

from __future__ import annotations

import gettext
import io
import os
from datetime import date
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_timedelta
from babel.lists import format_list
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

CATALOGS = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
# Bare English formats as international English: `19 Aug 2026`, unambiguous in every country
# (`language = "en_US"` gives `Aug 19, 2026`).
_FORMAT_LOCALE = {"en": "en_001"}
_PREFIX_UNITS = {"RM", "$", "USD", "MYR", "€", "£", "SGD", "S$", "₩", "KRW"}
MINUS = "−"

def N_(message: str) -> str:
    """Marks a message for `pybabel extract` where it is defined; it is translated where it is shown."""
    return message


def catalog_path(folder: Path, language: str) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available(theme_locales: Path | None = None) -> list[str]:
    """The languages a site can choose: English, okrsite's catalogs and its theme's own."""
    found = {DEFAULT}
    for folder in (CATALOGS, theme_locales):
        if folder is not None and folder.is_dir():
            found.update(entry.name for entry in os.scandir(folder) if catalog_path(folder, entry.name).is_file())
    return sorted(found)


def base(code: str) -> str:
    """The catalog a language code picks: `ms` for `ms_MY` and `ms-MY`."""
    return code.replace("-", "_").split("_")[0].lower()


def format_locale(code: str) -> Locale | None:
    """The locale whose formats a language code picks, or None when Babel does not know it."""
    code = code.replace("-", "_")
    try:
        return Locale.parse(_FORMAT_LOCALE.get(code, code))
    except (UnknownLocaleError, ValueError):
        return None


def read_messages(data: bytes, language: str) -> dict:
    """The translated messages of a .po file: msgid (or a (singular, plural) pair) to its text (or
    its plural forms); fuzzy and empty ones are left out, so the English shows instead. Only the
    messages are taken: plural rules come from Babel's data for the language, never from the file."""
    messages: dict = {}
    for message in read_po(io.BytesIO(data), locale=language, ignore_obsolete=True, abort_invalid=True):
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)
            if all(forms):
                messages[tuple(message.id)] = forms
        elif message.string:
            messages[message.id] = message.string
    return messages


class Language:
    """A language's messages and its locale's formats (see the module's docstring)."""

    def __init__(self, code: str, messages: dict | None = None) -> None:
        locale = format_locale(code)
        if locale is None:
            raise ValueError(f"unknown locale {code!r}")
        self.code, self.locale, self._messages = code, locale, messages or {}
        self.tag = code.replace("_", "-")  # for <html lang>
        plural = get_plural(Locale.parse(base(code)))
        self._plural_index = gettext.c2py(plural.plural_expr)  # Babel's own rule (CLDR), not a file's
        symbols = locale.number_symbols.get("latn", locale.number_symbols) if hasattr(locale, "number_symbols") else {}
        self._decimal, self._group = symbols.get("decimal", "."), symbols.get("group", ",")
        pattern = locale.decimal_formats.get(None)
        # Locales that group by threes (most) format with Python's own formatting, their symbols swapped in.
        self._fast = pattern is not None and tuple(pattern.grouping) == (3, 3)
        percent = locale.percent_formats.get(None)
        self._percent = (percent.prefix[0], percent.suffix[0]) if percent is not None else ("", "%")
        self._dates: dict[tuple[str, date], str] = {}

    # --- messages -------------------------------------------------------------------------

    def _(self, message: str) -> str:
        """The message in this language (English when it has no translation)."""
        return self._messages.get(message, message)

    def n_(self, singular: str, plural: str, count: int) -> str:
        """The form of a message for `count`: `1 objective`, `3 objectives`."""
        forms = self._messages.get((singular, plural))
        if forms:
            index = self._plural_index(count)
            return forms[index] if index < len(forms) else forms[-1]
        return singular if count == 1 else plural

    # --- numbers ----------------------------------------------------------------------------

    def plain(self, value: float, decimals: int = 2) -> str:
        """`1234567.0` -> `1,234,567` (`1.234.567` where the locale says so); `2.50` -> `2.5`; a
        minus sign that is a real minus."""
        if self._fast:
            text = f"{value:,.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if self._decimal != "." or self._group != ",":
                text = text.translate({ord(","): "\0", ord("."): self._decimal}).replace("\0", self._group)
        else:
            text = format_decimal(round(value, decimals), format=f"#,##0.{'#' * decimals}", locale=self.locale)
        if text[:1] == "-":  # a real minus; `-0` after rounding is 0
            return "0" if text == "-0" else MINUS + text[1:]
        return text or "0"

    def number(self, value: float | None, unit: str = "") -> str:
        """A value with its unit: `RM 512,000`, `3.5%`, `4 days`; an em dash when there is none."""
        if value is None:
            return "—"
        text = self.plain(value)
        if not unit:
            return text
        if unit in _PREFIX_UNITS:
            return f"{unit} {text}"
        if unit == "%":
            prefix, suffix = self._percent
            return f"{prefix}{text}{suffix}"
        return f"{text} {unit}"

    def score(self, value: float | None) -> str:
        """A score: `0.41`."""
        if value is None:
            return "—"
        text = f"{value:.2f}"
        return text.replace(".", self._decimal) if self._decimal != "." else text

    def delta(self, value: float) -> str:
        """A change of score with its sign: `+0.05`, `−0.12`, `±0.00`."""
        if round(value, 2) == 0:
            return "±" + self.score(0.0)
        return f"+{self.score(value)}" if value > 0 else f"{MINUS}{self.score(-value)}"

    def percent(self, value: float | None) -> str:
        """A share as a whole percentage: `53%`."""
        if value is None:
            return "—"
        prefix, suffix = self._percent
        return f"{prefix}{round(value * 100):d}{suffix}"

    def and_list(self, items: list[str]) -> str:
        """`a`, `a and b`, `a, b and c`, as the locale joins a list."""
        return format_list(items, locale=self.locale) if items else ""

    # --- dates ------------------------------------------------------------------------------

    def _date(self, skeleton: str, value: date) -> str:
        key = (skeleton, value)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = format_skeleton(skeleton, value, locale=self.locale)
        return text

    def day(self, value: date | None) -> str:
        """A date with the month's name: `19 Aug 2026`, `19 Ogo 2026`, `2026년 8월 19일`."""
        return "—" if value is None else self._date("yMMMd", value)

    def short_day(self, value: date) -> str:
        """A date without its year: `19 Aug`."""
        return self._date("MMMd", value)

    def month(self, value: date) -> str:
        """A month no reader takes for a day: `Aug 2025`."""
        return self._date("yMMM", value)

    def ago(self, value: date, today: date) -> str:
        """How long before `today` a date is, in words: `3 weeks ago`, `today`."""
        if value >= today:
            return self._("today")
        return format_timedelta(value - today, granularity="day", add_direction=True, locale=self.locale)


ENGLISH = Language(DEFAULT)


def load(code: str, own: bytes | None = None) -> Language:
    """The language `code` picks: okrsite's catalog for it, then the messages of `own` (a site
    theme's catalog, as the site's `SiteFiles` read it) over it. Raises babel's errors for a .po
    file it cannot parse."""
    language = base(code)
    messages: dict = {}
    package = catalog_path(CATALOGS, language)
    if package.is_file():
        messages.update(read_messages(package.read_bytes(), language))
    if own is not None:
        messages.update(read_messages(own, language))
    return Language(code, messages)
