"""The parts every page repeats, drawn once and kept per worker: the site header, every page's footer and the
console's and the workspace's menus.

They hold no one's data. What varies is in the key: the language; whether the page carries the quick exit (the
footer's help); for a signed-in person's header, the permissions of their active membership and the
organisations they may act for (ids and names: a renamed organisation is a new key) and whether the page is in
the console or the workspace (its link is marked), never who they are; for a
menu, the permissions and the page shown (its entry is marked current). What differs per request — the page the
language switcher returns to, and a signed-in person's form token — is written into the kept part in place of a
marker. ``FRAGMENT_CACHE = False`` draws them every time.
"""

from __future__ import annotations

from flask import Flask, g, render_template, request
from flask_login import current_user
from markupsafe import Markup, escape

from app.fragment_cache import FORM_TOKEN, KeptParts, with_form_token
from app.i18n import current_language, page_to_return_to
from app.permissions import permissions_of

RETURN_TO = "__page_to_return_to__"  # stands for the switcher's "next" in the kept header
_parts = KeptParts(24)  # 3 languages × the anonymous header and two footers, with room
_signed_in = KeptParts(600)  # signed-in headers and menus: languages × roles × organisations × pages, a few kB each


def _fill(html: str) -> Markup:
    """A kept part with this request's own values put in place of the markers."""
    if RETURN_TO in html:
        html = html.replace(RETURN_TO, str(escape(page_to_return_to())))
    return with_form_token(html)


def kept_chrome(name: str, **variant) -> Markup:
    """The part ``_site_<name>.html`` in the reader's language (and ``variant``), drawn once and kept; a
    signed-in person's header is kept per permissions and organisations they may act for."""
    key = (name, current_language(), tuple(sorted(variant.items())))
    if name == "header" and current_user.is_authenticated:
        memberships = g.get("memberships") or []
        active = g.get("membership")
        area = request.path.split("/")[1] if request.path.startswith(("/console/", "/workspace/")) else ""
        key = (*key, permissions_of(active), active.organisation_id if active else None, area,
               tuple((m.organisation_id, m.organisation.name, m.organisation.short_name) for m in memberships))
        html = _signed_in.value(key, lambda: render_template("_site_header.html", return_to=RETURN_TO,
                                                             form_token=FORM_TOKEN, area=area, **variant))
        return _fill(html)
    return _fill(_parts.value(key, lambda: render_template(f"_site_{name}.html", return_to=RETURN_TO, **variant)))


def kept_menu(area: str, label: str) -> Markup:
    """The console's or the workspace's menu (``area``) for the actor's permissions, the page shown marked
    current: drawn once per language, permissions and page, and kept."""
    key = ("menu", area, current_language(), permissions_of(g.get("membership")), request.endpoint)
    return Markup(_signed_in.value(key, lambda: render_template("_menu.html", area=area, label=label)))  # noqa: S704


def forget_kept_chrome() -> None:
    """Forget the kept parts (tests)."""
    _parts.clear()
    _signed_in.clear()


def register(app: Flask) -> None:
    """Templates call ``kept_chrome("header")``, ``kept_chrome("footer", …)`` (app/templates/base.html) and
    ``kept_menu(area, label)`` (the menus' ``_nav.html``)."""
    app.add_template_global(kept_chrome, "kept_chrome")
    app.add_template_global(kept_menu, "kept_menu")
