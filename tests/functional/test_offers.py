"""Offers, the organisation's side: a coordinator drafts an offer in an open call and saves it, submits it
(every problem shown beside its field at once), gets a receipt and an e-mail, withdraws and reopens it;
nothing changes after the deadline; staff read; another organisation gets 404."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from app.localtime import local_today
from app.models import AuditEvent, Award, Call, Offer, OfferActivity, OfferCost, OfferStatus
from tests.factories.funding import MINIMAL_PDF
from tests.functional.support import location, page


@pytest.fixture
def money(make, city):
    """A programme with a city-budget line of 500 000 zł."""
    programme = make.programme(city.department, "Program wsparcia rodzin")
    line = make.budget_line(city.department, programme, "500000.00", year=2026, task_pl="Wsparcie rodzin")
    return {"programme": programme, "line": line}


@pytest.fixture
def call(make, city, money, rows):
    """A call open for associations: 1 000–50 000 zł, 10 per cent own share, the statute attached."""
    call_id = make.call(city.department, money["programme"], money["line"], "Wsparcie rodzin 2026",
                        minimum_grant=Decimal("1000"), maximum_grant=Decimal("50000"), attachments_pl="Statut")
    return rows.one(Call, id=call_id)


def _form(call: Call, **fields) -> dict:
    """A complete, valid offer as the edit form sends it."""
    starts = call.task_starts_on
    data = {"applicant_name": "Stowarzyszenie A", "applicant_krs": "0000123456", "applicant_nip": "",
            "applicant_address": "ul. Długa 1, 41-500 Chorzów", "applicant_contact": "Jan Testowy",
            "applicant_email": "biuro@a.example.org", "applicant_phone": "",
            "title": "Rodzinne popołudnia", "starts_on": starts.isoformat(),
            "ends_on": (starts + timedelta(days=60)).isoformat(), "place": "Chorzów",
            "target_group": "Rodziny z dziećmi", "summary": "Zajęcia dla rodzin.",
            "activities-0-name": "Warsztaty", "activities-0-description": "Co tydzień",
            "activities-0-starts_on": starts.isoformat(),
            "activities-0-ends_on": (starts + timedelta(days=30)).isoformat(),
            "results-0-result": "Uczestnicy", "results-0-target_value": "40", "results-0-monitoring": "Lista obecności",
            "costs-0-kind": "activity", "costs-0-name": "Prowadzenie warsztatów", "costs-0-unit": "godz.",
            "costs-0-unit_cost": "100,00", "costs-0-units": "100", "costs-0-year": str(starts.year),
            "costs-0-from_grant": "9 000,00",
            "requested_grant": "9 000,00", "own_financial": "1000", "own_in_kind": "", "recipients_payments": "",
            "other_funds": "", "other_information": "", "representatives": "Anna Nowak — prezes",
            "statements_accepted": "y", "next": "save"}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def _pdf(name: str = "statut.pdf"):
    from io import BytesIO
    return BytesIO(MINIMAL_PDF), name


@pytest.fixture
def draft(browser, city, call, rows):
    """A's coordinator started an offer in the call (its id)."""
    coordinator = browser(city.a_coordinator)
    response = coordinator.post(f"/workspace/calls/{call.id}/apply")
    offer = rows.one(Offer)
    assert location(response) == f"/workspace/offers/{offer.id}/edit"
    return offer.id


def _complete(browser, city, offer_id, call) -> object:
    coordinator = browser(city.a_coordinator)
    assert location(coordinator.post(f"/workspace/offers/{offer_id}/edit", data=_form(call))) == \
        f"/workspace/offers/{offer_id}/edit"
    response = coordinator.post(f"/workspace/offers/{offer_id}/attachments",
                                data={"label": "Statut", "file": _pdf()}, content_type="multipart/form-data")
    assert location(response) == f"/workspace/offers/{offer_id}/attachments"
    return coordinator


