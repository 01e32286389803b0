"""The department's agreements in the console: the register with its filters and totals, a service contract made in
two steps (every problem beside its field, nothing half saved), a grant agreement prepared from an award (once), a
draft edited and sent (refused until a grant's tranches add up), the signing recorded with its scan (a bad file
changes nothing), an agreement terminated; an analyst reads it all and changes nothing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.localtime import local_today
from app.models import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementStatus,
    AwardState,
    CallStatus,
    ReportDue,
    utcnow,
)
from tests.factories.funding import MINIMAL_PDF
from tests.functional.support import location, page

YEAR = local_today().year


def _text(shown) -> str:
    return shown.text.replace("\xa0", " ")


@pytest.fixture(autouse=True)
def _scans_in_a_temporary_folder(app, tmp_path, monkeypatch):
    """Signed scans go to a folder of this test, not to the instance folder."""
    monkeypatch.setitem(app.config, "AGREEMENT_DOCUMENT_FOLDER", str(tmp_path / "agreements"))


@pytest.fixture
def budget(make, city):
    """Two programmes: homelessness (a 500 000 zł line this year, a 100 000 zł line next year) and mental health
    (a 100 000 zł line this year)."""
    shelters = make.programme(city.department, "Program przeciwdziałania bezdomności", first_year=YEAR,
                              last_year=YEAR + 1)
    health = make.programme(city.department, "Program zdrowia psychicznego", first_year=YEAR, last_year=YEAR)
    return SimpleNamespace(
        shelters=shelters, health=health,
        line=make.budget_line(city.department, shelters, "500000.00", year=YEAR, task_pl="Noclegownie"),
        next_line=make.budget_line(city.department, shelters, "100000.00", year=YEAR + 1, task_pl="Noclegownie"),
        health_line=make.budget_line(city.department, health, "100000.00", year=YEAR, task_pl="Poradnictwo"))


def _agreement(make, organisation, programme, line, amount, title, **fields) -> int:
    fields.setdefault("starts_on", date(YEAR, 1, 1))
    fields.setdefault("ends_on", date(YEAR, 12, 31))
    return make.agreement(organisation, programme, line, amount, title=title, year=YEAR, **fields)


def _contract_form(budget, **changes) -> dict:
    """A service contract as an officer types it: 12 beds at 38,50 zł a place-day this year, 168 630 zł."""
    data = {"title": "Noclegownia dla mężczyzn — 12 miejsc", "subject": "Schronienie w noclegowni.",
            "starts_on": f"{YEAR}-01-01", "ends_on": f"{YEAR}-12-31", "district_id": "", "return_days": "15",
            "procurement_reference": f"ZP.271.3.{YEAR}", "unit": "place_day", "unit_price": "38,50",
            "units_planned": "4380", "places": "12",
            "funding-0-budget_line_id": "", "funding-0-amount": "",
            "funding-1-budget_line_id": str(budget.line), "funding-1-amount": "168 630,00",
            "targets-0-name": "Osobodni schronienia", "targets-0-target_value": "4380", "targets-0-unit": "osobodni",
            "targets-0-monitoring": "Ewidencja noclegów", "partial_reports-0-due_on": f"{YEAR}-07-15"}
    data.update(changes)
    return data


# -- the register ------------------------------------------------------------------------------------------------

def test_the_register_filters_and_totals_every_agreement_of_the_filtered_set(browser, city, make, budget):
    in_force = _agreement(make, city.org_a, budget.shelters, budget.line, "24000.00", "Noclegownia A")
    make.tranche(in_force, "2000.00", state="paid")
    make.tranche(in_force, "1000.00", state="approved")
    _agreement(make, city.org_b, budget.shelters, budget.line, "10000.00", "Schronisko B", status="draft")
    _agreement(make, city.org_b, budget.health, budget.health_line, "5000.00", "Poradnia B", kind="grant",
               status="sent", starts_on=date(YEAR - 1, 3, 1), ends_on=date(YEAR - 1, 11, 30))
    analyst = browser(city.dept_analyst)

    shown = page(analyst.get("/console/agreements/"))
    assert shown.status == 200 and shown.h1 == "Agreements"
    assert '<a href="/console/agreements/" aria-current="page">Agreements</a>' in shown.html  # the console's menu
    assert [row["Title"] for row in shown.tables()[0].records()] == ["Poradnia B", "Schronisko B", "Noclegownia A"]
    assert "3 agreements" in shown
    totals = _text(shown)
    assert "Contracted PLN 39,000.00" in totals and "Paid PLN 2,000.00" in totals
    assert "Due (approved, not paid yet) PLN 1,000.00" in totals and "Remaining PLN 36,000.00" in totals
    row = shown.tables()[0].records()[2]
    assert (row["Paid"], row["To be paid"], row["Remaining"]) == ("PLN 2,000.00", "PLN 1,000.00", "PLN 21,000.00")
    assert "New service contract" not in shown  # an analyst reads

    of_b = page(analyst.get(f"/console/agreements/?organisation={city.org_b.id}"))
    assert [row["Organisation"] for row in of_b.tables()[0].records()] == ["Schronisko B"] * 2
    assert "Contracted PLN 15,000.00" in _text(of_b)
    assert "Noclegownia A" not in of_b
    health = page(analyst.get(f"/console/agreements/?programme={budget.health}"))
    assert [row["Title"] for row in health.tables()[0].records()] == ["Poradnia B"]
    last_year = page(analyst.get(f"/console/agreements/?year={YEAR - 1}&kind=grant&status=sent"))
    assert [row["Title"] for row in last_year.tables()[0].records()] == ["Poradnia B"]
    assert "1 agreement (filtered)" in last_year
    drafts = page(analyst.get("/console/agreements/?status=draft"))
    assert [row["Title"] for row in drafts.tables()[0].records()] == ["Schronisko B"]
    none = page(analyst.get(f"/console/agreements/?status=completed&organisation={city.org_a.id}"))
    assert "No agreement matches these filters." in none and "Contracted PLN 0.00" in _text(none)

    junk = page(analyst.get("/console/agreements/?status=bogus&year=abc&programme=999999&kind=&page=x"))
    assert junk.status == 200 and "3 agreements" in junk  # the bad filters are ignored, with a message
    assert junk.field_error("status") == "Choose from the list." and junk.field_error("year")
    assert junk.field_error("programme") and not junk.field_error("kind")


def test_what_waits_and_who_is_sent_where(browser, city, make, budget):
    accepted = _agreement(make, city.org_a, budget.shelters, budget.line, "24000.00", "Przyjęta A",
                          status="accepted")
    officer = browser(city.dept_officer)
    shown = page(officer.get("/console/agreements/"))
    assert "1 agreement accepted by its organisation waits for the signing to be recorded." in shown
    assert "/console/agreements/?status=accepted" in shown.html and "New service contract" in shown
    overview = page(officer.get("/console/"))  # the console's overview says what waits, too
    assert "1 agreement accepted by its organisation waits for the signing to be recorded." in overview
    member = browser(city.a_staff)  # organisation members read their agreements in the workspace
    assert location(member.get("/console/agreements/")).startswith("/workspace/")
    assert location(member.get(f"/console/agreements/{accepted}")).startswith("/workspace/")
    assert browser(city.b_staff).get(f"/console/agreements/{accepted}").status_code == 404


# -- a new service contract --------------------------------------------------------------------------------------

def test_a_contract_is_refused_beside_each_field_then_made(browser, city, make, rows, budget, outbox):
    make.service(city.org_a, "Noclegownia A")
    officer = browser(city.dept_officer)
    first = page(officer.get("/console/agreements/new"))
    assert first.status == 200 and "Step 1 of 2" in first
    assert "Stowarzyszenie A" in first and "Schronisko B" in first and "Program zdrowia psychicznego" in first
    wrong = page(officer.get(f"/console/agreements/new?organisation={city.department.id}&programme=x"))
    assert "Step 1 of 2" in wrong and wrong.field_error("organisation") and wrong.field_error("programme")

    url = f"/console/agreements/new?organisation={city.org_a.id}&programme={budget.shelters}"
    second = page(officer.get(url))
    assert second.status == 200 and "Step 2 of 2" in second
    assert f"{YEAR} · City budget · Noclegownie (left: PLN 500,000.00)" in _text(second)
    assert "Noclegownia A" in second  # the organisation's services to tick
    assert second.values(url)["return_days"] == "15"

    bad = _contract_form(budget, title="", ends_on=f"{YEAR - 1}-12-31", unit="bed", places="dużo",
                         **{"funding-1-amount": "600 000,00", "targets-0-target_value": "sporo"})
    refused = page(officer.post(url, data=bad))
    assert refused.status == 400
    assert refused.field_error("title") == "Give the agreement a title."
    assert refused.field_error("ends_on") == "The agreement cannot end before it starts."
    assert refused.field_error("unit") == "Choose from the list."
    assert refused.field_error("places") == "Give a whole number, e.g. 12."
    assert refused.field_error("targets-0-target_value") == "Give a number such as 341 or 12,5."
    assert "PLN 500,000.00 left" in refused.field_error("funding-1-amount").replace("\xa0", " ")  # its own row
    assert refused.field_error("funding-0-amount") == ""
    kept = refused.values(url)
    assert kept["subject"] == "Schronienie w noclegowni." and kept["places"] == "dużo"
    assert kept["funding-1-amount"] == "600 000,00" and kept["targets-0-target_value"] == "sporo"
    assert "Please correct the marked fields" in refused
    assert rows.count(Agreement) == 0 and rows.actions("agreement.") == []

    response = officer.post(url, data=_contract_form(budget))
    agreement = rows.one(Agreement)
    assert location(response) == f"/console/agreements/{agreement.id}"
    assert agreement.number == f"WZ.526.1.{agreement.year}" and agreement.status == AgreementStatus.DRAFT
    assert (agreement.organisation_id, agreement.unit_price, agreement.places) == (city.org_a.id, Decimal("38.50"),
                                                                                    12)
    assert agreement.return_days == 15
    assert rows.actions("agreement.") == ["agreement.created"]
    shown = page(officer.get(location(response)))
    assert shown.h1 == f"{agreement.number}: Noclegownia dla mężczyzn — 12 miejsc"
    assert "has been saved as a draft" in " ".join(shown.flashes("success"))
    assert "Contracted PLN 168,630.00" in _text(shown)
    assert "Osobodni schronienia" in shown and "Send to the organisation" in shown
    assert "Unused money returned within 15 days of the end" in shown
    assert outbox() == []  # a draft tells nobody
    twice = officer.post(url, data=_contract_form(budget), follow_redirects=True)  # the form sent twice
    assert f"This contract has been saved already as {agreement.number}." in page(twice).flashes("info")
    assert rows.count(Agreement) == 1
    third = _contract_form(budget, title="Trzecia", **{"funding-1-amount": "331 370,01"})
    assert officer.post(url, data=_contract_form(budget, title="Druga")).status_code == 303
    left = page(officer.post(url, data=third))  # 500 000 less two contracts of 168 630
    assert "PLN 162,740.00 left" in left.field_error("funding-1-amount").replace("\xa0", " ")
    assert rows.count(Agreement) == 2


def test_add_a_row_keeps_what_was_typed(browser, city, budget):
    officer = browser(city.dept_officer)
    url = f"/console/agreements/new?organisation={city.org_a.id}&programme={budget.shelters}"
    shown = page(officer.post(url, data={**_contract_form(budget), "add": "targets"}))
    assert shown.status == 200 and shown.values(url)["title"] == "Noclegownia dla mężczyzn — 12 miejsc"
    assert "targets-1-name" in shown.values(url) and "Please correct" not in shown


# -- a grant agreement from an award -----------------------------------------------------------------------------

@pytest.fixture
def decided(make, city, budget):
    """A decided call with its results published: A's offer awarded 9 000 zł."""
    call = make.call(city.department, budget.shelters, budget.line, "Konkurs na poradnictwo",
                     opens_in=timedelta(days=-60), open_for=timedelta(days=30), status=CallStatus.DECIDED,
                     results_published_at=utcnow())
    offer = make.offer(city.org_a, call, "Punkt poradnictwa rodzinnego", grant="9000.00", formal_outcome="passed")
    award = make.award(city.department, offer, "9000.00", call=call, line=budget.line)
    return SimpleNamespace(call=call, offer=offer, award=award)


