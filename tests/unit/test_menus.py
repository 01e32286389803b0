"""Menus are registered by the features: each entry leads to a page its readers may open, and marks it current."""

from __future__ import annotations

import pytest

from app.menus import _menus
from tests.conftest import sign_in_as
from tests.functional.support import page


def test_every_entry_leads_to_a_page_that_asks_what_the_entry_asks(app):
    entries = [entry for area in _menus.values() for entry in area.values()]
    assert len(entries) >= 14
    for entry in entries:
        view = app.view_functions.get(entry.endpoint)
        assert view is not None, f"menu entry for a missing page: {entry.endpoint}"
        assert entry.permission is not None and view.__permission__ == entry.permission, entry.endpoint


@pytest.mark.parametrize(("person", "area", "shown", "hidden"), [
    ("dept_admin", "console", ["Overview", "Organisations", "Moderation", "Residents' reports", "Alerts",
                               "Categories", "Users", "Audit log"], []),
    ("dept_analyst", "console", ["Overview", "Organisations", "Moderation", "Residents' reports", "Alerts",
                                 "Categories"], ["Users", "Audit log"]),
    ("a_admin", "workspace", ["Overview", "Profile", "Services and locations", "Events", "Volunteering",
                              "Residents' reports", "Members"], []),
    ("a_staff", "workspace", ["Overview", "Services and locations", "Events", "Volunteering", "Residents' reports",
                              "Members"], ["Profile"]),
])
def test_each_role_sees_its_entries_in_order_and_the_current_one_marked(app, city, person, area, shown, hidden):
    client = app.test_client()
    client.set_cookie("sw_lang", "en", domain="portal.test")
    sign_in_as(client, app, getattr(city, person))
    home = page(client.get(f"/{area}/"))
    nav = home.html.split('class="subnav"', 1)[1].split("</nav>", 1)[0]
    nav = nav.replace("&#39;", "'")
    present = sorted((nav.index(f">{label}</a>"), label) for label in shown + hidden if f">{label}</a>" in nav)
    assert [label for _position, label in present] == shown  # these, in this order, and none of the hidden ones
    assert 'aria-current="page">Overview</a>' in nav