def test_a_coordinator_starts_an_offer_prefilled_adds_rows_and_saves_a_draft(browser, city, call, rows, make):
    make.user("b.coordinator@example.org", member_of=city.org_b, role="coordinator")
    coordinator = browser(city.a_coordinator)
    assert "Apply" in page(coordinator.get("/workspace/"))
    assert "Apply: start an offer" in page(coordinator.get(f"/calls/{call.id}"))
    assert "Apply: start an offer" not in page(browser(city.a_staff).get(f"/calls/{call.id}"))
    assert "Apply: start an offer" not in page(browser(city.b_admin).get(f"/calls/{call.id}"))  # a shelter may not
    start = page(coordinator.get(f"/workspace/calls/{call.id}/apply"))
    assert start.status == 200 and "Start the offer" in start
    coordinator.post(f"/workspace/calls/{call.id}/apply")
    offer = rows.one(Offer)
    assert offer.status == OfferStatus.DRAFT and offer.applicant["name"] == "Stowarzyszenie A"
    assert offer.applicant["contact"] == "Jan Testowy"
    edit = page(coordinator.get(f"/workspace/offers/{offer.id}/edit"))
    assert edit.values()["applicant_name"] == "Stowarzyszenie A"
    data = _form(call, **{"activities-1-name": "Wycieczka", "add": "activities"})
    added = page(coordinator.post(f"/workspace/offers/{offer.id}/edit", data=data))
    assert added.status == 200 and 'name="activities-2-name"' in added.html  # one more empty row
    assert 'value="Wycieczka"' in added.html and rows.one(Offer).title == ""  # nothing saved yet
    data.pop("add")
    assert location(coordinator.post(f"/workspace/offers/{offer.id}/edit", data=data)) == \
        f"/workspace/offers/{offer.id}/edit"
    saved = rows.one(Offer)
    assert saved.title == "Rodzinne popołudnia" and saved.requested_grant == Decimal("9000.00")
    assert sorted(a.name for a in rows.all(OfferActivity)) == ["Warsztaty", "Wycieczka"]
    assert rows.one(OfferCost).total == Decimal("10000.00")
    data["activities-1-remove"] = "y"
    coordinator.post(f"/workspace/offers/{offer.id}/edit", data=data)
    assert [a.name for a in rows.all(OfferActivity)] == ["Warsztaty"]
    listed = page(coordinator.get("/workspace/offers/"))
    assert "Rodzinne popołudnia" in listed and "Wsparcie rodzin 2026" in listed and "Draft" in listed
    assert rows.actions("offer.") == ["offer.created", "offer.saved", "offer.saved"]


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"requested_grant": "12,5x"}, "requested_grant", "Write the amount in złoty"),
    ({"costs-0-unit_cost": "-5"}, "costs-0-unit_cost", "without a minus sign"),
    ({"ends_on": "2020-01-01"}, "ends_on", "The end cannot come before the start"),
    ({"activities-0-ends_on": "2020-01-01"}, "activities-0-ends_on", "The end cannot come before the start"),
    ({"starts_on": "jutro"}, "starts_on", "Give the date like 2026-05-01."),
])
def test_a_value_of_a_wrong_type_is_refused_beside_its_field_and_nothing_is_saved(browser, city, call, draft, rows,
                                                                                  fields, field, message):
    shown = page(browser(city.a_coordinator).post(f"/workspace/offers/{draft}/edit", data=_form(call, **fields)))
    assert shown.status == 400 and message in shown.field_error(field)
    assert 'value="Rodzinne popołudnia"' in shown.html  # what was typed stays
    assert rows.one(Offer).title == "" and rows.count(OfferActivity) == 0


