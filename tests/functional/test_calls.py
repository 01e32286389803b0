"""Calls for offers: the department drafts, publishes (21 days at least), changes with a reason as a new
version, annuls or copies a call; anyone reads published calls, their history and deadlines."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.extensions import db
from app.localtime import WARSAW
from app.models import BudgetLine, Call, CallCriterion, CallStatus, CallVersion, FundingSource, Organisation
from app.services import ServiceError
from app.services.funding import calls
from app.tenancy import system_scope
from tests.functional.support import location, page


@pytest.fixture
def money(make, city):
    """A programme with a 2027 city-budget line of 500 000 zł, and an EU line."""
    programme = make.programme(city.department, "Program profilaktyki", first_year=2026, last_year=2027)
    line = make.budget_line(city.department, programme, "500000.00", year=2027, task_pl="Świetlice")
    eu = make.budget_line(city.department, programme, "80000.00", year=2027, source=FundingSource.EU_FUNDS,
                          task_pl="Projekt unijny")
    return {"programme": programme, "line": line, "eu": eu}


def _local(days: int, clock: str = "15:00") -> str:
    return (datetime.now(WARSAW) + timedelta(days=days)).strftime(f"%Y-%m-%dT{clock}")


def _form(money, **fields) -> dict:
    data = {"title_pl": "Świetlice dla dzieci 2027", "title_uk": "", "title_en": "Day clubs for children 2027",
            "task_pl": "Zajęcia opiekuńcze i posiłek dla dzieci.", "task_uk": "", "task_en": "",
            "sphere": "addictions", "budget_line_id": str(money["line"]), "grant_mode": "support",
            "pool": "300 000,00", "minimum_grant": "10 000", "maximum_grant": "100 000", "own_share_percent": "10",
            "in_kind_counts": "y", "task_starts_on": "2027-01-15", "task_ends_on": "2027-12-31",
            "eligible_kinds": ["association", "foundation"], "attachments_pl": "Odpis z KRS\nStatut",
            "attachments_uk": "", "attachments_en": "", "spent_this_year": "250 000", "spent_last_year": "",
            "opens_at": _local(1, "08:00"), "closes_at": _local(23), "decision_by": "", "reason": ""}
    criteria = [("Wykonalność", 40), ("Koszty", 30), ("Jakość", 30)]
    for index, (name, points) in enumerate(criteria):
        data[f"criteria-{index}-name_pl"] = name
        data[f"criteria-{index}-max_points"] = str(points)
    data.update(fields)
    return data


def test_an_officer_drafts_and_publishes_a_call_which_anyone_then_reads(browser, city, money, rows):
    officer = browser(city.dept_officer)
    new = page(officer.get(f"/console/programmes/{money['programme']}/calls/new"))
    assert new.status == 200 and "Feasibility of the task by the organisation" in new.html  # statutory criteria
    response = officer.post(f"/console/programmes/{money['programme']}/calls/new", data=_form(money))
    call = rows.one(Call)
    assert location(response) == f"/console/calls/{call.id}"
    assert call.status == CallStatus.DRAFT and call.pool == Decimal("300000.00")
    assert [c.max_points for c in sorted(rows.all(CallCriterion), key=lambda c: c.position)] == [40, 30, 30]
    assert call.kind_list == ["association", "foundation"]
    assert call.closes_at.astimezone(WARSAW).hour == 15
    assert browser().get(f"/calls/{call.id}").status_code == 404  # a draft is not public
    assert location(officer.post(f"/console/calls/{call.id}/publish")) == f"/console/calls/{call.id}"
    published = rows.one(Call)
    assert published.status == CallStatus.PUBLISHED and [v.number for v in rows.all(CallVersion)] == [1]
    shown = page(browser().get(f"/calls/{call.id}"))
    assert shown.h1 == "Day clubs for children 2027" and "Announced, not open yet" in shown
    assert "PLN 300,000.00" in shown.text.replace("\xa0", " ") and "Odpis z KRS" in shown
    assert "Association, Foundation" in shown and "Version 1" in shown
    assert "Day clubs for children 2027" in page(browser().get("/calls"))
    assert rows.actions("call.") == ["call.created", "call.published"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"closes_at": _local(15)}, "closes_at", "at least 21 days"),
    ({"pool": "600 000"}, "pool", "cannot be more than what is left on the budget line"),
    ({"own_share_percent": ""}, "own_share_percent", "Co-financing asks for an own contribution"),
    ({"maximum_grant": "400 000"}, "maximum_grant", "cannot be more than the pool"),
    ({"minimum_grant": "200 000"}, "minimum_grant", "cannot be more than the largest"),
    ({"grant_mode": "entrusting"}, "own_share_percent", "Full financing asks for no own contribution"),
    ({"own_share_percent": "150"}, "own_share_percent", "from 0 to 99 per cent"),
    ({"task_starts_on": "2026-01-01"}, "task_starts_on", "cannot start before offers close"),
    ({"task_ends_on": "2026-12-31", "task_starts_on": "2027-01-15"}, "task_ends_on", "cannot end before it starts"),
    ({"task_starts_on": "2028-01-15", "task_ends_on": "2028-12-31"}, "task_starts_on",
     "The budget line pays for 2027: the task must run in that year."),
    ({"budget_line_id": "999999"}, "budget_line_id", "Not a valid choice"),
    ({"eligible_kinds": []}, "eligible_kinds", "at least one kind of organisation"),
    ({"criteria-0-max_points": "500"}, "criteria-0-max_points", "from 1 to 100 points"),
    ({"pool": "dużo"}, "pool", "Write the amount in złoty"),
    ({"opens_at": "jutro"}, "opens_at", "Enter a date and time like"),
])
def test_bad_values_are_refused_beside_the_field_and_nothing_is_saved(browser, city, money, rows, fields, field,
                                                                     message):
    shown = page(browser(city.dept_officer).post(f"/console/programmes/{money['programme']}/calls/new",
                                                 data=_form(money, **fields)))
    assert shown.status == 400 and message in shown.field_error(field)
    assert 'value="Świetlice dla dzieci 2027"' in shown.html  # what was typed stays
    assert rows.count(Call) == 0


def test_a_published_call_changes_only_with_a_reason_as_a_new_version(browser, city, make, money, rows):
    call = make.call(city.department, money["programme"], money["line"], "Konkurs świetlic",
                     opens_in=timedelta(days=-2), open_for=timedelta(days=25))
    officer = browser(city.dept_officer)
    edit = page(officer.get(f"/console/calls/{call}/edit"))
    assert "saving makes a new version" in edit
    data = _form(money, title_pl="Konkurs świetlic", closes_at=_local(30), opens_at="")
    data["opens_at"] = rows.one(Call).opens_at.astimezone(WARSAW).strftime("%Y-%m-%dT%H:%M")
    refused = page(officer.post(f"/console/calls/{call}/edit", data=data))
    assert refused.status == 400 and "Say why the published call changes" in refused.field_error("reason")
    data["reason"] = "Wydłużamy termin na prośbę organizacji."
    assert location(officer.post(f"/console/calls/{call}/edit", data=data)) == f"/console/calls/{call}"
    versions = rows.all(CallVersion)
    assert sorted(v.number for v in versions) == [1, 2]
    history = page(browser(lang="pl").get(f"/calls/{call}"))
    assert "Wersja 2" in history and "Wydłużamy termin na prośbę organizacji." in history and "termin" in history


def test_a_call_whose_offers_closed_can_no_longer_change(app, browser, city, make, money):
    call = make.call(city.department, money["programme"], money["line"], opens_in=timedelta(days=-40),
                     open_for=timedelta(days=30))
    officer = browser(city.dept_officer)
    detail = page(officer.get(f"/console/calls/{call}"))
    assert "Closed, offers being checked" in detail and "Edit the call" not in detail
    refused = officer.post(f"/console/calls/{call}/edit", data=_form(money, reason="Zmiana."))
    assert location(refused) == f"/console/calls/{call}"
    assert "Offers have closed" in page(officer.get(f"/console/calls/{call}"))
    with app.app_context(), system_scope("tests"):  # nothing changed, and the service refuses too
        closed = db.session.get(Call, call)
        assert closed.title_pl != "Świetlice dla dzieci 2027"
        with pytest.raises(ServiceError):
            calls.update_call(closed, {}, [], actor=None, reason="x")


def test_annulling_needs_a_reason_which_is_published(browser, city, make, money, rows):
    call = make.call(city.department, money["programme"], money["line"], "Konkurs bez ofert",
                     opens_in=timedelta(days=-40), open_for=timedelta(days=30))
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/calls/{call}/annul", data={"reason": ""}))
    assert shown.status == 400 and "Give the reason for the annulment" in shown.field_error("reason")
    officer.post(f"/console/calls/{call}/annul", data={"reason": "Nie wpłynęła żadna oferta."})
    assert rows.one(Call).status == CallStatus.ANNULLED
    public = page(browser().get(f"/calls/{call}"))
    assert "Annulled" in public and "Nie wpłynęła żadna oferta." in public


def test_a_draft_may_be_deleted_and_a_call_copied(browser, city, make, money, rows):
    draft = make.call(city.department, money["programme"], money["line"], "Szkic", status="draft")
    earlier = make.call(city.department, money["programme"], money["line"], "Konkurs 2026")
    officer = browser(city.dept_officer)
    assert location(officer.post(f"/console/calls/{draft}/delete")) == "/console/calls/"
    assert officer.post(f"/console/calls/{earlier}/delete").status_code == 303
    assert rows.count(Call) == 1  # the published one stays: it is annulled, never deleted
    copy = page(officer.get(f"/console/calls/{earlier}/copy"))
    assert 'value="Opis zadania publicznego."' in copy.html or "Opis zadania publicznego." in copy
    officer.post(f"/console/calls/{earlier}/copy", data=_form(money, title_pl="Konkurs 2027"))
    new = rows.one(Call, title_pl="Konkurs 2027")
    assert new.copied_from_id == earlier and new.status == CallStatus.DRAFT


def test_the_public_list_filters_and_the_deadlines_feed(browser, city, make, money):
    open_call = make.call(city.department, money["programme"], money["line"], "Konkurs otwarty", sphere="addictions")
    make.call(city.department, money["programme"], money["line"], "Konkurs zamknięty",
              opens_in=timedelta(days=-40), open_for=timedelta(days=30))
    make.call(city.department, money["programme"], money["line"], "Konkurs w szkicu", status="draft")
    everything = page(browser().get("/calls"))
    assert "Konkurs otwarty" in everything and "Konkurs zamknięty" in everything
    assert "Konkurs w szkicu" not in everything
    assert everything.text.index("Konkurs otwarty") < everything.text.index("Konkurs zamknięty")  # open first
    only_open = page(browser().get("/calls?stage=open"))
    assert "Konkurs otwarty" in only_open and "Konkurs zamknięty" not in only_open
    junk = page(browser().get("/calls?stage=zzz&programme=abc&sphere=%00"))
    assert junk.status == 200 and "Konkurs otwarty" in junk
    feed = browser().get("/calls.ics")
    body = feed.get_data(as_text=True)
    assert feed.status_code == 200 and feed.content_type.startswith("text/calendar")
    assert f"UID:call-{open_call}-deadline@" in body and "Konkurs w szkicu" not in body


def test_organisations_see_calls_publicly_but_not_the_console(browser, city, make, money):
    call = make.call(city.department, money["programme"], money["line"], "Konkurs dla NGO")
    assert page(browser(city.a_admin).get(f"/calls/{call}")).status == 200
    assert browser(city.a_admin).get(f"/console/calls/{call}").status_code == 403
    assert browser(city.dept_analyst).get(f"/console/calls/{call}").status_code == 200
    assert browser(city.dept_analyst).post(f"/console/calls/{call}/annul", data={"reason": "x"}).status_code == 403


def test_a_budget_line_a_call_is_paid_from_stays_and_plans_at_least_the_pools(browser, city, make, money, rows):
    make.call(city.department, money["programme"], money["line"], "Konkurs świetlic", pool="300000.00")
    officer = browser(city.dept_officer)
    officer.post(f"/console/programmes/{money['programme']}/lines/{money['line']}/remove")
    assert rows.count(BudgetLine, id=money["line"]) == 1
    assert "cannot be removed" in page(officer.get(f"/console/programmes/{money['programme']}"))
    shown = page(officer.post(f"/console/programmes/{money['programme']}/lines/{money['line']}/edit",
                              data={"year": "2027", "source": "city_budget", "task_pl": "Świetlice",
                                    "amount": "200 000", "note": ""}))
    assert shown.status == 400 and "set aside PLN 300,000.00" in shown.field_error("amount")
    programme = page(officer.get(f"/console/programmes/{money['programme']}"))
    assert "Konkurs świetlic" in programme and "New call for offers" in programme


def test_an_organisation_sees_the_open_calls_it_may_apply_in(browser, city, make, money):
    make.call(city.department, money["programme"], money["line"], "Konkurs dla stowarzyszeń",
              eligible_kinds=" association ")
    make.call(city.department, money["programme"], money["line"], "Konkurs dla schronisk", eligible_kinds=" shelter ")
    make.call(city.department, money["programme"], money["line"], "Konkurs zakończony", eligible_kinds=" association ",
              opens_in=timedelta(days=-40), open_for=timedelta(days=30))
    overview = page(browser(city.a_admin).get("/workspace/"))  # A is an association
    assert "Konkurs dla stowarzyszeń" in overview
    assert "Konkurs dla schronisk" not in overview and "Konkurs zakończony" not in overview
    shelter = page(browser(city.b_admin).get("/workspace/"))  # B is a shelter
    assert "Konkurs dla schronisk" in shelter and "Konkurs dla stowarzyszeń" not in shelter


@pytest.mark.parametrize("fields", [
    {"criteria-2-name_pl": ""},  # the name cleared, the points left
    {"criteria-2-max_points": ""},  # a name without points
])
def test_a_half_cleared_criterion_is_explained_above_the_criteria(browser, city, money, rows, fields):
    shown = page(browser(city.dept_officer, lang="pl").post(
        f"/console/programmes/{money['programme']}/calls/new", data=_form(money, **fields)))
    assert shown.status == 400 and rows.count(Call) == 0
    summary = shown.html.split('class="error-summary"')[1].split("</div>")[0]
    assert "kryterium" in summary.lower()  # the summary says what is wrong, in Polish


def test_calls_cannot_together_set_aside_more_than_their_budget_line(browser, city, make, money, rows):
    make.call(city.department, money["programme"], money["line"], "Konkurs pierwszy", pool="350000.00")
    annulled = make.call(city.department, money["programme"], money["line"], "Konkurs unieważniony",
                         pool="100000.00", status="annulled")
    officer = browser(city.dept_officer)
    shown = page(officer.post(f"/console/programmes/{money['programme']}/calls/new",
                              data=_form(money, pool="200 000")))
    assert shown.status == 400 and "what is left on the budget line: PLN 150,000.00" in shown.field_error("pool")
    assert officer.post(f"/console/programmes/{money['programme']}/calls/new",
                        data=_form(money, pool="150 000")).status_code == 303  # the annulled one sets nothing aside
    programme = page(officer.get(f"/console/programmes/{money['programme']}")).text.replace("\xa0", " ")
    assert "PLN 500,000.00 PLN 500,000.00 PLN 0.00" in programme  # planned, set aside, left
    assert annulled


def test_the_21_days_are_calendar_days_in_warsaw_even_across_a_change_of_clock(browser, city, money, rows):
    """From 20 March 08:00 to 10 April 08:00 is 21 days in Warsaw, though an hour shorter (summer time)."""
    year = datetime.now(WARSAW).year + 1
    fields = {"opens_at": f"{year}-03-20T08:00", "closes_at": f"{year}-04-10T08:00",
              "task_starts_on": f"{year}-05-01", "task_ends_on": f"{year}-12-31"}
    response = browser(city.dept_officer).post(f"/console/programmes/{money['programme']}/calls/new",
                                               data=_form(money, **fields))
    assert response.status_code == 303 and rows.count(Call) == 1


def test_an_annulment_is_dated_in_the_history(browser, city, make, money):
    call = make.call(city.department, money["programme"], money["line"], "Konkurs do unieważnienia",
                     opens_in=timedelta(days=-40), open_for=timedelta(days=30))
    browser(city.dept_officer).post(f"/console/calls/{call}/annul", data={"reason": "Brak ofert."})
    public = page(browser().get(f"/calls/{call}"))
    assert "Version 2" in public and "annulled" in public and "Brak ofert." in public


def test_a_programme_without_a_budget_sends_the_officer_to_plan_it_first(browser, city, make):
    empty = make.programme(city.department, "Program bez budżetu")
    officer = browser(city.dept_officer)
    response = officer.get(f"/console/programmes/{empty}/calls/new")
    assert location(response) == f"/console/programmes/{empty}"
    assert "plan a programme's budget first" in page(officer.get(location(response)))


def test_publishing_and_deleting_a_draft_ask_first(browser, city, make, money, rows):
    draft = make.call(city.department, money["programme"], money["line"], "Szkic do ogłoszenia", status="draft")
    officer = browser(city.dept_officer)
    detail = page(officer.get(f"/console/calls/{draft}"))
    assert f'href="/console/calls/{draft}/publish"' in detail.html  # a link to a page that asks, not a button
    asked = page(officer.get(f"/console/calls/{draft}/publish"))
    assert asked.h1 == "Publish the call?" and "cannot go back to a draft" in asked
    assert rows.one(Call).status == CallStatus.DRAFT  # asking changed nothing
    assert page(officer.get(f"/console/calls/{draft}/delete")).h1 == "Delete the draft?"
    assert rows.count(Call) == 1
    assert browser(city.dept_analyst).get(f"/console/calls/{draft}/publish").status_code == 403


def test_every_page_links_to_the_calls_in_its_menu_and_footer(browser):
    home = page(browser().get("/accessibility"))
    menu, footer = home.html.split('class="site-footer"')
    assert 'href="/calls"' in footer
    assert 'href="/calls"' in menu.split('aria-label="Main menu"')[1]


def test_organisations_following_the_sphere_hear_of_a_published_call(app, browser, city, make, money, outbox,
                                                                     rows):
    a_admin = browser(city.a_admin, lang="pl")
    page(a_admin.get("/workspace/call-alerts"))
    assert location(a_admin.post("/workspace/call-alerts", data={"spheres": ["addictions", "health"]})) \
        == "/workspace/"
    browser(city.b_admin).post("/workspace/call-alerts", data={"spheres": ["health"]})  # B: another sphere
    draft = make.call(city.department, money["programme"], money["line"], "Konkurs profilaktyki",
                      status="draft", sphere="addictions", eligible_kinds=" association shelter ",
                      opens_in=timedelta(days=1))
    browser(city.dept_officer).post(f"/console/calls/{draft}/publish")
    mailed = {m["to"]: m for m in outbox()}
    assert set(mailed) == {"a.admin@example.org", "a.coordinator@example.org"}  # not staff, not B
    assert "Konkurs profilaktyki" in mailed["a.admin@example.org"]["subject"]
    assert f"/calls/{draft}" in mailed["a.admin@example.org"]["body"]
    assert rows.audit("call.published")[0].details["organisations_told"] == 1


def test_following_spheres_refuses_junk_and_keeps_the_choice(browser, city, rows):
    admin = browser(city.a_admin)
    shown = page(admin.post("/workspace/call-alerts", data={"spheres": ["health", "nonsense"]}))
    assert shown.status == 400 and shown.field_error("spheres") == "Choose from the list."
    assert "nonsense" not in shown.text and rows.one(Organisation, id=city.org_a.id).followed_spheres == " "
    admin.post("/workspace/call-alerts", data={"spheres": ["health"]})
    assert '<input checked id="spheres-2" name="spheres" type="checkbox" value="health">' in page(
        admin.get("/workspace/call-alerts")).html
    assert browser(city.a_staff).get("/workspace/call-alerts").status_code == 403


def test_every_problem_of_the_call_form_is_shown_at_once(browser, city, money, rows):
    """Five rules broken together: five messages, each beside its field, in one answer."""
    shown = page(browser(city.dept_officer).post(
        f"/console/programmes/{money['programme']}/calls/new",
        data=_form(money, pool="600 000", maximum_grant="700 000", grant_mode="entrusting",
                   closes_at=_local(10), task_starts_on=_local(5)[:10])))
    assert shown.status == 400 and rows.count(Call) == 0
    errors = shown.field_errors()
    assert set(errors) >= {"pool", "own_share_percent", "closes_at", "task_starts_on"}, errors
    assert "what is left on the budget line" in errors["pool"]
    assert "Full financing asks for no own contribution" in errors["own_share_percent"]
