"""The public "who received what" page: signed agreements, filters, totals, CSV and XLSX, nothing unsigned."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from app import page_cache
from app.extensions import db
from app.localtime import local_today
from app.models import Agreement, AgreementParty
from app.tenancy import system_scope
from tests.functional.support import page
from tests.functional.test_open_data_funding import SECRETS, _add, funding  # noqa: F401 - the fixture

YEAR = local_today().year


@pytest.fixture
def agreements(app, make, city, funding):  # noqa: F811
    """Besides ``funding`` (this year; its contract made to run this year whatever the year): last year's contract
    of the city's organisation A, and Alfa as a joint party of Beta's small grant."""
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
    _change(app, funding.contract, starts_on=date(YEAR, 1, 1), ends_on=date(YEAR, 12, 31))
    return {"programme": programme, "old": old, "line": line}


def _change(app, agreement_id: int, **values) -> None:
    with app.app_context(), system_scope("tests"):
        agreement = db.session.get(Agreement, agreement_id)
        for name, value in values.items():
            setattr(agreement, name, value)
        db.session.commit()


COLUMNS = ["Agreement", "Organisation", "Value", "Paid", "Status", "Programme", "Kind", "Period"]


def _records(response) -> list[dict[str, str]]:
    """The agreements' rows (the totals row below them left out), each with its "Title" (the agreement's cell
    without the number beneath it)."""
    tables = page(response).tables()
    records = [row for row in tables[0].records() if "Kind" in row] if tables else []
    return [{**row, "Title": row["Agreement"].rsplit(" ", 1)[0]} for row in records]


def _titles(response) -> set[str]:
    return {row["Title"] for row in _records(response)}


def _totals_row(response) -> list[str]:
    """The value and paid of the totals row."""
    return page(response).tables()[0].rows[-1][1:3]


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
    assert table.rows[0] == COLUMNS, "the title and number, then who, how much and paid; the rest after"
    assert table.rows[-1][1:3] == ["PLN 62,250.00", "PLN 35,500.00"], table.rows[-1]
    row = next(r for r in _records(response) if r["Title"] == "Punkt konsultacyjny dla rodzin")
    assert (row["Organisation"], row["Kind"], row["Value"], row["Paid"], row["Status"]) == (
        "Fundacja Alfa", "Grant agreement", "PLN 28,000.00", "PLN 23,500.00", "In force")
    assert row["Agreement"].startswith("Punkt konsultacyjny dla rodzin WZ.526.")
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
    assert "2 signed agreements" in shown and _totals_row(response) == ["PLN 37,000.00", "PLN 23,500.00"]
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


DOWNLOAD_COLUMNS = ["Title", "Agreement number", "Organisation", "Value (PLN)", "Paid (PLN)", "Status", "Programme",
                    "Kind", "From", "Until"]


def test_csv_holds_the_filtered_rows_for_polish_spreadsheets(browser, agreements):
    response = browser().get("/who-received-what.csv", query_string={"year": YEAR})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == DOWNLOAD_COLUMNS
    body_rows = {row[0]: row for row in rows[1:-1]}
    assert set(body_rows) == ALL_SIGNED - {"Świetlica zeszłoroczna"}
    grant = body_rows["Punkt konsultacyjny dla rodzin"]
    assert grant[1].startswith("WZ.526.") and grant[1].endswith(f".{YEAR}")
    assert grant[3:6] == ["28000,00", "23500,00", "In force"] and grant[8] == f"{YEAR}-02-01"
    assert body_rows["Miejsca w noclegowni"][5] == "Completed"
    assert rows[-1][:2] == ["Total", "3 agreements"] and rows[-1][3:5] == ["55250,00", "28500,00"]
    text = body.decode("utf-8-sig")
    for secret in (*SECRETS, "Umowa B w szkicu ukryta"):
        assert secret not in text


def test_xlsx_holds_the_same_rows_as_numbers_and_dates(browser, agreements):
    response = browser().get("/who-received-what.xlsx", query_string={"kind": "service_contract"})
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == DOWNLOAD_COLUMNS
    titles = {row[0]: row for row in rows[1:-1]}
    assert set(titles) == {"Miejsca w noclegowni", "Świetlica zeszłoroczna"}
    old = titles["Świetlica zeszłoroczna"]
    assert old[1].endswith(f".{YEAR - 1}") and old[5] == "In force" and old[7] == "Service contract"
    assert old[8].date() == date(YEAR - 1, 1, 1) and (old[3], old[4]) == (7000, 7000)
    assert rows[-1][:2] == ("Total", "2 agreements") and rows[-1][3:5] == (25250, 12000)


def test_xlsx_has_a_frozen_header_an_autofilter_and_columns_that_fit(browser, agreements):
    sheet = load_workbook(io.BytesIO(browser().get("/who-received-what.xlsx").get_data())).active
    assert sheet.freeze_panes == "A2", "the header row stays in view"
    assert sheet.auto_filter.ref == "A1:J5", "a filter over the four rows, not the totals"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJ"}
    assert widths["A"] >= len("Punkt konsultacyjny dla rodzin"), widths
    assert widths["C"] >= len("Stowarzyszenie Beta, jointly with Fundacja Alfa"), widths
    assert 12 <= widths["D"] <= 20 and 10 <= widths["I"] <= 14, widths
    assert all(width <= 60 for width in widths.values()), widths


def test_the_downloads_name_the_status_in_the_readers_language(browser, app, agreements):
    _change(app, agreements["old"], status="terminated", terminated_on=date(YEAR - 1, 6, 30),
            termination_reason="Rozwiązanie za porozumieniem stron.")
    rows = list(csv.reader(io.StringIO(browser(lang="pl").get("/who-received-what.csv").get_data(as_text=True)
                                       .lstrip("\ufeff")), delimiter=";"))
    assert rows[0][5] == "Status"
    old = next(row for row in rows if row[0] == "Świetlica zeszłoroczna")
    assert old[5] == "Rozwiązana" and old[9] == f"{YEAR - 1}-06-30", "ended on its termination date"
    sheet = load_workbook(io.BytesIO(browser(lang="pl").get("/who-received-what.xlsx").get_data())).active
    old = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Świetlica zeszłoroczna")
    assert old[5] == "Rozwiązana" and old[9].date() == date(YEAR - 1, 6, 30)


def test_a_title_like_a_formula_stays_text_in_both_downloads(app, browser, make, city, funding):  # noqa: F811
    from tests.functional.test_open_data_funding import _department_of

    department = _department_of(app)
    programme = make.programme(department, "=HYPERLINK(1)")
    line = make.budget_line(department, programme, "1000.00")
    make.agreement(city.org_a, programme, line, "100.00", title="=1+2")
    rows = list(csv.reader(io.StringIO(browser().get("/who-received-what.csv").get_data(as_text=True)),
                           delimiter=";"))
    assert any(row[0] == "'=1+2" and row[6] == "'=HYPERLINK(1)" for row in rows)
    sheet = load_workbook(io.BytesIO(browser().get("/who-received-what.xlsx").get_data())).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
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


def test_the_year_filter_lists_the_agreements_running_in_that_year(browser, make, city, agreements):
    """A contract numbered last year that runs into this one is listed under both years; one terminated last year
    is listed only under last year, with its period ending on the termination date and its status."""
    programme, line = agreements["programme"], agreements["line"]
    make.agreement(city.org_a, programme, line, "4000.00", year=YEAR - 1, title="Schronisko na przełomie lat",
                   starts_on=date(YEAR - 1, 7, 1), ends_on=date(YEAR, 6, 30))
    make.agreement(city.org_a, programme, line, "2000.00", year=YEAR - 1, title="Umowa rozwiązana wcześniej",
                   status="terminated", starts_on=date(YEAR - 1, 3, 1), ends_on=date(YEAR, 12, 31),
                   terminated_on=date(YEAR - 1, 10, 31), termination_reason="Rozwiązanie za porozumieniem stron.")
    this_year = browser().get("/who-received-what", query_string={"year": YEAR})
    assert _titles(this_year) == ALL_SIGNED - {"Świetlica zeszłoroczna"} | {"Schronisko na przełomie lat"}
    spanning = next(row for row in _records(this_year) if row["Title"] == "Schronisko na przełomie lat")
    assert spanning["Agreement"].endswith(f".{YEAR - 1}"), "its number names the year it was made"
    shown = page(this_year)
    assert "4 signed agreements" in shown and _totals_row(this_year) == ["PLN 59,250.00", "PLN 28,500.00"]
    assert "Year" not in shown.tables()[0].rows[0], "the number shows the year it was made"
    assert "In force in the year" in shown, "the filter says what the year means"
    assert "a terminated one, until its termination date" in shown

    last_year = browser().get("/who-received-what", query_string={"year": YEAR - 1})
    assert _titles(last_year) == {"Świetlica zeszłoroczna", "Schronisko na przełomie lat",
                                  "Umowa rozwiązana wcześniej"}
    assert _totals_row(last_year) == ["PLN 13,000.00", "PLN 7,000.00"]
    ended = next(row for row in _records(last_year) if row["Title"] == "Umowa rozwiązana wcześniej")
    assert ended["Status"] == "Terminated"
    assert ended["Period"] == f"1 Mar {YEAR - 1} – 31 Oct {YEAR - 1}", "it ended on its termination date"
    assert page(last_year).values(action="/who-received-what")["year"] == str(YEAR - 1)
    years = page(last_year).html
    assert f'value="{YEAR}">{YEAR}</option>' in years and f'value="{YEAR + 1}"' not in years

    csv_rows = list(csv.reader(io.StringIO(browser().get("/who-received-what.csv", query_string={"year": YEAR})
                                           .get_data(as_text=True)), delimiter=";"))
    assert "Schronisko na przełomie lat" in {row[0] for row in csv_rows}
    assert "Umowa rozwiązana wcześniej" not in {row[0] for row in csv_rows}


def test_a_completed_agreement_says_so(browser, agreements):
    row = next(r for r in _records(browser().get("/who-received-what")) if r["Title"] == "Miejsca w noclegowni")
    assert row["Status"] == "Completed"