def test_submitting_an_incomplete_offer_shows_every_problem_beside_its_field_and_changes_nothing(
        browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    data = _form(call, title="", **{"costs-0-from_grant": "5000", "own_financial": "0", "statements_accepted": None,
                                    "requested_grant": "60 000", "ends_on": (call.task_ends_on + timedelta(days=5))
                                    .isoformat()})
    assert location(coordinator.post(f"/workspace/offers/{draft}/edit", data=data)).endswith("/edit")
    listed = page(coordinator.get(f"/workspace/offers/{draft}/submit"))
    assert "problems stand in the way of submitting" in listed and "Attach: Statut." in listed
    shown = page(coordinator.post(f"/workspace/offers/{draft}/submit"))
    assert shown.status == 400
    errors = shown.field_errors()
    assert "Give the title" in errors["title"]
    assert "at most" in errors["requested_grant"] and "must equal the cost lines" in errors["requested_grant"]
    assert "The task must end by" in errors["ends_on"]
    assert "must be equal" in errors["costs"]
    assert "own contribution must be at least 10 per cent" in errors["own_financial"]
    assert "tick the box" in errors["statements_accepted"]
    assert "Attach: Statut." in shown
    offer = rows.one(Offer)
    assert offer.status == OfferStatus.DRAFT and offer.receipt_number is None
    assert rows.actions("offer.submitted") == []


def test_a_good_offer_gets_one_receipt_and_an_email_even_when_sent_twice(browser, city, call, draft, rows, outbox):
    coordinator = _complete(browser, city, draft, call)
    assert "meets every rule of the call" in page(coordinator.get(f"/workspace/offers/{draft}/submit"))
    assert location(coordinator.post(f"/workspace/offers/{draft}/submit")) == f"/workspace/offers/{draft}"
    offer = rows.one(Offer)
    assert offer.status == OfferStatus.SUBMITTED and offer.receipt_number.endswith(f"/{call.id}/0001")
    assert offer.receipt_number.startswith("OK/")
    again = coordinator.post(f"/workspace/offers/{draft}/submit")
    assert location(again) == f"/workspace/offers/{draft}"
    assert rows.one(Offer).receipt_number == offer.receipt_number
    assert rows.actions("offer.submitted") == ["offer.submitted"]
    shown = page(coordinator.get(f"/workspace/offers/{draft}"))
    assert offer.receipt_number in shown and "Submitted" in shown
    mails = outbox()
    assert {m["to"] for m in mails} == {"a.coordinator@example.org"}
    assert offer.receipt_number in mails[0]["subject"]


def test_withdrawn_offer_can_be_reopened_and_submitted_again_with_a_new_receipt(browser, city, call, draft, rows):
    coordinator = _complete(browser, city, draft, call)
    coordinator.post(f"/workspace/offers/{draft}/submit")
    first = rows.one(Offer).receipt_number
    assert location(coordinator.post(f"/workspace/offers/{draft}/withdraw")) == f"/workspace/offers/{draft}"
    assert rows.one(Offer).status == OfferStatus.WITHDRAWN
    assert "Reopen as a draft" in page(coordinator.get(f"/workspace/offers/{draft}"))
    assert location(coordinator.post(f"/workspace/offers/{draft}/reopen")) == f"/workspace/offers/{draft}/edit"
    coordinator.post(f"/workspace/offers/{draft}/submit")
    offer = rows.one(Offer)
    assert offer.status == OfferStatus.SUBMITTED and offer.receipt_number not in (None, first)
    assert rows.actions("offer.")[-3:] == ["offer.withdrawn", "offer.reopened", "offer.submitted"]


def test_one_second_after_the_deadline_nothing_is_submitted_or_changed(browser, city, make, money, rows):
    call_id = make.call(city.department, money["programme"], money["line"], "Konkurs zamknięty",
                        opens_in=timedelta(days=-30), open_for=timedelta(days=30, seconds=-1))
    offer_id = make.offer(city.org_a, call_id, "Spóźniona", status="draft")
    coordinator = browser(city.a_coordinator)
    coordinator.post(f"/workspace/offers/{offer_id}/submit")
    assert rows.one(Offer).status == OfferStatus.DRAFT and rows.one(Offer).receipt_number is None
    assert "does not accept offers now" in " ".join(page(coordinator.get(f"/workspace/offers/{offer_id}")).flashes())
    edit = coordinator.get(f"/workspace/offers/{offer_id}/edit")
    assert location(edit) == f"/workspace/offers/{offer_id}"
    shown = page(coordinator.get(f"/workspace/offers/{offer_id}"))
    assert "can no longer be changed" in shown and "Edit the draft" not in shown


def test_staff_read_the_offer_but_cannot_change_it_and_another_organisation_gets_404(browser, city, call, draft,
                                                                                  rows, make):
    _complete(browser, city, draft, call)
    staff = browser(city.a_staff)
    shown = page(staff.get(f"/workspace/offers/{draft}"))
    assert shown.status == 200 and "Rodzinne popołudnia" in shown and "Edit the draft" not in shown
    assert staff.get(f"/workspace/offers/{draft}/edit").status_code == 403
    assert staff.post(f"/workspace/offers/{draft}/submit").status_code == 403
    from app.models import OfferAttachment
    attachment_id = rows.one(OfferAttachment).id
    assert staff.get(f"/workspace/offers/{draft}/attachments/{attachment_id}").status_code == 200
    other = browser(city.b_admin)
    for url in (f"/workspace/offers/{draft}", f"/workspace/offers/{draft}/attachments/{attachment_id}",
                f"/workspace/offers/{draft}/pdf", f"/workspace/offers/{draft}/print"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/workspace/offers/{draft}/edit", data=_form(call, title="Cudza")).status_code == 404
    assert rows.one(Offer).title == "Rodzinne popołudnia"


def test_attachments_are_checked_by_content_and_size_and_downloaded_as_files(browser, city, call, draft, rows, app,
                                                                            monkeypatch):
    from io import BytesIO

    from app.models import OfferAttachment
    coordinator = browser(city.a_coordinator)
    url = f"/workspace/offers/{draft}/attachments"

    def send(content: bytes, name: str):
        return coordinator.post(url, data={"label": "Statut", "file": (BytesIO(content), name)},
                                content_type="multipart/form-data")

    html = page(send(b"<!doctype html><script>alert(1)</script>", "statut.pdf"))
    assert html.status == 400 and "this file is none of them" in html.field_error("file")
    exe = page(send(b"MZ\x90\x00" + b"\x00" * 100, "statut.pdf"))
    assert exe.status == 400 and "none of them" in exe.field_error("file")
    named_wrong = page(send(MINIMAL_PDF, "statut.docx"))
    assert "its content is another kind of file" in named_wrong.field_error("file")
    monkeypatch.setitem(app.config, "OFFER_ATTACHMENT_MAX_BYTES", 1000)
    big = page(send(b"%PDF-1.4" + b"x" * 2000, "statut.pdf"))
    assert big.status == 400 and "larger than" in big.field_error("file")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 3000)
    huge = send(b"%PDF-1.4" + b"x" * 5000, "statut.pdf")
    assert huge.status_code == 303
    shown = page(coordinator.get(location(huge)))
    assert "larger than" in shown.field_error("file")
    assert rows.count(OfferAttachment) == 0
    monkeypatch.undo()
    import zipfile
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert location(send(buffer.getvalue(), "Statut stowarzyszenia.docx")) == url
    stored = rows.one(OfferAttachment)
    assert stored.content_type.endswith("wordprocessingml.document") and len(stored.sha256) == 64
    download = coordinator.get(f"{url}/{stored.id}")
    assert download.status_code == 200 and download.headers["Content-Disposition"].startswith("attachment")
    assert download.data == buffer.getvalue()
    assert location(coordinator.post(f"{url}/{stored.id}/delete")) == url
    assert rows.count(OfferAttachment) == 0


def test_a_joint_applicant_confirms_from_its_own_workspace(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    unknown = page(coordinator.post(f"/workspace/offers/{draft}/partners", data={"partner": "Nieznana"}))
    assert unknown.status == 400 and "No registered organisation" in unknown.field_error("partner")
    assert location(coordinator.post(f"/workspace/offers/{draft}/partners", data={"partner": "Schronisko B"})) == \
        f"/workspace/offers/{draft}/partners"
    assert "not confirmed yet" in page(coordinator.get(f"/workspace/offers/{draft}/partners"))
    _complete(browser, city, draft, call)
    blocked = page(coordinator.get(f"/workspace/offers/{draft}/submit"))
    assert "Schronisko B has not confirmed" in blocked
    partner = browser(city.b_admin)
    requests = page(partner.get("/workspace/offer-requests"))
    assert "Rodzinne popołudnia" in requests and "Stowarzyszenie A" in requests
    from app.models import OfferPartner
    request_id = rows.one(OfferPartner).id
    assert browser(city.a_admin).post(f"/workspace/offer-requests/{request_id}/confirm").status_code == 404
    assert location(partner.post(f"/workspace/offer-requests/{request_id}/confirm")) == "/workspace/offer-requests"
    assert rows.one(OfferPartner).confirmed_at is not None
    assert "confirmed on" in page(coordinator.get(f"/workspace/offers/{draft}/partners"))
    assert "meets every rule" in page(coordinator.get(f"/workspace/offers/{draft}/submit"))


def test_the_offer_prints_and_downloads_as_a_pdf(browser, city, call, draft):
    coordinator = _complete(browser, city, draft, call)
    printed = page(coordinator.get(f"/workspace/offers/{draft}/print"))
    assert printed.status == 200 and "Prowadzenie warsztatów" in printed
    pdf = coordinator.get(f"/workspace/offers/{draft}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_a_correction_changes_only_the_items_the_formal_check_named(browser, city, make, money, rows):
    call_id = make.call(city.department, money["programme"], money["line"], "Konkurs po terminie",
                        opens_in=timedelta(days=-40), open_for=timedelta(days=30), status="formal_check")
    offer_id = make.offer(city.org_a, call_id, "Oferta do poprawy", formal_outcome="to_correct",
                          formal_items=["signed"], formal_reason="Brak podpisu skarbnika.",
                          correct_by=local_today() + timedelta(days=3))
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.get(f"/workspace/offers/{offer_id}"))
    assert "To be corrected" in shown and "Brak podpisu skarbnika." in shown and "Send the correction" in shown
    form = page(coordinator.get(f"/workspace/offers/{offer_id}/correction"))
    assert 'name="representatives"' in form.html and 'name="title"' not in form.html
    response = coordinator.post(f"/workspace/offers/{offer_id}/correction",
                                data={"representatives": "Jan Kowalski — prezes\nEwa Nowak — skarbnik",
                                      "title": "Inny tytuł"})
    assert location(response) == f"/workspace/offers/{offer_id}"
    offer = rows.one(Offer)
    assert "Ewa Nowak" in offer.representatives and offer.title == "Oferta do poprawy"
    assert location(coordinator.post(f"/workspace/offers/{offer_id}/correction/send")) == \
        f"/workspace/offers/{offer_id}"
    assert rows.one(Offer).corrected_at is not None
    assert rows.actions("offer.correct") == ["offer.correction_saved", "offer.corrected"]
    again = coordinator.get(f"/workspace/offers/{offer_id}/correction")
    assert location(again) == f"/workspace/offers/{offer_id}"  # sent: nothing more to correct


def test_the_updated_budget_is_sent_within_the_reduced_award(browser, city, make, money, rows):
    from app.models import Award, AwardState
    call_id = make.call(city.department, money["programme"], money["line"], "Konkurs rozstrzygany",
                        opens_in=timedelta(days=-40), open_for=timedelta(days=30), status="evaluation")
    offer_id = make.offer(city.org_a, call_id, "Oferta z niższą kwotą", grant="9000.00", own="1000.00")
    make.award(city.department, offer_id, "6000.00", call=call_id, line=money["line"],
               state=AwardState.UPDATE_REQUESTED, reason="Ograniczona pula.")
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.get(f"/workspace/offers/{offer_id}"))
    assert "Reduced: updated budget requested" in shown and "Ograniczona pula." in shown
    form = page(coordinator.get(f"/workspace/offers/{offer_id}/updated-budget"))
    values = form.values()
    assert form.status == 200 and 'value="Prowadzenie zajęć"' in form.html
    data = {key: value for key, value in values.items() if value}
    data.update({"costs-0-unit_cost": "6700", "costs-0-units": "1", "costs-0-from_grant": "5000"})
    wrong = page(coordinator.post(f"/workspace/offers/{offer_id}/updated-budget", data=data))
    assert wrong.status == 400 and "they must total the award" in wrong.field_error("costs")
    data["costs-0-from_grant"] = "6000"
    assert location(coordinator.post(f"/workspace/offers/{offer_id}/updated-budget", data=data)) == \
        f"/workspace/offers/{offer_id}"
    award = rows.one(Award)
    assert award.state == AwardState.UPDATE_SUBMITTED and award.update_submitted_at is not None
    revised = [c for c in rows.all(OfferCost) if c.revised]
    assert [c.from_grant for c in revised] == [Decimal("6000.00")]
    assert rows.actions("award.update") == ["award.update_submitted"]
    assert rows.count(AuditEvent, action="tenancy.scope_widened") > 0


def test_the_demo_city_has_two_drafts_and_a_submitted_offer_in_its_open_call(app, browser, rows):
    from app.models import OfferAttachment, User
    from tests.factories import Person
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    open_call = rows.one(Call, title_pl="Prowadzenie świetlic środowiskowych dla dzieci i młodzieży w 2027 roku")
    offers = rows.all(Offer, call_id=open_call.id)
    assert sorted(o.status.value for o in offers) == ["draft", "draft", "submitted"]
    submitted = next(o for o in offers if o.status == OfferStatus.SUBMITTED)
    assert submitted.receipt_number.startswith("OK/")
    assert rows.count(OfferAttachment, offer_id=submitted.id) == 3
    user = rows.one(User, email="coordinator@demo.example")
    coordinator = browser(Person(user.id, user.email, "x"))
    listed = page(coordinator.get("/workspace/offers/"))
    assert "Świetlica rodzinna „Przystań”" in listed
    family = next(o for o in offers if o.title.startswith("Świetlica rodzinna"))
    problems = page(coordinator.get(f"/workspace/offers/{family.id}/submit"))
    assert "tick the box" in problems and "Attach: Statut organizacji." in problems
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    assert rows.count(Offer, call_id=open_call.id) == 3


# -- the offer form as a newcomer met it: every problem at once, one row per "Add a row", messages in the
# reader's language, the own organisation, line breaks, withdrawing confirmed, the outcome in the list

def _counts(html: str) -> tuple[int, int, int]:
    return tuple(len(set(re.findall(rf'name="{name}-(\d+)-{first}"', html)))
                 for name, first in (("activities", "name"), ("results", "result"), ("costs", "kind")))


def test_add_a_row_adds_one_row_to_the_chosen_list_and_puts_the_focus_on_it(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    edit = page(coordinator.get(f"/workspace/offers/{draft}/edit"))
    assert _counts(edit.html) == (1, 1, 1)
    data = {**edit.values(), "add": "activities"}
    added = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert added.status == 200 and _counts(added.html) == (2, 1, 1)
    assert re.search(r'<input[^>]*autofocus[^>]*id="activities-1-name"|<input[^>]*id="activities-1-name"[^>]*autofocus',
                     added.html)
    assert f'formaction="/workspace/offers/{draft}/edit#activities-2-name"' in added.html  # the next one's place
    again = page(coordinator.post(f"/workspace/offers/{draft}/edit", data={**added.values(), "add": "costs"}))
    assert _counts(again.html) == (2, 1, 2) and 'id="costs-1-kind"' in again.html
    assert rows.one(Offer).title == ""  # nothing saved by adding rows


def test_a_page_with_errors_comes_back_with_exactly_the_rows_sent(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, requested_grant="12,5x")))
    assert shown.status == 400 and _counts(shown.html) == (1, 1, 1)
    checked = page(coordinator.post(f"/workspace/offers/{draft}/edit",
                                    data=_form(call, requested_grant="12,5x", next="submit")))
    assert checked.status == 400 and _counts(checked.html) == (1, 1, 1)


