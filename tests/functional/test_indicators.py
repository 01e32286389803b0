"""The city's own indicators over years: the department records them and their yearly figures, analysts read
them, organisations never reach them, residents see the published ones on "The city in figures"."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.localtime import local_today
from app.models import AuditEvent, CityIndicator, IndicatorValue
from tests.functional.support import location, page

INDICATOR = {"name_pl": "Rodziny objęte monitoringiem", "name_uk": "Сім'ї під моніторингом",
             "name_en": "Monitored families", "unit_pl": "rodziny", "unit_uk": "сімей", "unit_en": "families",
             "source_note": "OPS w Dzierżoniowie, opis „Bezpieczna i szczęśliwa rodzina” (2012)", "position": "10",
             "is_public": "y"}


@pytest.fixture
def families(make, city):
    """The seed's monitored families (no figure for 2008), published."""
    return make.indicator(city.department, "Rodziny objęte monitoringiem", name_en="Monitored families",
                          unit_pl="rodziny", unit_en="families", code="rodziny",
                          values={2007: "76", 2009: "63", 2010: "57", 2011: "43"})


@pytest.fixture
def hidden(make, city):
    """An indicator the department keeps but does not publish."""
    return make.indicator(city.department, "Interwencje OIK", name_en="Crisis interventions", is_public=False,
                          code="interwencje", values={2011: "120"})


def test_an_officer_adds_an_indicator_and_records_its_figures(browser, city, rows):
    officer = browser(city.dept_officer)
    response = officer.post("/console/indicators/new", data=INDICATOR)
    indicator = rows.one(CityIndicator)
    assert location(response) == f"/console/indicators/{indicator.id}/values/new"
    assert indicator.organisation_id == city.department.id and indicator.code == "rodziny-objete-monitoringiem"
    assert indicator.is_public and indicator.position == 10
    for year, figure in (("2007", "76"), ("2009", "63"), ("2010", "57"), ("2011", "43")):
        assert officer.post(f"/console/indicators/{indicator.id}/values/new",
                            data={"year": year, "value": figure, "note": ""}).status_code == 303
    assert [(v.year, v.value) for v in sorted(rows.all(IndicatorValue), key=lambda v: v.year)] == [
        (2007, Decimal("76.00")), (2009, Decimal("63.00")), (2010, Decimal("57.00")), (2011, Decimal("43.00"))]
    shown = page(officer.get("/console/indicators/"))
    assert shown.status == 200 and "Monitored families" in shown
    assert "Monitored families fell from 76 in 2007 to 43 in 2011." in shown
    assert '<svg class="chart"' in shown.html and 'role="img"' in shown.html
    records = shown.tables()[0].records()
    assert [(r["Year"], r["Figure (families)"]) for r in records] == [
        ("2007", "76"), ("2009", "63"), ("2010", "57"), ("2011", "43")]
    assert "OPS w Dzierżoniowie" in shown
    assert rows.actions("indicator.") == ["indicator.created"] + ["indicator.recorded"] * 4
    last = rows.audit("indicator.recorded")[-1]
    assert last.details["year"] == 2011 and last.details["value"] == "43.00"


def test_recording_a_year_again_changes_its_figure(browser, city, rows, families):
    officer = browser(city.dept_officer)
    form = page(officer.get(f"/console/indicators/{families}/values/new?year=2011")).values()
    assert form["year"] == "2011" and form["value"] == "43"
    response = officer.post(f"/console/indicators/{families}/values/new",
                            data={"year": "2011", "value": "44,5", "note": "Korekta sprawozdania"})
    assert response.status_code == 303
    changed = rows.one(IndicatorValue, year=2011)
    assert changed.value == Decimal("44.50") and changed.note == "Korekta sprawozdania"
    assert rows.count(IndicatorValue, indicator_id=families) == 4
    event = rows.audit("indicator.recorded")[-1]
    assert event.details == {"indicator": "Rodziny objęte monitoringiem", "year": 2011, "value": "44.50",
                             "before": "43.00"}


@pytest.mark.parametrize(("year", "value", "field", "message"), [
    ("2011", "dużo", "value", "Give a number, such as 43 or 12.5."),
    ("2011", "-3", "value", "A figure cannot be negative."),
    ("2011", "", "value", "Give the figure for the year, such as 43 or 12.5."),
    ("2011", "1,234", "value", "Give at most two decimal places."),
    ("1989", "5", "year", "Give a year from 1990 to"),
    ("dwa tysiące", "5", "year", "Give a year from 1990 to"),
    ("next+1", "5", "year", "Give a year from 1990 to"),
])
def test_bad_figures_are_refused_beside_the_field_and_change_nothing(browser, city, rows, families, year, value,
                                                                   field, message):
    if year == "next+1":
        year = str(local_today().year + 2)
    officer = browser(city.dept_officer)
    before = [(v.year, v.value) for v in rows.all(IndicatorValue)]
    shown = page(officer.post(f"/console/indicators/{families}/values/new",
                              data={"year": year, "value": value, "note": ""}))
    assert shown.status == 400
    assert shown.field_error(field).startswith(message)
    assert shown.values()["year"] == year and shown.values()["value"] == value  # what was typed is kept
    assert [(v.year, v.value) for v in rows.all(IndicatorValue)] == before
    assert rows.actions("indicator.") == []


