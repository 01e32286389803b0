"""Every table sits in a scroll region a keyboard can reach and a screen reader can name.

On a phone a table wider than the screen scrolls sideways inside its region instead of being
cut off; the region takes the focus (tabindex="0", so the arrow keys scroll it) and is named by
the table's heading or caption and "(table)" (role="region", aria-labelledby). The convention is one macro,
``table_scroll`` (app/templates/macros/tables.html): a template's table outside it fails here,
and so does a rendered table whose region is missing its focus or its name.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.models import ListingKind
from tests.functional.support import page

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted([*ROOT.glob("app/templates/**/*.html"), *ROOT.glob("blueprints/*/templates/**/*.html")])
# Tables that need no region, and why.
WITHOUT_REGION = {
    # The residents' opening hours: two short columns that fit a 320 px screen; a region there would
    # only add a stop to every resident's Tab key.
    "blueprints/directory/templates/directory/_service_article.html",
}
_TOKENS = re.compile(r"\{%-?\s*(call|endcall)\b\s*(\w*)|<table\b")


def _tables_outside_a_region(source: str) -> int:
    """How many ``<table>`` tags of a template are not inside a ``{% call table_scroll(...) %}``."""
    open_calls: list[str] = []
    outside = 0
    for match in _TOKENS.finditer(source):
        if match.group(1) == "call":
            open_calls.append(match.group(2))
        elif match.group(1) == "endcall":
            open_calls.pop()
        elif "table_scroll" not in open_calls:
            outside += 1
    return outside


def test_the_check_finds_a_table_outside_a_region():
    assert _tables_outside_a_region("<h2 id='x'>X</h2><table></table>") == 1
    assert _tables_outside_a_region("{% call table_scroll('x') %}<table></table>{% endcall %}<table>") == 1
    assert _tables_outside_a_region("{% call table_scroll('x') %}<table></table>{% endcall %}") == 0


def test_every_template_puts_its_tables_in_a_scroll_region():
    with_tables = [path for path in TEMPLATES if "<table" in path.read_text()]
    assert len(with_tables) > 10, "the templates were not found"
    forgotten = [str(path.relative_to(ROOT)) for path in with_tables
                 if str(path.relative_to(ROOT)) not in WITHOUT_REGION
                 and _tables_outside_a_region(path.read_text())]
    assert forgotten == [], f"a <table> outside {{% call table_scroll(...) %}} in {forgotten}"


@pytest.fixture
def full_city(city, make):
    """Organisation A with a row in every list: an event, an offer, a service with a change waiting and a
    report; an alert on the home page."""
    service = make.service(city.org_a, "Poradnia rodzinna")
    make.event(city.org_a, "Grupa wsparcia")
    make.opportunity(city.org_a, "Korepetycje")
    make.feedback(service, message="Zły numer telefonu.")
    change = make.revision(service, kind=ListingKind.SERVICE, changes={"description_pl": "Nowy opis."})
    make.alert("Noc mrozu: dodatkowe miejsca w noclegowni.")
    return {"service": service, "change": change}


def _pages(city, full_city) -> list[tuple[str, str]]:
    a = city.a_coordinator.email
    admin = city.dept_admin.email
    return [
        (a, "/workspace/events"), (a, "/workspace/volunteering"), (a, "/workspace/listings/"),
        (a, "/workspace/members"), (a, "/workspace/feedback"), (a, "/account/"),
        (admin, "/console/"), (admin, "/console/organisations"), (admin, f"/console/organisations/{city.org_a.id}"),
        (admin, "/console/users"), (admin, "/console/audit"), (admin, "/console/feedback"),
        (admin, "/console/moderation/"), (admin, "/console/moderation/services"),
        (admin, f"/console/moderation/changes/{full_city['change']}"), (admin, "/console/alerts/"),
    ]


def test_every_table_of_the_workspace_and_the_console_is_in_a_named_scroll_region(browser, city, full_city):
    people = {city.a_coordinator.email: city.a_coordinator, city.dept_admin.email: city.dept_admin}
    clients = {email: browser(person) for email, person in people.items()}
    seen = 0
    for email, path in _pages(city, full_city):
        shown = page(clients[email].get(path))
        assert shown.status == 200, path
        tables = shown.tables()
        assert tables, f"{path} shows no table: the data of this test no longer fills it"
        for table in tables:
            region = table.region
            assert region is not None, f"a table of {path} is not in a scroll region"
            assert region.get("tabindex") == "0" and region.get("role") == "region", (path, region)
            parts = [shown.text_of(element_id) for element_id in (region.get("aria-labelledby") or "").split()]
            assert parts and all(parts), f"the scroll region of a table of {path} has no name ({region})"
            seen += 1
    assert seen >= 16


def test_a_region_is_named_by_the_heading_of_its_table(browser, city, full_city):
    shown = page(browser(city.a_coordinator).get("/workspace/members"))

    table, = shown.tables()
    name = " ".join(shown.text_of(element_id) for element_id in table.region["aria-labelledby"].split())
    assert shown.h1 == "Members of Stowarzyszenie A"
    assert name == "Members of Stowarzyszenie A (table)"  # unlike a section named by the same heading