def test_save_and_check_shows_every_problem_at_once_beside_its_field_and_saves_nothing(browser, city, call, draft,
                                                                                      rows):
    coordinator = browser(city.a_coordinator)
    starts = call.task_starts_on
    data = _form(call, next="submit", requested_grant="12,5x", ends_on=(starts - timedelta(days=1)).isoformat(),
                 **{"activities-0-name": "", "activities-0-description": "", "activities-0-starts_on": "",
                    "activities-0-ends_on": "",  # a blank row: the next one is the form's second row
                    "activities-1-name": "Warsztaty", "activities-1-starts_on": "2027-02-30",
                    "activities-1-ends_on": (starts - timedelta(days=5)).isoformat(),
                    "costs-0-year": str(starts.year + 3), "costs-0-from_grant": "20 000",
                    "costs-0-units": "dużo", "statements_accepted": None})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert shown.status == 400
    errors = shown.field_errors()
    assert "Write the amount in złoty" in errors["requested_grant"]  # its format
    assert "The end cannot come before the start" in errors["ends_on"]  # the order
    assert "Give the date like 2026-05-01." in errors["activities-1-starts_on"]  # an impossible date
    assert "must fall within the dates of the task" in errors["activities-1-ends_on"]  # the call's rules
    assert "number of units" in errors["costs-0-units"] and "złoty" not in errors["costs-0-units"]
    assert "Cost line 1: the year must be" in errors["costs-0-year"]
    assert "tick the box" in errors["statements_accepted"]
    assert "Attach: Statut." in shown
    summary = shown.html.split('class="error-summary"')[1].split("</div>")[0]
    for field in ("requested_grant", "activities-1-starts_on", "activities-1-ends_on", "costs-0-year",
                  "costs-0-units"):  # the summary links to every field refused, rows included
        assert f'href="#{field}"' in summary, field
    assert rows.one(Offer).title == "" and rows.count(OfferActivity) == 0  # nothing saved


