"""Language and formatting.

The language of a page is chosen in this order (and a bad ``LANGUAGES`` setting fails at
start): the visitor's explicit choice from the switcher (a cookie, remembered for a year)
→ the signed-in user's saved preference → the browser's Accept-Language → Polish.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_decimal, get_locale, get_translations, to_user_timezone
from flask_login import current_user
from markupsafe import Markup, escape

LANGUAGE_COOKIE = "sw_lang"
LANGUAGE_NAMES = {"pl": "Polski", "uk": "Українська", "en": "English"}


def select_locale() -> str:
    """The language for this request (see the module docstring for the order)."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line: no visitor to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = explicit_choice()
    if choice:
        return choice
    try:
        preference = current_user.locale if current_user.is_authenticated else None
    except Exception:  # noqa: BLE001 - no user can be loaded (e.g. during an error page)
        preference = None
    if preference in languages:
        return preference
    return browser_preference()


def explicit_choice() -> str | None:
    """The language the visitor chose with the switcher, if any (a request is active)."""
    choice = request.cookies.get(LANGUAGE_COOKIE)
    return choice if choice in current_app.config["LANGUAGES"] else None


def browser_preference() -> str:
    """The browser's Accept-Language best match, else Polish (a request is active)."""
    languages = current_app.config["LANGUAGES"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def anonymous_locale() -> str:
    """The language for a visitor who is not signed in: their choice, else their browser's."""
    return explicit_choice() or browser_preference()


CENT = Decimal("0.01")


def current_language() -> str:
    """The two-letter code of the active language."""
    return str(get_locale() or "pl")


# How each language writes an amount in złoty: (prefix, suffix, group separator, decimal separator) — what
# Babel's currency format gives (``1 234,50 zł``, ``PLN 1,234.50``; English with a space after the code),
# but Ukrainian writes the złoty "зл" as its form labels do (Babel's Ukrainian says "PLN"). Formatting by hand
# is a tenth of Babel's cost, and budget and ranking tables show hundreds of amounts; tests/unit/test_money.py
# holds it to Babel's output.
MONEY_STYLES = {"pl": ("", "\u00a0zł", "\u00a0", ","), "uk": ("", "\u00a0зл", "\u00a0", ","),
                "en": ("PLN\u00a0", "", ",", ".")}


def money(value) -> str:
    """An amount in złoty, formatted for the active language (``1 234,50 zł``)."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    prefix, suffix, group, decimal = MONEY_STYLES.get(current_language(), MONEY_STYLES["pl"])
    amount = amount.quantize(CENT)
    digits = f"{abs(amount):,.2f}".replace(",", "G").replace(".", decimal).replace("G", group)
    return f"{'-' if amount < 0 else ''}{prefix}{digits}{suffix}"


def check_languages(app: Flask) -> None:
    """Fail at start when the configured languages have no catalogue or Polish is missing."""
    languages = app.config["LANGUAGES"]
    if "pl" not in languages or app.config["BABEL_DEFAULT_LOCALE"] not in languages:
        raise RuntimeError("LANGUAGES must include Polish, the default language")


# Dates as each language writes them: British English (one English convention, as the
# spelling), Polish and Ukrainian with the month's name in the genitive, 24-hour times.
FORMAT_LOCALES = {"en": "en_GB", "pl": "pl_PL", "uk": "uk_UA"}
DATE_PATTERNS = {"en": "d MMM y", "pl": "d MMMM y", "uk": "d MMMM y 'р.'"}
NUMERIC_DATE_PATTERNS = {"en": "dd/MM/y", "pl": "dd.MM.y", "uk": "dd.MM.y"}
TIME_PATTERN = "HH:mm"
CITY_ZONE = ZoneInfo("Europe/Warsaw")  # Flask-Babel's time zone (create_app's timezone_selector)


def formatting_locale(language: str | None = None) -> str:
    """The Babel locale whose conventions dates follow in the active language (``en`` → ``en_GB``)."""
    language = language or current_language()
    return FORMAT_LOCALES.get(language, language)


def _date_pattern(fmt: str, language: str | None = None) -> str:
    language = language or current_language()
    language = language if language in DATE_PATTERNS else "pl"
    if fmt == "short":
        return NUMERIC_DATE_PATTERNS[language]
    return DATE_PATTERNS[language]


def format_day(value, fmt: str = "medium") -> str:
    """A date (or a moment's date) in the active language: ``10 Dec 2026``, ``10 grudnia 2026``.

    ``short`` is numeric (``10/12/2026``, ``10.12.2026``); ``long`` and ``full`` are Babel's
    (``Thursday, 10 December 2026``).
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    if type(value) is datetime:
        value = value.date()
    language = current_language()
    pattern = fmt if fmt in ("long", "full") else _date_pattern(fmt, language)
    return _formatted_day(value, pattern, formatting_locale(language))


def day_formatter():
    """``format_day(value)`` for the rows of one page: the language, pattern and locale looked up once, a moment taken
    to the city's time directly (a naive one is UTC, as stored), then the same kept formatting — a list of a hundred
    dates no longer asks Flask-Babel for the locale and time zone twice a row."""
    language = current_language()
    pattern, locale = _date_pattern("medium", language), formatting_locale(language)

    def day(value) -> str:
        if not value:
            return ""
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(CITY_ZONE).date()
        return _formatted_day(value, pattern, locale)

    return day


@lru_cache(maxsize=4096)
def _formatted_day(day: date, pattern: str, locale: str) -> str:
    """Babel's formatting of one day, kept: a register of 400 rows shows the same few dozen dates (Babel takes
    ~0.1 ms for each)."""
    return babel_dates.format_date(day, pattern, locale=locale)


def format_clock(value) -> str:
    """A time of day, 24-hour in every language (``17:00``); a moment in the city's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    # TIME_PATTERN is "HH:mm" with Latin digits in every language of the portal: written directly, as Babel
    # writes it (tests/functional/test_language.py compares them), at a twentieth of the cost.
    return f"{value.hour:02d}:{value.minute:02d}"


def format_moment(value, fmt: str = "medium") -> str:
    """A moment as a date and a time in the city's time zone: ``10 Dec 2026, 17:00``.

    ``short`` and ``medium`` name the month shortly or in full as the language does; ``long`` and
    ``full`` add the weekday's date of Babel's long forms.
    """
    if not value:
        return ""
    return f"{format_day(value, fmt if fmt in ('long', 'full') else 'medium')}, {format_clock(value)}"


def _page_translations():
    """The catalogue of the current language, found once per request and language.

    Flask-Babel looks the catalogue up afresh for every string (the context, the domain, the locale and its name
    — a page draws about a hundred strings). This keeps it beside Flask-Babel's own locale, so ``force_locale``
    (an e-mail in the recipient's language), which replaces that locale, is followed at once.
    """
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    kept = getattr(state, "page_translations", None)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    state = g.get("_flask_babel")
    if state is not None:
        state.page_translations = (getattr(state, "babel_locale", None), translations)
    return translations


def _template_gettext(string):
    return _page_translations().ugettext(string)


def _template_ngettext(singular, plural, num):
    return _page_translations().ungettext(singular, plural, num)


def _template_pgettext(context, string):
    return _page_translations().upgettext(context, string)


def _template_npgettext(context, singular, plural, num):
    return _page_translations().unpgettext(context, singular, plural, num)


def register_filters(app: Flask) -> None:
    """Jinja filters for locale-aware dates, numbers and money, and the templates' gettext (see
    ``_page_translations``; Jinja's new-style gettext fills in the variables and escapes, as before)."""
    app.jinja_env.install_gettext_callables(_template_gettext, _template_ngettext, newstyle=True,
                                            pgettext=_template_pgettext, npgettext=_template_npgettext)
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["time"] = lambda value, fmt="short": format_clock(value)
    app.jinja_env.filters["number"] = lambda value: format_decimal(value) if value is not None else ""
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["tel"] = tel_uri
    app.jinja_env.filters["phone_links"] = link_phones
    app.jinja_env.globals["page_to_return_to"] = page_to_return_to


def page_to_return_to() -> str:
    """Where the language switcher comes back to: this page; after a sent form (a POST answered with its errors)
    the page the form was on, as the URL that sent it may not be opened again (and the typed values would be
    lost anyway) — the same site's referrer, or the home page."""
    if request.method in ("GET", "HEAD"):
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return "/"
    return (referrer.path or "/") + (f"?{referrer.query}" if referrer.query else "")


EXTENSION = re.compile(r"(?i)\b(?:wew|ext|доб)\b|[,;]")  # "32 100 20 30 wew. 12", a second number after a comma


def tel_uri(number: str | None) -> str:
    """A phone number as written made fit for a ``tel:`` link: digits only, with the country code.

    "+48 (32) 100-20-30" and "32 100 20 30" give "+48321002030": a Polish nine-digit number gets +48, so that a
    phone with a foreign SIM card (a Ukrainian one) reaches it too; "0048…" and the old trunk "(0-32)…" are read
    the same way. Short numbers (112, 116 123, 19 115) stay as they are; an extension or a second number is left
    out.
    """
    written = EXTENSION.split(number or "", maxsplit=1)[0].strip()
    digits = re.sub(r"\D", "", written)
    if written.startswith("+"):
        return f"+{digits}"
    if digits.startswith("00") and len(digits) > 4:
        return f"+{digits[2:]}"
    if len(digits) == 10 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) == 9:
        return f"+48{digits}"
    if len(digits) == 11 and digits.startswith("48"):
        return f"+{digits}"
    return digits


_GAP = r"[ \u00a0-]?"
# A number as people write one in a sentence: "+48 32 100 20 30", "(32) 100-20-30", "600 100 200", "800 120 002",
# and the helplines "116 123", "19 115", "112" — never an amount ("250 000 000 zł"), a date or a postal code.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+/.,])(?:"
    rf"(?:\+48{_GAP})?(?:\(?\d{{2}}\)?{_GAP}\d{{3}}{_GAP}\d{{2}}{_GAP}\d{{2}}|\d{{3}}{_GAP}\d{{3}}{_GAP}\d{{3}})"
    r"|116[ \u00a0]?\d{3}|19[ \u00a0]?115|112"
    r")(?![\w/]|[.,]\d|[ \u00a0]?(?:zł|PLN|EUR|€|грн))"
)
# "112" is the emergency number after a word that says so ("call 112", "dzwoń na 112", "або 112"), not a house or
# room number ("Długa 112", "pokój 112").
CALL_BEFORE_112 = re.compile(
    r"(?i)(?:^|\b(?:call|dial|or|and|phone|number|dzwoń|zadzwoń|dzwonić|zadzwonić|na|pod|lub|albo|i|numer\w*|"
    r"telefon\w*|alarmowy|телефонуйте|зателефонуйте|дзвоніть|номер\w*|на|або|чи|і|й)|[(:])[ \u00a0]*$")


def link_phones(text: str | None) -> Markup:
    """Free text (a description, how to get in, an alert) with each phone number in it a tap-to-call link."""
    if not text:
        return Markup("")
    parts, last = [], 0
    for found in PHONE_IN_TEXT.finditer(text):
        number = found.group(0)
        if number == "112" and not CALL_BEFORE_112.search(text[max(0, found.start() - 40):found.start()]):
            continue
        parts += [escape(text[last:found.start()]),
                  Markup('<a class="phone-number" href="tel:{}">{}</a>').format(tel_uri(number), number)]
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
