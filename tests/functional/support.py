"""Helpers for reading pages the way a person would: text, field errors, kept values, flashes."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pyotp
from flask_babel import force_locale, gettext

from tests.conftest import DEPARTMENT_TOTP

_TAG = re.compile(r"<[^>]+>")


def _clean(fragment: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", fragment)).split())


HEADER_FORMS = ("language-switcher", "organisation-switcher")


class _FormReader(HTMLParser):
    """Collects the values each form shows: inputs, text areas and chosen options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, dict[str, str]]] = []
        self._values: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self._values = {}
            self.forms.append((attrs, self._values))
        if self._values is None:
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "radio"):
            self._values.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea, self._buffer = name, []
        elif tag == "select" and name:
            self._select = name
            self._values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self._values[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._values is not None:
            self._values.setdefault(self._textarea, "".join(self._buffer).strip("\r\n"))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._values = None


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Table:
    """One table of a page: its rows of cell texts (the header row first) and the region around it."""

    def __init__(self, region: dict | None):
        self.region = region  # attributes of the nearest element of class "table-scroll" around it, or None
        self.rows: list[list[str]] = []

    def records(self) -> list[dict[str, str]]:
        """The body rows as {column heading: cell text}."""
        heading, *body = self.rows
        return [dict(zip(heading, row, strict=False)) for row in body]


class _TableReader(HTMLParser):
    """Collects the tables of a page and the text of every element with an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[tuple[str, dict]] = []
        self._table: Table | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            region = next((a for _t, a in reversed(self._open) if "table-scroll" in (a.get("class") or "").split()),
                          None)
            self._table = Table(region)
            self.tables.append(self._table)
        elif tag == "tr" and self._table is not None:
            self._table.rows.append([])
        elif tag in ("td", "th") and self._table is not None and self._table.rows:
            self._cell = []
        if tag not in _VOID:
            self._open.append((tag, attrs))
            if attrs.get("id"):
                self.texts.setdefault(attrs["id"], [])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        for _tag, attrs in self._open:
            if attrs.get("id"):
                self.texts[attrs["id"]].append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break


class Page:
    """A response as the person sees it."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        self.text = _clean(self.html)

    def __contains__(self, words: str) -> bool:
        return " ".join(words.split()) in self.text

    @property
    def lang(self) -> str | None:
        match = re.search(r'<html lang="([^"]*)"', self.html)
        return match.group(1) if match else None

    @property
    def h1(self) -> str:
        match = re.search(r"<h1[^>]*>(.*?)</h1>", self.html, re.S)
        return _clean(match.group(1)) if match else ""

    def field_error(self, field_id: str) -> str:
        """The message shown beside a field ('' when there is none)."""
        match = re.search(rf'<p class="error-message" id="{re.escape(field_id)}-error">(.*?)</p>', self.html, re.S)
        return _clean(match.group(1)) if match else ""

    def field_errors(self) -> dict[str, str]:
        return {m.group(1): _clean(m.group(2)) for m in
                re.finditer(r'<p class="error-message" id="([^"]+)-error">(.*?)</p>', self.html, re.S)}

    def flashes(self, category: str | None = None) -> list[str]:
        return [_clean(m.group(2)) for m in re.finditer(r'<p class="flash flash-(\w+)">(.*?)</p>', self.html, re.S)
                if category is None or m.group(1) == category]

    def forms(self) -> list[tuple[dict, dict[str, str]]]:
        """Each form on the page: its attributes and the values it shows."""
        reader = _FormReader()
        reader.feed(self.html)
        return reader.forms

    def values(self, action: str | None = None) -> dict[str, str]:
        """The values of the page's main form (or of the form posting to ``action``)."""
        for attrs, values in self.forms():
            if action is not None:
                if attrs.get("action") == action:
                    return values
            elif attrs.get("action") != "/sign-out" and not any(
                    name in (attrs.get("class") or "") for name in HEADER_FORMS):
                return values
        raise AssertionError(f"no such form on the page (action={action!r})")

    def tables(self) -> list[Table]:
        """Every table of the page, in order."""
        reader = _TableReader()
        reader.feed(self.html)
        return reader.tables

    def text_of(self, element_id: str) -> str | None:
        """The text of the element with this id (None when there is none)."""
        reader = _TableReader()
        reader.feed(self.html)
        words = reader.texts.get(element_id)
        return None if words is None else " ".join("".join(words).split())

    def codes(self) -> list[str]:
        """The recovery codes listed on the page."""
        block = re.search(r'<ul class="recovery-codes">(.*?)</ul>', self.html, re.S)
        return re.findall(r"<code>([^<]+)</code>", block.group(1)) if block else []


def page(response) -> Page:
    return Page(response)


def totp_now(secret_or_email: str) -> str:
    """The current authenticator code for a secret (or a city department person's e-mail)."""
    secret = DEPARTMENT_TOTP.get(secret_or_email, secret_or_email)
    return pyotp.TOTP(secret).now()


def link_in(body: str) -> str:
    """The path of the one portal link in an e-mail body."""
    match = re.search(r"https?://[^\s/]+(/\S+)", body)
    assert match, f"no link in: {body!r}"
    return match.group(1)


def location(response) -> str:
    """The path a redirect points to (query string kept)."""
    target = response.headers.get("Location", "")
    return re.sub(r"^https?://[^/]+", "", target)


def post_sign_in(client, email: str, password: str, **extra):
    """Send the sign-in form."""
    return client.post("/sign-in", data={"email": email, "password": password, **extra})


def translated(app, locale: str, msgid: str, **values) -> str:
    """``msgid`` as the catalogue of ``locale`` has it today."""
    with app.test_request_context(), force_locale(locale):
        return gettext(msgid, **values)


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page (the test fails when there is none)."""
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