def test_a_grant_agreement_is_prepared_from_its_award_once(browser, city, rows, decided):
    officer = browser(city.dept_officer)
    awards = page(officer.get(f"/console/calls/{decided.call}/awards"))
    assert f'href="/console/agreements/from-award/{decided.award}"' in awards.html and "Prepare the agreement" in awards
    confirm = page(officer.get(f"/console/agreements/from-award/{decided.award}"))
    assert confirm.status == 200 and confirm.h1 == "Prepare the grant agreement"
    facts = confirm.text_of("award-facts").replace("\xa0", " ")
    assert "Punkt poradnictwa rodzinnego" in facts and "PLN 9,000.00" in facts and "Stowarzyszenie A" in facts
    response = officer.post(f"/console/agreements/from-award/{decided.award}")
    agreement = rows.one(Agreement)
    assert location(response) == f"/console/agreements/{agreement.id}"
    assert (agreement.kind.value, agreement.award_id) == ("grant", decided.award)
    assert [row.amount for row in rows.all(AgreementFunding, agreement_id=agreement.id)] == [Decimal("9000.00")]
    again = officer.post(f"/console/agreements/from-award/{decided.award}", follow_redirects=True)
    assert rows.count(Agreement) == 1
    assert f"This award already has its agreement: {agreement.number}." in page(again).flashes("info")
    assert f'href="/console/agreements/{agreement.id}"' in page(officer.get(
        f"/console/agreements/from-award/{decided.award}")).html
    awards = page(officer.get(f"/console/calls/{decided.call}/awards"))
    assert agreement.number in awards and "Prepare the agreement" not in awards
    detail = page(officer.get(f"/console/agreements/{agreement.id}"))
    assert "Grant agreement" in detail and "A grant agreement is sent once its tranches add up" in detail