def test_next_year_may_be_recorded(browser, city, rows, families):
    officer = browser(city.dept_officer)
    next_year = local_today().year + 1
    assert officer.post(f"/console/indicators/{families}/values/new",
                        data={"year": str(next_year), "value": "40", "note": "Plan"}).status_code == 303
    assert rows.one(IndicatorValue, year=next_year).value == Decimal("40.00")


def test_an_indicator_needs_a_polish_name_and_a_source(browser, city, rows):
    shown = page(browser(city.dept_officer).post("/console/indicators/new",
                                                 data={**INDICATOR, "name_pl": "", "source_note": ""}))
    assert shown.status == 400 and shown.field_error("name_pl") == "Give the indicator's name in Polish."
    assert rows.count(CityIndicator) == 0
    shown = page(browser(city.dept_officer).post("/console/indicators/new", data={**INDICATOR, "source_note": ""}))
    assert shown.field_error("source_note").startswith("Say where the figures come from")
    assert shown.values()["name_pl"] == "Rodziny objęte monitoringiem"
    assert rows.count(CityIndicator) == 0


def test_a_second_indicator_with_the_same_name_is_refused(browser, city, rows, families):
    shown = page(browser(city.dept_admin).post("/console/indicators/new",
                                               data={**INDICATOR, "name_pl": "rodziny objęte MONITORINGIEM"}))
    assert shown.status == 400
    assert shown.field_error("name_pl") == "An indicator with this Polish name already exists."
    assert rows.count(CityIndicator) == 1


def test_editing_an_indicator_unpublishes_it_and_keeps_its_code(browser, city, rows, families):
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/indicators/{families}/edit"))
    assert shown.values()["name_pl"] == "Rodziny objęte monitoringiem"
    assert re.search(r'<input checked id="is_public"|<input[^>]*id="is_public"[^>]*checked', shown.html)
    data = {**INDICATOR, "name_pl": "Rodziny monitorowane"}
    del data["is_public"]
    assert officer.post(f"/console/indicators/{families}/edit", data=data).status_code == 303
    indicator = rows.one(CityIndicator)
    assert indicator.name_pl == "Rodziny monitorowane" and not indicator.is_public and indicator.code == "rodziny"
    event = rows.audit("indicator.updated")[-1]
    assert "is_public" in event.details["fields"] and "name_pl" in event.details["fields"]
    assert "Rodziny monitorowane" not in page(browser().get("/results/city"))


def test_deleting_a_years_figure(browser, city, rows, families):
    officer = browser(city.dept_officer)
    value = rows.one(IndicatorValue, year=2010)
    response = officer.post(f"/console/indicators/{families}/values/{value.id}/delete")
    assert response.status_code == 303
    assert sorted(v.year for v in rows.all(IndicatorValue)) == [2007, 2009, 2011]
    assert rows.audit("indicator.value_deleted")[-1].details == {"indicator": "Rodziny objęte monitoringiem",
                                                                  "year": 2010, "value": "57.00"}


def test_a_value_of_another_indicator_is_not_found(browser, city, rows, families, hidden):
    other = rows.one(IndicatorValue, indicator_id=hidden)
    response = browser(city.dept_officer).post(f"/console/indicators/{families}/values/{other.id}/delete")
    assert response.status_code == 404
    assert rows.count(IndicatorValue) == 5


def test_an_analyst_reads_but_does_not_write(browser, city, rows, families):
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get("/console/indicators/"))
    assert shown.status == 200 and "Monitored families" in shown
    assert "Add an indicator" not in shown and "Record a year&#39;s figure" not in shown.html
    assert "Record a year's figure" not in shown
    assert analyst.get("/console/indicators/new").status_code == 403
    assert analyst.post(f"/console/indicators/{families}/values/new",
                        data={"year": "2012", "value": "1"}).status_code == 403
    assert rows.count(IndicatorValue) == 4


