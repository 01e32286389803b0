"""The department's dashboards and the public results page: the sums a person would check, who may read them, the
downloads, bad filters, and statements that do not grow with the number of agreements."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from app.extensions import db
from app.localtime import local_today
from app.models import Refund
from app.tenancy import system_scope
from tests.functional.support import page

TODAY = local_today()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _city_dates():
    """The city's dates as each test starts: a run that crosses midnight in Warsaw must not use yesterday's."""
    global TODAY, YEAR
    TODAY = local_today()
    YEAR = TODAY.year


@dataclass(frozen=True)
class Scene:
    programme: int
    other_programme: int
    district: int
    other_district: int
    category: int
    a1: int
    a2: int
    b1: int
    draft: int


def _refund(app, agreement: int, amount: str) -> None:
    from decimal import Decimal

    from app.models import AgreementFunding

    with app.app_context(), system_scope("tests"):
        funding = db.session.execute(db.select(AgreementFunding).where(AgreementFunding.agreement_id == agreement)
                                     ).scalars().first()
        db.session.add(Refund(organisation_id=funding.organisation_id, agreement_id=agreement, funding_id=funding.id,
                              amount=Decimal(amount), returned_on=TODAY))
        db.session.commit()


@pytest.fixture
def scene(app, make, city) -> Scene:
    """Organisation A: a grant in force whose partial report was accepted and final report returned, and a completed
    contract with both reports accepted; organisation B: a grant in force with a partial report overdue, its final
    report waiting for review and a draft report, and a draft agreement. Everything this year, in one programme."""
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    programme = make.programme(city.department, "Program Wspierania Rodziny", first_year=YEAR - 1, last_year=YEAR + 1)
    other_programme = make.programme(city.department, "Program Inny", first_year=YEAR, last_year=YEAR)
    city_line = make.budget_line(city.department, programme, "100000.00", year=YEAR, source="city_budget")
    eu_line = make.budget_line(city.department, programme, "50000.00", year=YEAR, source="eu_funds")
    make.budget_line(city.department, programme, "70000.00", year=YEAR - 1, source="city_budget")
    other_line = make.budget_line(city.department, other_programme, "9000.00", year=YEAR)
    district = make.district("centrum", "Centrum")
    other_district = make.district("zachod", "Zachód")
    category = make.term("wsparcie-rodzin", "Wsparcie rodzin")
    service = make.service(city.org_a, "Poradnia rodzinna", categories=[category])

    a1 = make.agreement(city.org_a, programme, city_line, "10000.00", kind="grant", year=YEAR, starts_on=start,
                        ends_on=end, title="Poradnictwo A", district_id=district)
    a2 = make.agreement(city.org_a, programme, eu_line, "20000.00", year=YEAR, starts_on=start, ends_on=end,
                        status="completed", title="Noclegi A")
    b1 = make.agreement(city.org_b, programme, city_line, "30000.00", kind="grant", year=YEAR, starts_on=start,
                        ends_on=end, title="Świetlica B", district_id=other_district)
    draft = make.agreement(city.org_b, programme, city_line, "9999.00", kind="grant", year=YEAR, starts_on=start,
                           ends_on=end, status="draft", title="Szkic B")
    make.agreement(city.org_b, other_programme, other_line, "4000.00", year=YEAR, starts_on=start, ends_on=end,
                   title="Inny program B")
    with app.app_context(), system_scope("tests"):
        from app.models import AgreementService

        db.session.add(AgreementService(organisation_id=city.org_a.id, agreement_id=a1, service_id=service))
        db.session.commit()
    hours = make.target(a1, "Godziny porad", "100", unit="godzin")
    [people_a1] = [t for t in make.targets_of(a1) if t != hours]
    [people_a2] = make.targets_of(a2)
    [people_b1] = make.targets_of(b1)

    # A1: the partial report accepted (8 people), the final one returned (30 people: not counted).
    partial = make.report_due(a1, due_on=TODAY - timedelta(days=60))
    make.report(partial, results={people_a1: "8", hours: "40"},
                figures=[("people", "total", 8), ("group", "children", 5), ("group", "families", 3),
                         ("district", district, 8), ("age", "7_17", 5), ("sex", "women", 6)])
    final = make.move_due(make.final_due(a1), TODAY - timedelta(days=5))
    make.report(final, status="returned", submitted_on=TODAY - timedelta(days=2),
                results={people_a1: "30", hours: "90"}, figures=[("people", "total", 30), ("group", "seniors", 30)])
    # A2: both reports accepted: the final one counts (18), not the partial one (5).
    make.report(make.report_due(a2, due_on=TODAY - timedelta(days=90)), results={people_a2: "5"},
                figures=[("people", "total", 5), ("group", "children", 5)])
    make.report(make.move_due(make.final_due(a2), TODAY - timedelta(days=10)), results={people_a2: "18"},
                figures=[("people", "total", 18), ("group", "children", 10), ("group", "homelessness", 8),
                         ("district", "outside", 18)])
    # B1: a partial report overdue, the final one waiting for review, a draft of a later partial report.
    make.report_due(b1, due_on=TODAY - timedelta(days=20))
    make.report(make.move_due(make.final_due(b1), TODAY - timedelta(days=1)), status="submitted",
                results={people_b1: "25"}, figures=[("people", "total", 25), ("group", "refugees", 25)])
    make.report(make.report_due(b1, due_on=TODAY + timedelta(days=40)), status="draft",
                figures=[("people", "total", 1000), ("group", "violence", 1000)])
    # Money: A2 paid 15,000 from EU funds, B1 5,000 from the city budget with 1,000 returned.
    make.tranche(a2, "15000.00", state="paid", due_on=date(YEAR, 3, 1))
    make.tranche(b1, "5000.00", state="paid", due_on=date(YEAR, 3, 1))
    make.tranche(b1, "5000.00", state="scheduled", due_on=date(YEAR, 9, 1))
    _refund(app, b1, "1000.00")
    return Scene(programme, other_programme, district, other_district, category, a1, a2, b1, draft)


def _table(response, caption_id: str) -> dict[str, dict[str, str]]:
    """The table whose caption has this id, as {first cell: record}."""
    shown = page(response)
    html = shown.html
    start = html.index(f'id="{caption_id}"')
    before = html[:start].count("<table")
    table = shown.tables()[before - 1]
    return {record[table.rows[0][0]]: record for record in table.records()}


def _records(response, caption_id: str) -> list[dict[str, str]]:
    shown = page(response)
    return shown.tables()[shown.html[:shown.html.index(f'id="{caption_id}"')].count("<table") - 1].records()


def _dashboard(browser, person, query: str = ""):
    return browser(person).get(f"/console/dashboard{query}")


# -- the department's dashboard ----------------------------------------------------------------------------------

def test_the_dashboard_adds_up_budget_agreements_reports_targets_and_people(browser, city, scene):
    response = _dashboard(browser, city.dept_analyst, f"?programme={scene.programme}")
    assert response.status_code == 200
    assert page(response).h1 == "Dashboard"

    budget = _table(response, "budget-caption")
    assert _amount(budget["City budget"]["Planned"]) == "100000.00"
    assert _amount(budget["City budget"]["Committed in agreements"]) == "40000.00"  # A1 + B1, not the draft
    assert _amount(budget["City budget"]["Paid"]) == "4000.00"  # 5,000 less 1,000 returned
    assert _amount(budget["EU funds"]["Committed in agreements"]) == "20000.00"
    assert _amount(budget["EU funds"]["Paid"]) == "15000.00"
    assert _amount(budget["Total"]["Planned"]) == "150000.00"  # last year's line is not this year's

    statuses = _table(response, "agreements-caption")
    assert statuses["In force"]["Agreements"] == "2" and statuses["Draft"]["Agreements"] == "1"
    assert statuses["Completed"]["Agreements"] == "1" and statuses["Total"]["Agreements"] == "4"

    reports = _table(response, "reports-caption")
    assert (reports["Overdue"]["Partial reports"], reports["Overdue"]["Final reports"]) == ("1", "1")
    assert reports["Waiting for review"]["Final reports"] == "1"
    assert (reports["Accepted"]["Partial reports"], reports["Accepted"]["Final reports"]) == ("2", "1")
    assert reports["Due later"]["Partial reports"] == "1"  # the draft of a report due later

    targets = _table(response, "targets-caption")
    people = targets["Osoby objęte pomocą"]
    assert (people["Target (sum)"], people["Achieved (sum of accepted reports)"]) == ("60", "26")  # 8 + 18
    assert (people["Agreements with this target"], people["Agreements that reported"]) == ("3", "2")
    assert targets["Godziny porad"]["Achieved (sum of accepted reports)"] == "40"  # the returned 90 not counted

    groups = _table(response, "people-groups-caption")
    assert groups["Children"]["People"] == "15"  # 5 (A1's partial) + 10 (A2's final); A2's partial not counted
    assert "Seniors" not in groups and "Refugees" not in groups and "People experiencing violence" not in groups
    districts = _table(response, "people-districts-caption")
    assert districts["Centrum"]["People"] == "8" and districts["From outside the city"]["People"] == "18"
    assert _table(response, "people-ages-caption")["7–17 years"]["People"] == "5"
    assert "26 people reached, in 2 agreements" in page(response)


def _amount(text: str) -> str:
    """An amount as the English page writes it ("PLN 40,000.00" or "40,000.00 zł") as digits."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    return digits.strip(".")