def test_a_funded_small_grant_links_to_its_agreement(browser, city, make, budget):
    offer = make.offer(city.org_a, None, "Dyżury zimowe", kind="small_grant", grant="9000.00", own="1000.00",
                       receipt_number="MG/T/1", comments_from=utcnow() - timedelta(days=10),
                       comments_until=utcnow() - timedelta(days=3), decided_at=utcnow())
    award = make.award(city.department, offer, "9000.00", line=budget.line)
    shown = page(browser(city.dept_officer).get(f"/console/small-grants/{offer}"))
    assert f'href="/console/agreements/from-award/{award}"' in shown.html


def test_an_award_waiting_for_its_updated_budget_has_no_agreement_yet(browser, city, make, rows, budget, decided):
    offer = make.offer(city.org_b, decided.call, "Oferta zmniejszona", grant="9000.00", formal_outcome="passed")
    award = make.award(city.department, offer, "5000.00", call=decided.call, line=budget.line,
                       state=AwardState.UPDATE_REQUESTED)
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/agreements/from-award/{award}"))
    assert "waits for the updated budget" in shown.text_of("award-blocker")
    assert f'action="/console/agreements/from-award/{award}"' not in shown.html  # no button to press
    refused = officer.post(f"/console/agreements/from-award/{award}", follow_redirects=True)
    assert "waits for the updated budget" in " ".join(page(refused).flashes("error"))
    assert rows.count(Agreement) == 0


