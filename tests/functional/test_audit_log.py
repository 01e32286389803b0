"""The department's audit log says what happened in words and links to the record (issue 8)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from app.extensions import db
from app.models import AuditEvent, Revision, User
from tests.functional.support import page, post_sign_in, totp_now


@pytest.fixture
def admin(browser, city):
    return browser(city.dept_admin)


def _row(shown, words: str) -> str:
    """The HTML of the one log row mentioning ``words``."""
    found = [row for row in shown.html.split("<tr")[2:] if words in row]
    assert len(found) == 1, f"{len(found)} rows mention {words!r}"
    return found[0]


def _text(row: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split())


def _link(row: str, name: str) -> str:
    match = re.search(rf'<a href="([^"]+)">{re.escape(name)}</a>', row)
    assert match, f"no link named {name!r} in {row!r}"
    return match.group(1)


def test_an_approved_change_reads_in_words_and_links_to_the_change(admin, browser, city, make, rows):
    service = make.service(city.org_a, "Noclegownia Przystań", audience_pl="Osoby w kryzysie bezdomności.")
    change = make.revision(service, changes={"description_pl": "Nowy opis."})
    assert browser(city.dept_officer).post(f"/console/moderation/changes/{change}/approve",
                                           data={"note": ""}).status_code == 303
    shown = page(admin.get("/console/audit"))
    assert shown.status == 200 and "What happened" in shown
    row = _row(shown, "Change approved")
    assert _link(row, "Noclegownia Przystań") == f"/console/moderation/changes/{change}"
    assert "Proposed change" in row  # what kind of record it is
    assert '<code class="audit-code audit-secondary">revision.approved</code>' in row  # the code stays, small
    assert _link(row, "Jan Testowy") == f"/console/users/{city.dept_officer.id}" and city.dept_officer.email in row
    assert _link(row, city.org_a.name) == f"/console/organisations/{city.org_a.id}"
    opened = page(admin.get(f"/console/moderation/changes/{change}"))
    assert opened.status == 200 and opened.h1 == "Noclegownia Przystań"


def test_a_wrong_sign_in_code_reads_in_words_and_links_to_the_account(admin, browser, city):
    client = browser()
    post_sign_in(client, city.dept_analyst.email, city.dept_analyst.password)
    right = totp_now(city.dept_analyst.email)
    client.post("/sign-in/code", data={"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    row = _row(page(admin.get("/console/audit", query_string={"action": "auth."})),
               "Sign-in failed: wrong code from the authenticator app")
    assert _link(row, f"Jan Testowy ({city.dept_analyst.email})") == f"/console/users/{city.dept_analyst.id}"
    assert "auth.second_factor_failed" in row and "Account" in row


def test_verifying_an_organisation_reads_in_words_on_the_log_and_the_overview(admin, city):
    assert admin.post(f"/console/organisations/{city.org_b.id}/verify").status_code == 303
    for url in ("/console/audit", "/console/"):
        row = _row(page(admin.get(url)), "Organisation marked as verified")
        assert _link(row, city.org_b.name) == f"/console/organisations/{city.org_b.id}"
        assert "organisation.verified" in row


def test_older_codes_and_deleted_records_still_read_well_and_unknown_codes_show_as_stored(admin, city, make, rows):
    service = make.service(city.org_a, "Punkt Ciepła")
    change = make.revision(service)
    gone = make.event(city.org_a, "Piknik sąsiedzki")

    def write():
        # what older versions stored: the workflow's rows were change requests (ids kept by the migration)
        db.session.add(AuditEvent(action="change_request.approved", organisation_id=city.org_a.id,
                                  object_type="ChangeRequest", object_id=change, details={}))
        db.session.add(AuditEvent(action="event.deleted", organisation_id=city.org_a.id, object_type="Event",
                                  object_id=gone + 1000, details={"title": "Piknik sąsiedzki"}))
        db.session.add(AuditEvent(action="grant.awarded", object_type="GrantOffer", object_id=7, details={}))

    rows.run(write)
    shown = page(admin.get("/console/audit"))
    older = _row(shown, "change_request.approved")
    assert "Change approved" in older
    assert _link(older, "Punkt Ciepła") == f"/console/moderation/changes/{change}"
    deleted = _row(shown, "event.deleted")
    assert "Event deleted" in deleted and "Piknik sąsiedzki (no longer exists)" in _text(deleted)
    unknown = _row(shown, "grant.awarded")
    assert '<code class="audit-code">grant.awarded</code>' in unknown and "GrantOffer" in unknown


def test_a_revision_of_another_organisation_is_still_named_for_the_department(admin, city, make, rows):
    """The log reads every organisation's records (the department's view), not only the reader's own."""
    service_a, service_b = make.service(city.org_a, "Usługa A"), make.service(city.org_b, "Usługa B")
    make.revision(service_a), make.revision(service_b)
    shown = page(admin.get("/console/audit", query_string={"action": "revision."}))
    [change_a] = rows.all(Revision, Revision.object_id == service_a)
    [change_b] = rows.all(Revision, Revision.object_id == service_b)
    assert _link(_row(shown, "Usługa A"), "Usługa A") == f"/console/moderation/changes/{change_a.id}"
    assert _link(_row(shown, "Usługa B"), "Usługa B") == f"/console/moderation/changes/{change_b.id}"


def test_a_changed_name_is_logged_against_the_account_and_a_language_switch_is_not(admin, browser, city, rows):
    staff = browser(city.a_staff)
    staff.post("/account/", data={"full_name": "Anna Nowak-Kowalska", "locale": "pl"})
    staff.post("/language", data={"lang": "uk"}, headers={"Sec-Fetch-Site": "same-origin"})
    assert rows.one(User, id=city.a_staff.id).locale == "uk"  # kept as the preference, without an entry
    entries = rows.audit("user.profile_updated")
    assert [(e.object_type, e.object_id) for e in entries] == [("User", city.a_staff.id)]  # not "LocalProxy"
    assert entries[0].details == {"fields": ["full_name", "locale"]}
    row = _text(_row(page(admin.get("/console/audit")), "Account details changed"))
    assert "Anna Nowak-Kowalska" in row and "LocalProxy" not in row


def test_a_formal_check_reads_as_the_offer_with_its_receipt_linked_to_the_departments_page(admin, browser, city,
                                                                                           make):
    from datetime import timedelta

    programme = make.programme(city.department)
    line = make.budget_line(city.department, programme, "50000.00", year=2027)
    call = make.call(city.department, programme, line, opens_in=timedelta(days=-40), open_for=timedelta(days=30),
                     status="formal_check")
    offer = make.offer(city.org_a, call, "Świetlica Promyk", receipt_number="OK/2027/1/0001")
    checked = browser(city.dept_officer).post(f"/console/offers/{offer}/formal-check", data={
        "met": ["on_time", "complete", "signed", "attachments"], "outcome": "passed", "correct_by": "", "reason": ""})
    assert checked.status_code == 303
    row = _row(page(admin.get("/console/audit", query_string={"action": "offer."})), "OK/2027/1/0001")
    assert _link(row, "OK/2027/1/0001 · Świetlica Promyk") == f"/console/offers/{offer}"
    assert "Offer" in _text(row)