def test_this_year_and_every_programme_by_default_and_the_filters_narrow(browser, city, scene):
    everything = _dashboard(browser, city.dept_officer)
    assert page(everything).values()["year"] == str(YEAR)
    assert _table(everything, "agreements-caption")["Total"]["Agreements"] == "5"  # the other programme's too
    other = _dashboard(browser, city.dept_officer, f"?programme={scene.other_programme}")
    assert _table(other, "agreements-caption")["Total"]["Agreements"] == "1"
    last_year = _dashboard(browser, city.dept_officer, f"?year={YEAR - 1}")
    assert "Total" in _table(last_year, "agreements-caption")
    assert _table(last_year, "agreements-caption")["Total"]["Agreements"] == "0"
    assert _amount(_table(last_year, "budget-caption")["Total"]["Planned"]) == "70000.00"

    in_centrum = _dashboard(browser, city.dept_officer, f"?district={scene.district}")
    assert _table(in_centrum, "agreements-caption")["Total"]["Agreements"] == "1"
    assert _table(in_centrum, "targets-caption")["Osoby objęte pomocą"]["Achieved (sum of accepted reports)"] == "8"
    by_category = _dashboard(browser, city.dept_officer, f"?category={scene.category}")
    assert _table(by_category, "agreements-caption")["Total"]["Agreements"] == "1"
    assert "Godziny porad" in _table(by_category, "targets-caption")