# -- a draft: edit and send -------------------------------------------------------------------------------------

def test_a_grant_draft_is_edited_and_sent_once_its_tranches_add_up(browser, city, make, rows, budget, outbox):
    draft = _agreement(make, city.org_a, budget.shelters, budget.line, "12000.00", "Grant A", kind="grant",
                       status="draft")
    officer = browser(city.dept_officer)
    form = page(officer.get(f"/console/agreements/{draft}/edit"))
    assert form.status == 200 and "procurement_reference" not in form.values() and "funding-0-amount" not in \
        form.values()
    assert form.values()["targets-0-name"] == "Osoby objęte pomocą"
    changed = {**form.values(), "title": "Grant A — poradnictwo", "partial_reports-0-due_on": f"{YEAR}-06-30"}
    assert location(officer.post(f"/console/agreements/{draft}/edit", data=changed)) == f"/console/agreements/{draft}"
    saved = rows.one(Agreement, id=draft)
    assert saved.title == "Grant A — poradnictwo" and rows.actions("agreement.") == ["agreement.saved"]
    assert sorted(due.kind.value for due in rows.all(ReportDue, agreement_id=draft)) == ["final", "partial"]

    refused = page(officer.post(f"/console/agreements/{draft}/send"))
    assert refused.status == 400
    assert "The tranches add up to PLN 0.00; the grant is PLN 12,000.00." in _text(refused)
    assert "Schedule the tranches on the Payments tab" in refused.text_of("send-problems")
    assert rows.one(Agreement, id=draft).status == AgreementStatus.DRAFT and outbox() == []

    make.tranche(draft, "12000.00", due_on=date(YEAR, 2, 1))
    response = officer.post(f"/console/agreements/{draft}/send")
    assert location(response) == f"/console/agreements/{draft}"
    assert rows.one(Agreement, id=draft).status == AgreementStatus.SENT
    assert {message["to"] for message in outbox()} >= {"a.admin@example.org"}
    assert saved.number in outbox()[0]["subject"]
    twice = officer.post(f"/console/agreements/{draft}/send", follow_redirects=True)
    assert "has been sent already" in " ".join(page(twice).flashes("info"))
    assert rows.actions("agreement.sent") == ["agreement.sent"]
    shown = page(officer.get(f"/console/agreements/{draft}"))
    assert "Waiting for the organisation's admin to accept it." in shown and "Edit the draft" not in shown
    assert "Only a draft" in " ".join(page(officer.get(f"/console/agreements/{draft}/edit",
                                                       follow_redirects=True)).flashes("error"))