@pytest.mark.parametrize("person", ["a_admin", "b_admin", "b_staff"])
def test_organisations_never_reach_the_console_pages(browser, city, rows, families, person):
    member = browser(getattr(city, person))
    assert member.get("/console/indicators/").status_code == 403
    assert member.get("/console/indicators/?format=csv").status_code == 403
    assert member.get(f"/console/indicators/{families}/edit").status_code == 403
    assert member.post(f"/console/indicators/{families}/values/new",
                       data={"year": "2012", "value": "1"}).status_code == 403
    assert rows.count(IndicatorValue) == 4 and rows.actions("indicator.") == []


def test_the_public_page_shows_only_published_indicators(browser, city, families, hidden):
    for lang, heading in (("en", "The city in figures"), ("pl", "Miasto w liczbach"), ("uk", "Місто в цифрах")):
        shown = page(browser(lang=lang).get("/results/city"))
        assert shown.status == 200 and shown.h1 == heading
        assert "Interwencje OIK" not in shown and "Crisis interventions" not in shown and "120" not in shown.text
    shown = page(browser().get("/results/city"))
    assert "Monitored families fell from 76 in 2007 to 43 in 2011." in shown
    assert [r["Year"] for r in shown.tables()[0].records()] == ["2007", "2009", "2010", "2011"]
    assert 'href="/results/city?indicator=rodziny&amp;format=csv"' in shown.html
    polish = page(browser(lang="pl").get("/results/city"))
    assert "Rodziny objęte monitoringiem" in polish and "Źródło:" in polish


def test_the_public_downloads(browser, city, families, hidden):
    visitor = browser()
    one = visitor.get("/results/city?indicator=rodziny&format=csv")
    assert one.status_code == 200 and one.mimetype == "text/csv"
    lines = list(csv.reader(io.StringIO(one.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert lines == [["Year", "Figure (families)", "Note"], ["2007", "76", ""], ["2009", "63", ""],
                     ["2010", "57", ""], ["2011", "43", ""]]
    assert visitor.get("/results/city?indicator=interwencje&format=csv").status_code == 404
    every = list(csv.reader(io.StringIO(visitor.get("/results/city?format=csv").get_data(as_text=True)
                                        .lstrip("\ufeff")), delimiter=";"))
    assert every[0] == ["Year", "Monitored families (families)"] and every[1] == ["2007", "76"]
    workbook = load_workbook(io.BytesIO(visitor.get("/results/city?format=xlsx").get_data()))
    assert workbook.sheetnames == ["The city in figures", "Monitored families"]
    assert workbook["Monitored families"]["B2"].value == 76
    assert visitor.get("/results/city?format=pdf").status_code == 404


def test_the_console_downloads_every_indicator_published_or_not(browser, city, families, hidden):
    analyst = browser(city.dept_analyst)
    workbook = load_workbook(io.BytesIO(analyst.get("/console/indicators/?format=xlsx").get_data()))
    assert workbook.sheetnames == ["The city in figures", "Crisis interventions", "Monitored families"]
    one = analyst.get(f"/console/indicators/?indicator={hidden}&format=csv").get_data(as_text=True)
    assert "120" in one


def test_a_new_figure_reaches_the_kept_public_page_at_once(app, browser, city, families):
    app.config["FRAGMENT_CACHE"] = True
    try:
        visitor = browser()
        assert "43 in 2011" in page(visitor.get("/results/city"))
        assert browser(city.dept_officer).post(f"/console/indicators/{families}/values/new",
                                               data={"year": "2012", "value": "40"}).status_code == 303
        assert "from 76 in 2007 to 40 in 2012" in page(visitor.get("/results/city"))
    finally:
        app.config["FRAGMENT_CACHE"] = False


def test_the_audit_log_names_the_indicator(browser, city, rows, families):
    browser(city.dept_officer).post(f"/console/indicators/{families}/values/new", data={"year": "2012", "value": "40"})
    assert rows.count(AuditEvent, action="indicator.recorded") == 1
    shown = page(browser(city.dept_admin).get("/console/audit"))
    assert "Yearly figure of a city indicator recorded" in shown and "Monitored families" in shown


def test_the_home_page_and_footer_link_to_the_city_in_figures(browser):
    shown = page(browser().get("/"))
    assert shown.html.count('href="/results/city"') == 2


def test_an_empty_public_page(browser, city):
    assert "The department has not published any figures yet." in page(browser().get("/results/city"))


def test_every_problem_of_a_figure_is_said_at_once(browser, city, rows, families):
    shown = page(browser(city.dept_officer).post(f"/console/indicators/{families}/values/new",
                                                 data={"year": "1980", "value": "-4", "note": ""}))
    assert shown.status == 400
    assert shown.field_error("year").startswith("Give a year from 1990 to")
    assert shown.field_error("value") == "A figure cannot be negative."
    assert rows.count(IndicatorValue) == 4