@pytest.mark.parametrize("query", ["?year=abc", "?year=1850", "?programme=999999", "?programme=x&district=%00",
                                   "?category=-1", "?year=2026&year=2027", "?table=nope&format=csv",
                                   "?format=pdf"])
def test_junk_filters_are_said_and_ignored_never_a_500(browser, city, scene, query):
    response = _dashboard(browser, city.dept_admin, query)
    if "table=nope" in query:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    shown = page(response)
    if "year=abc" in query or "year=1850" in query:
        assert "not offered" in shown.field_error("year")
        assert "Total" in _table(response, "agreements-caption")
    if "programme=999999" in query:
        assert "not offered" in shown.field_error("programme")


def test_only_the_department_reads_the_dashboards(browser, city, scene):
    for person in (city.dept_admin, city.dept_officer, city.dept_analyst):
        assert browser(person).get("/console/dashboard").status_code == 200
        assert browser(person).get(f"/console/dashboard/organisations/{city.org_b.id}").status_code == 200
    for person in (city.a_admin, city.a_coordinator, city.a_staff, city.b_admin, city.outsider):
        assert browser(person).get("/console/dashboard").status_code == 403
        assert browser(person).get(f"/console/dashboard/organisations/{city.org_a.id}").status_code == 403
        assert browser(person).get("/console/dashboard?table=budget&format=csv").status_code == 403
    assert browser().get("/console/dashboard").status_code == 302  # to sign in
    assert browser(city.dept_admin).get("/console/dashboard/organisations/999999").status_code == 404


def test_the_menu_leads_department_staff_to_the_dashboard(browser, city):
    assert 'href="/console/dashboard"' in browser(city.dept_analyst).get("/console/dashboard").get_data(as_text=True)