def test_a_contract_draft_keeps_its_rows_where_they_were_typed(browser, city, make, rows, budget):
    draft = _agreement(make, city.org_b, budget.shelters, budget.line, "24000.00", "Schronisko B", status="draft",
                       declined_reason="Proszę zmienić okres.")
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/agreements/{draft}"))
    assert "Proszę zmienić okres." in shown.text_of("declined-reason")
    values = page(officer.get(f"/console/agreements/{draft}/edit")).values()
    assert values["funding-0-amount"] == "24,000.00" and values["unit"] == "place_day"
    data = {**values, "funding-0-budget_line_id": "", "funding-0-amount": "",
            "funding-2-budget_line_id": str(budget.next_line), "funding-2-amount": "5 000", "ends_on": f"{YEAR}-06-30"}
    refused = page(officer.post(f"/console/agreements/{draft}/edit", data=data))
    assert refused.status == 400 and f"This line is for {YEAR + 1}" in refused.field_error(
        "funding-2-budget_line_id")
    assert rows.one(Agreement, id=draft).ends_on == date(YEAR, 12, 31)
    data["ends_on"] = f"{YEAR + 1}-06-30"
    assert officer.post(f"/console/agreements/{draft}/edit", data=data).status_code == 303
    assert rows.one(Agreement, id=draft).ends_on == date(YEAR + 1, 6, 30)
    assert [row.amount for row in rows.all(AgreementFunding, agreement_id=draft)] == [Decimal("5000.00")]


# -- signing, scans and terminating -------------------------------------------------------------------------------

