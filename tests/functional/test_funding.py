"""Programmes and budgets: the department records programmes and plans their money per year, source and
task; every total is added up from the lines; analysts read; organisations never see them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.models import BudgetLine, FundingSource, Programme
from tests.functional.support import location, page

PROGRAMME = {"name_pl": "Program wspierania rodziny", "name_uk": "", "name_en": "Family support programme",
             "description_pl": "Wsparcie rodzin w kryzysie.", "description_uk": "", "description_en": "",
             "resolution": "Uchwała nr XII/145/2025", "first_year": "2026", "last_year": "2027"}


def _line(**fields) -> dict:
    return {"year": "2026", "source": "city_budget", "task_pl": "Dyżury psychologa", "task_uk": "", "task_en": "",
            "amount": "64 500,00", "note": "", **fields}


@pytest.fixture
def family(make, city):
    """The family-support programme with the seed's 2026 figures: 64 500 city, 87 000 EU, 4 000 state."""
    programme = make.programme(city.department, "Program wspierania rodziny", name_en="Family support programme")
    make.budget_line(city.department, programme, "64500.00", task_pl="Psycholog i asystent rodziny")
    make.budget_line(city.department, programme, "87000.00", source=FundingSource.EU_FUNDS, task_pl="Dajemy szansę")
    make.budget_line(city.department, programme, "4000.00", source=FundingSource.STATE_BUDGET, task_pl="Dajemy szansę")
    make.budget_line(city.department, programme, "70000.00", year=2027, task_pl="Psycholog i asystent rodziny")
    return programme


def test_an_officer_records_a_programme_and_plans_its_budget(browser, city, rows):
    officer = browser(city.dept_officer)
    response = officer.post("/console/programmes/new", data=PROGRAMME)
    programme = rows.one(Programme)
    assert location(response) == f"/console/programmes/{programme.id}"
    assert programme.organisation_id == city.department.id and programme.name_uk is None
    for line in (_line(), _line(amount="87000.5", source="eu_funds", task_pl="Dajemy szansę"),
                 _line(amount="4,000.00 zł", source="state_budget", task_pl="Dajemy szansę")):
        assert officer.post(f"/console/programmes/{programme.id}/lines/new", data=line).status_code == 303
    assert sorted(line.amount for line in rows.all(BudgetLine)) == [Decimal("4000.00"), Decimal("64500.00"),
                                                                    Decimal("87000.50")]
    shown = page(officer.get(f"/console/programmes/{programme.id}"))
    assert shown.h1 == "Family support programme"
    assert "City budget" in shown and "EU funds" in shown and "State budget" in shown
    assert "PLN 155,500.50" in shown.text.replace("\xa0", " ")  # the total, added up from the lines
    assert rows.actions("programme.") == ["programme.created"]
    assert rows.actions("budget_line.") == ["budget_line.added"] * 3


def test_totals_are_added_up_per_year_source_and_programme_in_each_language(browser, city, family, make):
    make.budget_line(city.department, make.programme(city.department, "Program ochrony zdrowia psychicznego"),
                     "150000.00", task_pl="Poradnictwo")
    officer = browser(city.dept_officer, lang="pl")
    detail = page(officer.get(f"/console/programmes/{family}"))
    text = detail.text.replace("\xa0", " ").replace("\u202f", " ")
    assert "155 500,00 zł" in text  # 2026: 64 500 + 87 000 + 4 000
    assert "134 500,00 zł" in text  # city budget: 64 500 + 70 000
    assert "225 500,00 zł" in text  # everything planned
    listing = page(officer.get("/console/programmes/?year=2026")).text.replace("\xa0", " ").replace("\u202f", " ")
    assert "305 500,00 zł" in listing  # the city's 2026: 155 500 + 150 000
    ukrainian = page(browser(city.dept_analyst, lang="uk").get(f"/console/programmes/{family}"))
    assert "Міський бюджет" in ukrainian and "Кошти ЄС" in ukrainian