def test_save_and_check_saves_a_readable_draft_and_shows_the_calls_rules_beside_the_fields(browser, city, call,
                                                                                          draft, rows):
    coordinator = browser(city.a_coordinator)
    early = call.task_starts_on - timedelta(days=3)
    data = _form(call, next="submit", starts_on=early.isoformat(),
                 **{"costs-0-from_grant": "10 000,01", "costs-0-year": str(call.task_ends_on.year + 1),
                    "activities-0-ends_on": (call.task_ends_on + timedelta(days=3)).isoformat()})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=data))
    assert shown.status == 400 and rows.one(Offer).title == "Rodzinne popołudnia"  # saved
    summary = shown.html.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#activities-0-ends_on"' in summary and 'href="#costs-0-year"' in summary  # rows the rules refused
    errors = shown.field_errors()
    assert "The task may start on" in errors["starts_on"] and call.task_starts_on.isoformat() not in errors["starts_on"]
    assert "Cost line 1: the part from the grant cannot be more than the line's value." in errors["costs-0-from_grant"]
    assert "Cost line 1: the year must be" in errors["costs-0-year"]
    listed = page(coordinator.get(f"/workspace/offers/{draft}/submit"))
    assert f'href="/workspace/offers/{draft}/edit#starts_on"' in listed.html  # each problem links to its field
    assert f'href="/workspace/offers/{draft}/edit#costs-0-from_grant"' in listed.html
    assert "at the earliest" in listed and call.task_starts_on.isoformat() not in listed.html