def test_the_signing_is_recorded_with_its_scan_and_a_bad_file_changes_nothing(browser, city, make, rows, budget):
    accepted = _agreement(make, city.org_a, budget.shelters, budget.line, "24000.00", "Przyjęta A",
                          status="accepted", accepted_by_id=city.a_admin.id)
    officer = browser(city.dept_officer)
    shown = page(officer.get(f"/console/agreements/{accepted}"))
    assert "Record the signing" in shown and "Jan Testowy" in shown.text_of("agreement-timeline")  # who accepted
    today = local_today().isoformat()
    bad = page(officer.post(f"/console/agreements/{accepted}/sign",
                            data={"signed_on": today, "method": "paper",
                                  "file": (io.BytesIO(b"just some text"), "umowa.pdf")}))
    assert bad.status == 400 and "this file is none of them" in bad.field_error("file")
    both = page(officer.post(f"/console/agreements/{accepted}/sign",
                             data={"signed_on": "2999-01-01", "method": "",
                                   "file": (io.BytesIO(b"just some text"), "umowa.pdf")}))
    assert both.field_error("signed_on") == "The date of signing cannot be in the future."
    assert both.field_error("method") == "Choose how it was signed." and both.field_error("file")
    junk = page(officer.post(f"/console/agreements/{accepted}/sign", data={"signed_on": "31.02", "method": "paper"}))
    assert junk.field_error("signed_on") == "Give the date like 2026-05-01."  # the form's message, once
    assert rows.one(Agreement, id=accepted).status == AgreementStatus.ACCEPTED
    assert rows.count(AgreementDocument) == 0 and rows.actions("agreement.") == []

    scan = {"signed_on": today, "method": "paper", "file": (io.BytesIO(MINIMAL_PDF), "umowa.pdf")}
    response = officer.post(f"/console/agreements/{accepted}/sign", data=scan)
    assert location(response) == f"/console/agreements/{accepted}"
    agreement = rows.one(Agreement, id=accepted)
    assert agreement.status == AgreementStatus.IN_FORCE and agreement.signed_on == local_today()
    document = rows.one(AgreementDocument)
    assert rows.actions("agreement.") == ["agreement.signed", "agreement.document_added"]
    shown = page(officer.get(f"/console/agreements/{accepted}"))
    assert "umowa.pdf" in shown.text_of("agreement-documents") and "Signed on" in shown.text_of("agreement-timeline")
    download = officer.get(f"/console/agreements/{accepted}/documents/{document.id}")
    assert download.status_code == 200 and download.data == MINIMAL_PDF
    assert download.headers["Content-Type"] == "application/pdf"
    other = _agreement(make, city.org_b, budget.shelters, budget.line, "1000.00", "Inna B")
    assert officer.get(f"/console/agreements/{other}/documents/{document.id}").status_code == 404  # not its child
    assert browser(city.b_staff).get(f"/console/agreements/{accepted}/documents/{document.id}").status_code == 404
    twice = officer.post(f"/console/agreements/{accepted}/sign", follow_redirects=True,
                         data={"signed_on": today, "method": "paper", "file": (io.BytesIO(MINIMAL_PDF), "umowa.pdf")})
    assert "recorded already" in " ".join(page(twice).flashes("info")) and rows.count(AgreementDocument) == 1


def test_an_agreement_is_terminated_after_a_confirmation(browser, city, make, rows, budget, outbox):
    in_force = _agreement(make, city.org_a, budget.shelters, budget.line, "24000.00", "W mocy A")
    officer = browser(city.dept_officer)
    confirm = page(officer.get(f"/console/agreements/{in_force}/terminate"))
    assert confirm.h1 == "Terminate the agreement?" and "This cannot be undone." in confirm
    refused = page(officer.post(f"/console/agreements/{in_force}/terminate", data={"ended_on": "", "reason": " "}))
    assert refused.status == 400 and refused.field_error("ended_on") == "Give the day the agreement ends."
    assert refused.field_error("reason") == "Say why the agreement is terminated."
    assert rows.one(Agreement, id=in_force).status == AgreementStatus.IN_FORCE
    response = officer.post(f"/console/agreements/{in_force}/terminate",
                            data={"ended_on": local_today().isoformat(), "reason": "Likwidacja placówki."})
    assert location(response) == f"/console/agreements/{in_force}"
    agreement = rows.one(Agreement, id=in_force)
    assert agreement.status == AgreementStatus.TERMINATED and agreement.termination_reason == "Likwidacja placówki."
    assert agreement.number in outbox()[0]["subject"]
    shown = page(officer.get(f"/console/agreements/{in_force}"))
    assert "Likwidacja placówki." in shown.text_of("agreement-timeline") and "Terminate the agreement" not in shown
    draft = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Szkic A", status="draft")
    assert "Only a sent, accepted or signed agreement" in page(officer.get(f"/console/agreements/{draft}/terminate"))


# -- who may do what ----------------------------------------------------------------------------------------------