def test_an_organisation_over_years_punctuality_and_results(browser, city, scene):
    response = browser(city.dept_officer).get(f"/console/dashboard/organisations/{city.org_a.id}")
    assert response.status_code == 200 and page(response).h1 == "Stowarzyszenie A"
    years = _table(response, "years-caption")
    assert years[str(YEAR)]["Agreements"] == "2" and _amount(years[str(YEAR)]["Paid"]) == "15000.00"
    punctual = _table(response, "punctuality-caption")["Total"]
    assert (punctual["On time"], punctual["Late"], punctual["Overdue, not submitted"]) == ("3", "1", "0")
    results = {(row["Year"], row["Result"]): row for row in _records(response, "targets-caption")}
    assert results[str(YEAR), "Osoby objęte pomocą"]["Achieved (sum of accepted reports)"] == "26"
    assert results[str(YEAR), "Osoby objęte pomocą"]["Target (sum)"] == "40"
    assert results[str(YEAR), "Godziny porad"]["Achieved (sum of accepted reports)"] == "40"
    b = browser(city.dept_officer).get(f"/console/dashboard/organisations/{city.org_b.id}")
    punctual_b = _table(b, "punctuality-caption")["Total"]
    assert (punctual_b["On time"], punctual_b["Overdue, not submitted"]) == ("1", "1")


def test_choosing_an_organisation_opens_its_page(browser, city, scene):
    response = _dashboard(browser, city.dept_officer, f"?organisation={city.org_b.id}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/console/dashboard/organisations/{city.org_b.id}")


# -- downloads ---------------------------------------------------------------------------------------------------