def test_a_good_offer_goes_from_save_and_check_to_the_confirmation(browser, city, call, draft, rows):
    coordinator = _complete(browser, city, draft, call)
    done = coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, next="submit"))
    assert location(done) == f"/workspace/offers/{draft}/submit"
    assert "meets every rule of the call" in page(coordinator.get(location(done)))


def test_dates_and_their_messages_are_in_the_readers_language(browser, city, call, draft):
    coordinator = browser(city.a_coordinator)
    coordinator.post("/language", data={"lang": "pl"}, headers={"Sec-Fetch-Site": "same-origin"})
    shown = page(coordinator.post(f"/workspace/offers/{draft}/edit", data=_form(call, starts_on="2027-02-30")))
    assert shown.status == 400 and "Podaj datę w formacie 2026-05-01." in shown.field_error("starts_on")
    assert "Not a valid date" not in shown


def test_the_own_organisation_is_not_its_own_joint_applicant(browser, city, draft):
    coordinator = browser(city.a_coordinator)
    for query in ("Stowarzyszenie A", "stowarzyszenie a"):
        shown = page(coordinator.post(f"/workspace/offers/{draft}/partners", data={"partner": query}))
        assert "cannot be its own joint applicant" in shown.field_error("partner")


def test_withdrawing_asks_first_and_works_without_javascript(browser, city, call, draft, rows):
    coordinator = _complete(browser, city, draft, call)
    coordinator.post(f"/workspace/offers/{draft}/submit")
    offer_page = page(coordinator.get(f"/workspace/offers/{draft}"))
    assert f'href="/workspace/offers/{draft}/withdraw"' in offer_page.html
    confirm = page(coordinator.get(f"/workspace/offers/{draft}/withdraw"))
    assert confirm.status == 200 and "Withdraw the offer?" in confirm
    assert rows.one(Offer).status == OfferStatus.SUBMITTED  # asking changed nothing
    assert location(coordinator.post(f"/workspace/offers/{draft}/withdraw")) == f"/workspace/offers/{draft}"
    assert rows.one(Offer).status == OfferStatus.WITHDRAWN