def test_an_analyst_reads_everything_and_changes_nothing(browser, city, make, rows, budget, decided):
    draft = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Szkic A", status="draft")
    accepted = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Przyjęta A", status="accepted")
    analyst = browser(city.dept_analyst)
    for agreement in (draft, accepted):
        shown = page(analyst.get(f"/console/agreements/{agreement}"))
        assert shown.status == 200 and "Funding" in shown and "Noclegownie" in shown  # the budget lines too
        for action in ("Edit the draft", "Send to the organisation", "Record the signing", "Terminate the agreement"):
            assert action not in shown
    awards = page(analyst.get(f"/console/calls/{decided.call}/awards"))
    assert "Prepare the agreement" not in awards
    for url, data in ((f"/console/agreements/{draft}/send", {}), (f"/console/agreements/{draft}/edit", {}),
                      (f"/console/agreements/{accepted}/sign", {"signed_on": local_today().isoformat()}),
                      (f"/console/agreements/{accepted}/terminate", {"reason": "x"}),
                      (f"/console/agreements/from-award/{decided.award}", {}),
                      ("/console/agreements/new", {"organisation": str(city.org_a.id)})):
        assert analyst.post(url, data=data).status_code == 403, url
    for url in (f"/console/agreements/{draft}/edit", "/console/agreements/new",
                f"/console/agreements/from-award/{decided.award}", f"/console/agreements/{accepted}/terminate"):
        assert analyst.get(url).status_code == 403, url
    assert rows.one(Agreement, id=draft).status == AgreementStatus.DRAFT and rows.count(Agreement) == 2
    assert rows.one(Agreement, id=accepted).status == AgreementStatus.ACCEPTED and rows.actions("agreement.") == []


# -- after the newcomer's walkthrough -----------------------------------------------------------------------------

def test_a_row_refused_alone_still_shows_the_error_summary(browser, city, budget):
    officer = browser(city.dept_officer)
    url = f"/console/agreements/new?organisation={city.org_a.id}&programme={budget.shelters}"
    refused = page(officer.post(url, data=_contract_form(budget, **{"funding-1-amount": "600 000,00"})))
    assert refused.status == 400
    summary = refused.html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#funding-1-amount"' in summary and "PLN 500,000.00 left" in summary.replace("\xa0", " ")
    shown = page(officer.get(url))  # the required fields say so; the optional ones do not
    labels = _text(shown)
    for label in ("Title (required)", "First day (required)", "Last day (required)", "Paid per (required)",
                  "Reference of the procurement or decision (required)", "Price per unit (PLN) (required)",
                  "Funding (required)"):
        assert label in labels, label
    assert "Units planned (required)" not in labels and "Report due on" in labels
    no_days = page(officer.post(url, data=_contract_form(budget, starts_on="", ends_on="")))
    assert no_days.field_error("starts_on") and no_days.field_error("ends_on")  # both missing, both said at once
    blank = page(officer.post(url, data=_contract_form(budget, title="")))
    assert blank.field_error("title") == "Give the agreement a title."  # the service's message, not WTForms'


def test_terminating_keeps_what_was_delivered_and_owed(browser, city, make, rows, budget, outbox):
    contract = _agreement(make, city.org_a, budget.shelters, budget.line, "24000.00", "W mocy A")
    make.statement(contract, date(YEAR, 3, 1), "30", status="approved")
    make.tranche(contract, "1155.00", state="approved", due_on=date(YEAR, 4, 10))
    make.tranche(contract, "2000.00", state="scheduled", due_on=date(YEAR, 5, 10))
    officer = browser(city.dept_officer)
    url = f"/console/agreements/{contract}/terminate"
    confirm = page(officer.get(url))
    assert "Tranches already approved are still paid" in confirm and "scheduled tranches are not paid" in confirm
    assert "The agreement ends on (required)" in _text(confirm) and "Reason (required)" in _text(confirm)
    early = page(officer.post(url, data={"ended_on": f"{YEAR}-03-15", "reason": "Likwidacja."}))
    assert early.status == 400
    assert "A monthly statement up to" in early.field_error("ended_on") and "31 Mar" in early.field_error("ended_on")
    assert "A tranche due on" in early.field_error("ended_on") and "10 Apr" in early.field_error("ended_on")
    late = page(officer.post(url, data={"ended_on": f"{YEAR + 1}-01-31", "reason": "Likwidacja."}))
    assert "anyway" in late.field_error("ended_on")
    assert rows.one(Agreement, id=contract).status == AgreementStatus.IN_FORCE
    assert officer.post(url, data={"ended_on": f"{YEAR}-04-30", "reason": "Likwidacja."}).status_code == 303
    assert rows.one(Agreement, id=contract).status == AgreementStatus.TERMINATED
    shown = page(officer.get(f"/console/agreements/{contract}"))
    assert "Nothing more can be done" not in shown and "PLN 1,155.00" in shown.text_of("still-due")
    assert f"/workspace/agreements/{contract}" in outbox()[0]["body"].replace("%2F", "/")


