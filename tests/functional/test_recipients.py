"""The public "who received what" page: signed agreements, filters, totals, CSV and XLSX, nothing unsigned."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app import page_cache
from app.models import AgreementParty
from tests.functional.support import page
from tests.functional.test_open_data_funding import SECRETS, _add, funding  # noqa: F401 - the fixture

YEAR = date.today().year


@pytest.fixture
def agreements(app, make, city, funding):  # noqa: F811
    """Besides ``funding`` (this year): last year's contract of the city's organisation A, and Alfa as a joint party
    of Beta's small grant."""
    from tests.functional.test_open_data_funding import _department_of

    department = _department_of(app)
    programme = make.programme(department, "Program wspierania rodziny", first_year=YEAR - 1, last_year=YEAR)
    line = make.budget_line(department, programme, "100000.00", year=YEAR - 1)
    old = make.agreement(city.org_a, programme, line, "7000.00", year=YEAR - 1, title="Świetlica zeszłoroczna",
                         starts_on=date(YEAR - 1, 1, 1), ends_on=date(YEAR - 1, 12, 31))
    make.tranche(old, "7000.00", state="paid", due_on=date(YEAR - 1, 3, 1))
    make.agreement(city.org_b, programme, line, "3000.00", year=YEAR - 1, title="Umowa B w szkicu ukryta",
                   status="draft")
    _add(app, AgreementParty(organisation_id=funding.beta.id, agreement_id=funding.small_grant,
                             partner_id=funding.alfa.id))
    return {"programme": programme, "old": old}


def _records(response) -> list[dict[str, str]]:
    """The agreements' rows (the totals row below them left out)."""
    tables = page(response).tables()
    return [row for row in tables[0].records() if "Title" in row] if tables else []


def _titles(response) -> set[str]:
    return {row["Title"] for row in _records(response)}


ALL_SIGNED = {"Punkt konsultacyjny dla rodzin", "Wakacje dla dzieci", "Miejsca w noclegowni",
              "Świetlica zeszłoroczna"}


def test_the_page_lists_every_signed_agreement_with_totals_and_nothing_unsigned(browser, agreements):
    response = browser().get("/who-received-what")
    assert response.status_code == 200
    shown = page(response)
    assert shown.h1 == "Who received what"
    assert _titles(response) == ALL_SIGNED
    assert "4 signed agreements" in shown
    table = shown.tables()[0]
    assert table.region is not None, "the table scrolls sideways inside its region on a phone"
    assert table.rows[-1][-2:] == ["PLN 62,250.00", "PLN 35,500.00"], table.rows[-1]
    row = next(r for r in _records(response) if r["Title"] == "Punkt konsultacyjny dla rodzin")
    assert (row["Organisation"], row["Kind"], row["Value"], row["Paid"]) == (
        "Fundacja Alfa", "Grant agreement", "PLN 28,000.00", "PLN 23,500.00")
    small = next(r for r in _records(response) if r["Title"] == "Wakacje dla dzieci")
    assert small["Organisation"] == "Stowarzyszenie Beta (jointly with Fundacja Alfa)"
    for secret in (*SECRETS, "Umowa B w szkicu ukryta"):
        assert secret not in shown
    for link in ("/who-received-what.csv", "/who-received-what.xlsx", "/open-data/360giving.json",
                 "/open-data/ocds.json"):
        assert f'href="{link}' in shown.html
    assert "Not shown: drafts and agreements not yet signed" in shown


@pytest.mark.parametrize(("query", "expected"), [
    ({"year": str(YEAR - 1)}, {"Świetlica zeszłoroczna"}),
    ({"kind": "service_contract"}, {"Miejsca w noclegowni", "Świetlica zeszłoroczna"}),
    ({"kind": "grant", "year": str(YEAR)}, {"Punkt konsultacyjny dla rodzin", "Wakacje dla dzieci"}),
])
def test_filters_narrow_the_rows_and_the_totals(browser, agreements, query, expected):
    response = browser().get("/who-received-what", query_string=query)
    assert _titles(response) == expected
    assert page(response).field_errors() == {}


def test_an_organisation_filter_finds_it_as_lead_and_as_joint_party(browser, funding, agreements):  # noqa: F811
    response = browser().get("/who-received-what", query_string={"organisation": funding.alfa.id})
    assert _titles(response) == {"Punkt konsultacyjny dla rodzin", "Wakacje dla dzieci"}
    shown = page(response)
    assert "2 signed agreements" in shown and shown.tables()[0].rows[-1][-2:] == ["PLN 37,000.00", "PLN 23,500.00"]
    assert shown.values(action="/who-received-what")["organisation"] == str(funding.alfa.id), "the choice is kept"


def test_the_programme_filter_and_its_choices(browser, agreements):
    response = browser().get("/who-received-what", query_string={"programme": agreements["programme"]})
    assert _titles(response) == {"Świetlica zeszłoroczna"}
    assert "Program przeciwdziałania przemocy" in page(response).html, "offered in the programme filter"