def test_every_table_downloads_as_csv_and_xlsx_and_all_in_one_workbook(browser, city, scene):
    client = browser(city.dept_analyst)
    shown = client.get(f"/console/dashboard?programme={scene.programme}").get_data(as_text=True)
    for name in ("budget", "agreements", "reports", "targets", "people-groups", "people-districts", "people-ages",
                 "people-sexes"):
        assert f"table={name}" in shown, name
    response = client.get(f"/console/dashboard?programme={scene.programme}&year={YEAR}&table=targets&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["Result", "Unit", "Target (sum)", "Achieved (sum of accepted reports)"]
    people = next(row for row in rows if row[0] == "Osoby objęte pomocą")
    assert people[2:4] == ["60", "26"]
    budget = client.get(f"/console/dashboard?programme={scene.programme}&table=budget&format=csv")
    budget_rows = list(csv.reader(io.StringIO(budget.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert ["City budget", "100000,00", "40000,00", "4000,00"] in budget_rows

    one = client.get(f"/console/dashboard?programme={scene.programme}&table=reports&format=xlsx")
    sheet = load_workbook(io.BytesIO(one.data)).active
    assert [cell.value for cell in next(sheet.iter_rows(max_row=1))][:3] == ["State", "Partial reports",
                                                                              "Final reports"]
    everything = client.get(f"/console/dashboard?programme={scene.programme}&format=xlsx")
    workbook = load_workbook(io.BytesIO(everything.data))
    assert len(workbook.sheetnames) == 8
    organisation = client.get(f"/console/dashboard/organisations/{city.org_a.id}?table=punctuality&format=csv")
    assert organisation.status_code == 200 and "On time" in organisation.get_data(as_text=True)


# -- the public results page -------------------------------------------------------------------------------------

def test_the_public_page_counts_signed_agreements_and_accepted_reports_only(browser, scene):
    response = browser().get("/results")
    assert response.status_code == 200
    shown = page(response)
    assert shown.h1 == "Results of the city's programmes"
    money = _table(response, "money-caption")
    family = money["Program Wspierania Rodziny"]
    assert family["Agreements"] == "3"  # the draft is not public
    assert _amount(family["Contracted"]) == "60000.00" and _amount(family["Paid"]) == "19000.00"
    targets = _table(response, "targets-caption")
    assert targets["Osoby objęte pomocą"]["Achieved (sum of accepted reports)"] == "26"
    groups = _table(response, "people-groups-caption")
    assert groups["Children"]["People"] == "15"
    assert groups["Families"]["People"] == ""  # 3 families: fewer than 5, not shown to the public
    for hidden in ("Seniors", "Refugees", "People experiencing violence", "Szkic B", "1,000", "Stowarzyszenie A",
                   "Schronisko B", "Opis."):
        assert hidden not in shown, hidden
    assert "people-ages" not in shown.html  # ages and sex stay with the department
    assert 'href="/who-received-what"' in shown.html and 'href="/results/city"' in shown.html


def test_the_public_page_in_polish_and_ukrainian_and_its_downloads(browser, scene):
    polish = browser(lang="pl").get("/results")
    assert polish.status_code == 200 and page(polish).lang == "pl"
    assert page(polish).h1 == "Rezultaty programów miasta"
    assert "Wartości docelowe i osiągnięte rezultaty" in page(polish)
    ukrainian = browser(lang="uk").get("/results")
    assert ukrainian.status_code == 200 and page(ukrainian).lang == "uk"
    assert page(ukrainian).h1 == "Результати міських програм"
    csv_response = browser().get(f"/results?year={YEAR}&table=money&format=csv")
    assert csv_response.status_code == 200 and "Program Wspierania Rodziny" in csv_response.get_data(as_text=True)
    workbook = load_workbook(io.BytesIO(browser().get(f"/results?year={YEAR}&format=xlsx").data))
    assert len(workbook.sheetnames) == 4


@pytest.mark.parametrize("query", ["?year=abc", "?year=1900", "?programme=999999", "?programme=abc&year=",
                                   "?format=xlsx&table=../../etc"])
def test_the_public_page_takes_junk_filters_calmly(browser, scene, query):
    response = browser().get(f"/results{query}")
    if "table=" in query:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert "Total" in _table(response, "money-caption")


def test_the_public_page_links_from_the_public_pages(browser):
    assert 'href="/results"' in browser().get("/").get_data(as_text=True)


def test_the_public_page_shows_a_report_the_moment_it_is_accepted(app, browser, make, scene):
    """The kept parts hang on the reports' data version: accepting a report shows its figures at once."""
    app.config["FRAGMENT_CACHE"] = True
    try:
        from app import fragment_cache

        fragment_cache.clear()
        before = _table(browser().get("/results"), "targets-caption")["Osoby objęte pomocą"]
        assert before["Achieved (sum of accepted reports)"] == "26"
        with app.app_context(), system_scope("tests"):
            from app.models.reports import Report, ReportFigure, ReportStatus

            report = db.session.execute(db.select(Report).where(Report.agreement_id == scene.b1,
                                                                Report.status == ReportStatus.SUBMITTED)).scalar_one()
            report.status = ReportStatus.ACCEPTED
            for figure in db.session.execute(db.select(ReportFigure).where(ReportFigure.report_id == report.id)
                                             ).scalars():
                figure.accepted = True
            db.session.commit()
        after = _table(browser().get("/results"), "targets-caption")["Osoby objęte pomocą"]
        assert after["Achieved (sum of accepted reports)"] == "51"
    finally:
        app.config["FRAGMENT_CACHE"] = False
        fragment_cache.clear()


# -- statements --------------------------------------------------------------------------------------------------

def _agreements_with_reports(make, city, programme: int, line: int, count: int) -> None:
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    for n in range(count):
        organisation = city.org_a if n % 2 else city.org_b
        agreement = make.agreement(organisation, programme, line, "1000.00", kind="grant", year=YEAR,
                                   starts_on=start, ends_on=end, title=f"Umowa {n}")
        [target] = make.targets_of(agreement)
        make.report(make.report_due(agreement, due_on=TODAY - timedelta(days=30)), results={target: "3"},
                    figures=[("people", "total", 3), ("group", "children", 3)])
        make.tranche(agreement, "500.00", state="paid", due_on=date(YEAR, 3, 1))


def _statements(app, client, path: str) -> tuple[int, str]:
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args, **_kwargs):
        seen.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)


def test_statements_per_page_do_not_grow_with_the_number_of_agreements(app, browser, make, city):
    programme = make.programme(city.department, "Program", first_year=YEAR, last_year=YEAR)
    line = make.budget_line(city.department, programme, "900000.00", year=YEAR)
    client = browser(city.dept_analyst)
    pages = ("/console/dashboard", f"/console/dashboard/organisations/{city.org_a.id}", "/results")
    _agreements_with_reports(make, city, programme, line, 3)
    few = {path: _statements(app, client if path != "/results" else browser(), path) for path in pages}
    _agreements_with_reports(make, city, programme, line, 27)
    many = {path: _statements(app, client if path != "/results" else browser(), path) for path in pages}
    for path in pages:
        assert few[path][0] == many[path][0], (path, few[path][0], many[path][0])
    assert "Umowa" not in many["/results"][1]
    assert "90 people reached, in 30 agreements" in many["/results"][1]