def test_an_analyst_reads_but_changes_nothing(browser, city, family):
    analyst = browser(city.dept_analyst)
    shown = page(analyst.get(f"/console/programmes/{family}"))
    assert shown.status == 200 and "Add a budget line" not in shown and "Edit the programme" not in shown
    assert analyst.get("/console/programmes/new").status_code == 403
    assert analyst.post(f"/console/programmes/{family}/lines/new", data=_line()).status_code == 403


def test_organisations_never_see_the_departments_budgets(browser, city, family):
    for person in (city.a_admin, city.b_admin):
        assert browser(person).get(f"/console/programmes/{family}").status_code == 403
        assert browser(person).get("/console/programmes/").status_code == 403


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Give the amount planned."),
    ("-500", "Give an amount without a minus sign."),
    ("12.345", "Write the amount in złoty, such as 64 500,00."),
    ("dużo", "Write the amount in złoty, such as 64 500,00."),
    ("1e9", "Write the amount in złoty, such as 64 500,00."),
    ("9999999999999", "This amount is too large."),
    ("0", "Give an amount greater than zero, such as 64 500,00."),
])
def test_a_bad_amount_is_refused_beside_the_field_and_kept_as_typed(browser, city, family, rows, typed, message):
    before = rows.count(BudgetLine)
    shown = page(browser(city.dept_officer).post(f"/console/programmes/{family}/lines/new",
                                                 data=_line(amount=typed, task_pl="Nowe zadanie")))
    assert shown.status == 400 and shown.field_error("amount") == message
    assert f'value="{typed}"' in shown.html and 'value="Nowe zadanie"' in shown.html
    assert rows.count(BudgetLine) == before


def test_one_line_per_task_year_and_source(browser, city, family, rows):
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/programmes/{family}/lines/new",
                              data=_line(task_pl="Psycholog i asystent rodziny")))
    assert shown.status == 400 and "already has a line for this year and source" in shown.field_error("task_pl")
    assert page(officer.post(f"/console/programmes/{family}/lines/new",
                             data=_line(year="2031"))).field_error("year") == "Not a valid choice."
    assert rows.count(BudgetLine) == 4


def test_a_line_is_reached_only_through_its_programme(browser, city, family, make, rows):
    other = make.programme(city.department, "Inny program")
    line = rows.one(BudgetLine, year=2027).id
    officer = browser(city.dept_officer)
    assert officer.get(f"/console/programmes/{other}/lines/{line}/edit").status_code == 404
    assert officer.post(f"/console/programmes/{other}/lines/{line}/remove").status_code == 404
    assert officer.post(f"/console/programmes/{family}/lines/{line}/edit",
                        data=_line(year="2027", amount="75 000")).status_code == 303
    assert rows.one(BudgetLine, id=line).amount == Decimal("75000.00")
    assert rows.audit("budget_line.updated")[0].details["amount_before"] == "70000.00"


def test_years_cannot_leave_lines_behind_and_a_programme_with_a_budget_stays(browser, city, family, rows):
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/programmes/{family}/edit", data={**PROGRAMME, "first_year": "2027"}))
    assert shown.status == 400 and "lines for 2026" in shown.field_error("first_year")
    shown = page(officer.post(f"/console/programmes/{family}/edit", data={**PROGRAMME, "last_year": "2025"}))
    assert shown.field_error("last_year") == "The last year cannot come before the first."
    officer.post(f"/console/programmes/{family}/delete")
    assert rows.count(Programme, id=family) == 1
    assert "remove them first" in page(officer.get(f"/console/programmes/{family}"))


def test_a_programme_without_a_budget_may_be_removed(browser, city, make, rows):
    empty = make.programme(city.department, "Program na próbę")
    officer = browser(city.dept_officer)
    assert location(officer.post(f"/console/programmes/{empty}/delete")) == "/console/programmes/"
    assert rows.count(Programme, id=empty) == 0 and rows.actions("programme.") == ["programme.deleted"]


def test_the_audit_log_names_programmes_and_lines_in_words(browser, city, family):
    officer = browser(city.dept_admin)
    officer.post(f"/console/programmes/{family}/edit", data={**PROGRAMME, "resolution": "Uchwała nr 1"})
    log = page(officer.get("/console/audit"))
    assert "Programme changed" in log and "Family support programme" in log