def test_a_draft_is_deleted_and_its_money_is_free_again(browser, city, make, rows, budget):
    draft = _agreement(make, city.org_a, budget.shelters, budget.line, "400000.00", "Szkic A", status="draft")
    officer = browser(city.dept_officer)
    url = f"/console/agreements/new?organisation={city.org_a.id}&programme={budget.shelters}"
    assert "PLN 100,000.00 left" in page(officer.post(url, data=_contract_form(budget))).field_error(
        "funding-1-amount").replace("\xa0", " ")
    assert f"/console/agreements/{draft}/delete" in page(officer.get(f"/console/agreements/{draft}")).html
    confirm = page(officer.get(f"/console/agreements/{draft}/delete"))
    assert confirm.h1 == "Delete the draft?" and "is not given to another agreement" in confirm
    response = officer.post(f"/console/agreements/{draft}/delete")
    assert location(response) == "/console/agreements/"
    assert "has been deleted" in " ".join(page(officer.get("/console/agreements/")).flashes("success"))
    assert rows.count(Agreement) == 0 and rows.count(AgreementFunding) == 0
    assert rows.actions("agreement.") == ["agreement.deleted"]
    assert officer.post(url, data=_contract_form(budget)).status_code == 303  # the line has room again
    in_force = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "W mocy A")
    refused = officer.post(f"/console/agreements/{in_force}/delete", follow_redirects=True)
    assert "Only a draft" in " ".join(page(refused).flashes("error")) and rows.count(Agreement, id=in_force) == 1
    assert browser(city.dept_analyst).post(f"/console/agreements/{in_force}/delete").status_code == 403


def test_the_department_hears_back_from_the_organisation(browser, city, make, rows, budget, outbox):
    sent = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Wysłana A", status="sent",
                      created_by_id=city.dept_officer.id)
    back = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Odesłana A", status="sent",
                      created_by_id=city.dept_officer.id)
    admin = browser(city.a_admin)
    assert admin.post(f"/workspace/agreements/{sent}/accept", data={"confirm": "y"}).status_code == 303
    accepted = outbox()[0]
    number = rows.one(Agreement, id=sent).number
    assert accepted["to"] == "dept.officer@example.org" and number in accepted["subject"]
    assert f"/console/agreements/{sent}" in accepted["body"]
    assert admin.post(f"/workspace/agreements/{back}/decline", data={"reason": "Zmienić okres."}).status_code == 303
    declined = outbox()[0]
    assert declined["to"] == "dept.officer@example.org" and "Zmienić okres." in declined["body"]
    listed = page(browser(city.dept_officer).get("/console/agreements/"))
    row = next(row for row in listed.tables()[0].records() if row["Title"] == "Odesłana A")
    assert "Sent back by the organisation" in row["Status"]


def test_a_sent_agreement_offers_termination_as_the_exception(browser, city, make, budget, decided):
    sent = _agreement(make, city.org_a, budget.shelters, budget.line, "1000.00", "Wysłana A", status="sent")
    shown = page(browser(city.dept_officer).get(f"/console/agreements/{sent}"))
    actions = shown.html.split('id="actions-heading"', 1)[1]
    assert actions.index("Nothing to do until the organisation answers.") < actions.index("Terminate the agreement")
    assert "Exceptionally" in shown.text_of("terminate-action")
    offer = make.offer(city.org_b, decided.call, "Oferta zmniejszona", grant="9000.00", formal_outcome="passed")
    make.award(city.department, offer, "5000.00", call=decided.call, line=budget.line,
               state=AwardState.UPDATE_REQUESTED)
    awards = page(browser(city.dept_officer).get(f"/console/calls/{decided.call}/awards"))
    assert "The agreement waits for the updated budget" in awards
    assert awards.html.count("Prepare the agreement") == 1  # only the award without an update pending