def test_representatives_keep_their_lines_in_the_print_view(browser, city, call, draft, rows):
    coordinator = browser(city.a_coordinator)
    coordinator.post(f"/workspace/offers/{draft}/edit",
                     data=_form(call, representatives="Anna Nowak — prezes\nJan Kowalski — skarbnik"))
    printed = page(coordinator.get(f"/workspace/offers/{draft}/print"))
    assert re.search(r'class="[^"]*pre-line[^"]*"[^>]*>Anna Nowak — prezes\nJan Kowalski — skarbnik<', printed.html)
    css = browser().get("/static/css/site.css").get_data(as_text=True)
    assert ".pre-line { white-space: pre-line; }" in css


def test_the_list_shows_the_outcome_of_a_decided_call(browser, city, make, money, rows):
    call_id = make.call(city.department, money["programme"], money["line"], "Konkurs rozstrzygnięty",
                        opens_in=timedelta(days=-60), open_for=timedelta(days=30), status="decided")
    funded = make.offer(city.org_a, call_id, "Oferta z dotacją", formal_outcome="passed")
    make.offer(city.org_a, call_id, "Oferta bez dotacji", formal_outcome="passed")
    make.award(city.department, funded, "8000.00", call=call_id, line=money["line"])
    listed = page(browser(city.a_coordinator).get("/workspace/offers/"))
    records = {r["Title"]: r["Status and outcome"] for r in listed.tables()[0].records()}
    assert "Awarded:" in records["Oferta z dotacją"] and "8,000.00" in records["Oferta z dotacją"]
    assert "Not funded" in records["Oferta bez dotacji"] and "Formally correct" in records["Oferta bez dotacji"]
    assert rows.count(Award) == 1 and Decimal("8000.00") == rows.one(Award).amount
    assert rows.count(OfferCost) == 2
