"""Helpers for the browser tests: the demo accounts, signing in, codes, where the page is."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pyotp
from playwright.sync_api import Page

from app.demo import DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRETS

DEMO_PASSWORD = DEFAULT_DEMO_PASSWORD
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
LANGUAGES = ("pl", "uk", "en")
LANGUAGE_COOKIE = "sw_lang"  # what the header switcher sets (app/i18n.py)
LANGUAGE_BUTTONS = {"pl": "Polski", "uk": "Українська", "en": "English"}

# The submit button of the page's own form (not the language switcher or the sign-out button).
MAIN_SUBMIT = "main form button[type=submit]"
SIGN_OUT_BUTTON = "header form[action$='/sign-out'] button[type=submit]"

_last_totp_counter: dict[str, int] = {}


def totp_code(email: str) -> str:
    """A fresh authenticator code for a demo department account.

    The portal refuses a code from a time step the account has already used (replay
    protection), so this waits for the next 30-second step when needed.
    """
    totp = pyotp.TOTP(DEMO_TOTP_SECRETS[email])
    counter = totp.timecode(time.time())
    last = _last_totp_counter.get(email)
    if last is not None and counter <= last:
        time.sleep(totp.interval - (time.time() % totp.interval) + 0.5)
        counter = totp.timecode(time.time())
    _last_totp_counter[email] = counter
    return totp.generate_otp(counter)


def submit_password(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Fill in and send the sign-in form (the page must be showing it)."""
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()


def submit_code(page: Page, email: str) -> None:
    """On /sign-in/code: type the current authenticator code of ``email`` and continue."""
    page.locator("#code").fill(totp_code(email))
    page.locator(MAIN_SUBMIT).click()
    page.wait_for_load_state()


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, and the code step for department accounts."""
    page.goto("/sign-in")
    submit_password(page, email, password)
    if email in DEMO_TOTP_SECRETS:
        assert path_of(page) == "/sign-in/code", f"expected the code step, got {page.url}"
        submit_code(page, email)


def switch_language(page: Page, lang: str) -> None:
    """Press the header's language button for ``lang`` and wait for the page to come back."""
    with page.expect_navigation():
        page.locator(f".language-switcher button[value={lang}]").click()


def path_of(page: Page) -> str:
    """The path (and query) of the page's address."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def html_lang(page: Page) -> str:
    """The ``lang`` attribute of the page's <html> element."""
    return page.locator("html").get_attribute("lang") or ""


def page_text(page: Page) -> str:
    """The visible text of the whole page, whitespace collapsed."""
    return " ".join(page.locator("body").inner_text().split())
