"""The parts every page repeats, drawn once and kept per worker: an anonymous visitor's site header and every
page's footer.

They hold no one's data: the header of a signed-in person (their account, organisation, a form token) is always
drawn afresh. What varies is the language (the key), whether the page carries the quick exit (the footer's help,
in the key) and, in the header, the page the language switcher returns to — written into the kept header per
request in place of a marker. ``FRAGMENT_CACHE = False`` draws them every time.
"""

from __future__ import annotations

from flask import Flask, render_template
from markupsafe import Markup, escape

from app.fragment_cache import KeptParts
from app.i18n import current_language, page_to_return_to

RETURN_TO = "__page_to_return_to__"  # stands for the switcher's "next" in the kept header
_parts = KeptParts(24)  # 3 languages × header and two footers, with room


def kept_chrome(name: str, **variant) -> Markup:
    """The part ``_site_<name>.html`` in the reader's language (and ``variant``), drawn once and kept."""
    key = (name, current_language(), tuple(sorted(variant.items())))
    html = _parts.value(key, lambda: render_template(f"_site_{name}.html", return_to=RETURN_TO, **variant))
    if RETURN_TO in html:
        html = html.replace(RETURN_TO, str(escape(page_to_return_to())))
    return Markup(html)  # noqa: S704 - drawn by an autoescaped template; the URL put in is escaped


def forget_kept_chrome() -> None:
    """Forget the kept parts (tests)."""
    _parts.clear()


def register(app: Flask) -> None:
    """Templates call ``kept_chrome("header")`` and ``kept_chrome("footer", …)`` (app/templates/base.html)."""
    app.add_template_global(kept_chrome, "kept_chrome")