@pytest.mark.parametrize("query", [
    {"year": "abc"}, {"year": "1999"}, {"programme": "-1"}, {"organisation": "99999999999999999999"},
    {"kind": "<script>alert(1)</script>"}, {"page": "x"}, {"page": "99999"}, {"year": f"{YEAR}' OR 1=1"},
])
def test_junk_filters_are_refused_beside_the_field_and_never_a_server_error(browser, agreements, query):
    response = browser().get("/who-received-what", query_string=query)
    assert response.status_code == 200
    assert _titles(response) == ALL_SIGNED, "a value not offered is ignored"
    name = next(iter(query))
    if name != "page":
        assert page(response).field_error(name), page(response).field_errors()
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)
    for download in ("/who-received-what.csv", "/who-received-what.xlsx"):
        assert browser().get(download, query_string=query).status_code == 200


def test_signed_in_organisations_see_the_public_list_not_their_drafts(browser, city, agreements):
    for person in (city.b_admin, city.a_admin, city.dept_officer):
        response = browser(person).get("/who-received-what")
        assert response.status_code == 200
        assert _titles(response) == ALL_SIGNED
        assert "Umowa B w szkicu ukryta" not in page(response)


def test_csv_holds_the_filtered_rows_for_polish_spreadsheets(browser, agreements):
    response = browser().get("/who-received-what.csv", query_string={"year": YEAR})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Year", "Programme", "Organisation", "Kind", "Title", "Agreement number", "From", "Until",
                       "Value (PLN)", "Paid (PLN)"]
    body_rows = {row[4]: row for row in rows[1:-1]}
    assert set(body_rows) == ALL_SIGNED - {"Świetlica zeszłoroczna"}
    grant = body_rows["Punkt konsultacyjny dla rodzin"]
    assert grant[0] == str(YEAR) and grant[8:] == ["28000,00", "23500,00"] and grant[6] == f"{YEAR}-02-01"
    assert rows[-1][0] == "Total" and rows[-1][2] == "3 agreements" and rows[-1][8:] == ["55250,00", "28500,00"]
    text = body.decode("utf-8-sig")
    for secret in (*SECRETS, "Umowa B w szkicu ukryta"):
        assert secret not in text


def test_xlsx_holds_the_same_rows_as_numbers_and_dates(browser, agreements):
    response = browser().get("/who-received-what.xlsx", query_string={"kind": "service_contract"})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Year", "Programme", "Organisation", "Kind", "Title")
    titles = {row[4]: row for row in rows[1:-1]}
    assert set(titles) == {"Miejsca w noclegowni", "Świetlica zeszłoroczna"}
    old = titles["Świetlica zeszłoroczna"]
    assert old[0] == YEAR - 1 and old[3] == "Service contract" and old[6].date() == date(YEAR - 1, 1, 1)
    assert (old[8], old[9]) == (7000, 7000)
    assert rows[-1][0] == "Total" and rows[-1][2] == "2 agreements" and rows[-1][8:] == (25250, 12000)


def test_a_title_like_a_formula_stays_text_in_both_downloads(app, browser, make, city, funding):  # noqa: F811
    from tests.functional.test_open_data_funding import _department_of

    department = _department_of(app)
    programme = make.programme(department, "=HYPERLINK(1)")
    line = make.budget_line(department, programme, "1000.00")
    make.agreement(city.org_a, programme, line, "100.00", title="=1+2")
    rows = list(csv.reader(io.StringIO(browser().get("/who-received-what.csv").get_data(as_text=True)),
                           delimiter=";"))
    assert any(row[4] == "'=1+2" and row[1] == "'=HYPERLINK(1)" for row in rows)
    sheet = load_workbook(io.BytesIO(browser().get("/who-received-what.xlsx").get_data())).active
    cells = [row[4] for row in sheet.iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value == "=1+2")
    assert formula.data_type == "s"


def test_the_anonymous_page_cache_keeps_each_filter_apart(app, browser, agreements):
    app.config["PAGE_CACHE_SECONDS"] = 60
    page_cache.clear()
    try:
        first = browser().get("/who-received-what", query_string={"year": YEAR - 1})
        again = browser().get("/who-received-what", query_string={"year": YEAR - 1})
        other = browser().get("/who-received-what", query_string={"kind": "grant"})
        assert first.headers.get("X-Page-Cache") == "miss" and again.headers.get("X-Page-Cache") == "hit"
        assert _titles(again) == {"Świetlica zeszłoroczna"}
        assert _titles(other) == {"Punkt konsultacyjny dla rodzin", "Wakacje dla dzieci"}
    finally:
        app.config["PAGE_CACHE_SECONDS"] = 0
        page_cache.clear()


def test_the_page_is_linked_from_the_calls_and_every_footer(browser):
    calls = page(browser().get("/calls"))
    assert 'href="/who-received-what"' in calls.html
    assert 'href="/who-received-what"' in page(browser().get("/")).html


def test_an_empty_city_says_so(browser):
    response = browser().get("/who-received-what")
    assert response.status_code == 200 and "No signed agreement matches" in page(response)
