"""Referrals between organisations: sending, answering, completing and cancelling, both sides, with the e-mails,
the audit log and the place held in a unit; who may see one; bad input; the deadlines; the retention purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner

from app.cli import retention_purge
from app.localtime import WARSAW
from app.models import AuditEvent, CapacityUnit, Referral, utcnow
from app.models.referrals import ReferralStatus
from tests.functional.support import page

URL = "/workspace/referrals"


@pytest.fixture
def shelter(make, city):
    """Organisation B's night shelter with a unit of 2 beds, one free after one occupied."""
    service = make.service(city.org_b, "Noclegownia B")
    unit = make.referral_unit(service, "Sala męska", total=2, occupied=1)
    return service, unit


def _form(service, unit=None, **changes) -> dict:
    consent = (utcnow().astimezone(WARSAW) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"service_id": str(service), "capacity_unit_id": str(unit or ""), "case_code": "MOPS-2026/145",
            "needs": ["shelter", "food"], "age_band": "26_59", "urgency": "immediate", "consent": "y",
            "consent_given_by": "person", "consent_method": "oral", "consent_at": consent,
            "contact_name": "Anna Koordynatorka", "contact_phone": "32 100 20 30",
            "contact_email": "a.coordinator@example.org"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _send(browser, person, service, unit=None, **changes):
    return browser(person).post(f"{URL}/new", data=_form(service, unit, **changes))


def test_the_whole_lifecycle_on_both_sides(browser, city, make, shelter, outbox, rows):
    """A sends to B's shelter bed; B accepts (the bed is held), the person arrives (the bed is occupied); every step
    e-mails the other side without the case code and is in the audit log."""
    service, unit = shelter
    a = browser(city.a_coordinator)
    form = page(a.get(f"{URL}/new?service={service}&unit={unit}"))
    assert form.status == 200 and form.values(f"{URL}/new")["contact_email"] == "a.coordinator@example.org"
    sent = _send(browser, city.a_coordinator, service, unit)
    assert sent.status_code == 303
    referral = rows.one(Referral)
    assert referral.reference == f"S/{utcnow().astimezone(WARSAW).year}/000001"
    assert referral.respond_by - referral.sent_at == timedelta(hours=4)
    assert referral.organisation_id == city.org_b.id and referral.referring_organisation_id == city.org_a.id
    mail = outbox()
    assert [m["to"] for m in mail] == ["b.admin@example.org"]
    assert referral.reference in mail[0]["subject"] and "MOPS-2026/145" not in mail[0]["body"]
    assert "Noclegownia B" in mail[0]["body"]
    # how soon to answer, in the recipient's language (the receiver's admin reads Polish)
    assert "Natychmiastowe" in mail[0]["body"] and "Odpowiedz do" in mail[0]["body"]

    b = browser(city.b_admin)
    detail = page(b.get(f"{URL}/{referral.id}"))
    assert detail.status == 200 and detail.text_of("case-code") == "MOPS-2026/145"
    assert page(b.get(f"{URL}/?tab=received")).status == 200
    assert page(b.post(f"{URL}/{referral.id}/accept", follow_redirects=True)).status == 200
    held = rows.one(CapacityUnit, id=unit)
    assert (held.occupied, held.reserved, held.free) == (1, 1, 0)
    assert rows.one(Referral).status == ReferralStatus.ACCEPTED
    assert outbox()[0]["to"] in ("a.admin@example.org", "a.coordinator@example.org") and len(outbox()) == 3

    done = b.post(f"{URL}/{referral.id}/complete", data={"outcome": "helped"})
    assert done.status_code == 303
    ended = rows.one(CapacityUnit, id=unit)
    assert (ended.occupied, ended.reserved) == (2, 0)
    closed = rows.one(Referral)
    assert closed.status == ReferralStatus.COMPLETED and closed.closed_by_id == city.b_admin.id
    assert len(outbox()) == 5 and all("MOPS-2026/145" not in m["body"] for m in outbox())
    assert rows.actions("referral.") == ["referral.sent", "referral.viewed", "referral.accepted",
                                         "referral.viewed", "referral.completed"]
    a_view = page(a.get(f"{URL}/{referral.id}"))
    assert a_view.status == 200 and "Completed" in a_view.text
    assert rows.actions("referral.")[-1] == "referral.viewed"


def test_declined_with_a_reason_and_cancelled_by_the_sender_frees_the_place(browser, city, make, shelter, rows,
                                                                            outbox):
    service, unit = shelter
    first = make.referral(city.org_a, service, unit=unit)
    b = browser(city.b_admin)
    refused = b.post(f"{URL}/{first}/decline", data={"reason": ""})
    assert refused.status_code == 400 and "Choose why the referral is declined." in page(refused).text
    assert rows.one(Referral, id=first).status == ReferralStatus.SENT
    assert b.post(f"{URL}/{first}/decline", data={"reason": "not_eligible"}).status_code == 303
    assert rows.one(Referral, id=first).decline_reason.value == "not_eligible"

    second = make.referral(city.org_a, service, unit=unit)
    assert b.post(f"{URL}/{second}/accept").status_code == 303
    assert rows.one(CapacityUnit, id=unit).free == 0
    a = browser(city.a_coordinator)
    assert a.post(f"{URL}/{second}/cancel", data={"reason": "found_elsewhere"}).status_code == 303
    assert rows.one(Referral, id=second).status == ReferralStatus.CANCELLED
    freed = rows.one(CapacityUnit, id=unit)
    assert (freed.reserved, freed.free) == (0, 1)
    assert "referral.cancelled" in rows.actions("referral.")
    assert "tenancy.scope_widened" in rows.actions("tenancy.")
    cancelled = outbox()[0]
    reference = rows.one(Referral, id=second).reference
    # in the recipient's language (B's admin chose none: Polish)
    assert cancelled["to"] == "b.admin@example.org" and cancelled["subject"] == f"Skierowanie {reference} wycofane"


def test_did_not_arrive_frees_the_held_place(browser, city, make, shelter, rows):
    service, unit = shelter
    referral = make.referral(city.org_a, service, unit=unit)
    b = browser(city.b_admin)
    b.post(f"{URL}/{referral}/accept")
    assert b.post(f"{URL}/{referral}/complete", data={"outcome": "did_not_arrive"}).status_code == 303
    unit_row = rows.one(CapacityUnit, id=unit)
    assert (unit_row.occupied, unit_row.reserved, unit_row.free) == (1, 0, 1)


def test_a_third_organisation_gets_404_everywhere(browser, city, make, shelter, rows):
    service, unit = shelter
    referral = make.referral(city.org_a, service, unit=unit)
    c = make.organisation("Fundacja C")
    c_admin = make.user("c.admin@example.org", member_of=c, role="admin")
    client = browser(c_admin)
    assert client.get(f"{URL}/{referral}").status_code == 404
    for verb, data in (("accept", {}), ("decline", {"reason": "other"}), ("complete", {"outcome": "helped"}),
                       ("cancel", {"reason": "other"})):
        assert client.post(f"{URL}/{referral}/{verb}", data=data).status_code == 404, verb
    assert rows.one(Referral, id=referral).status == ReferralStatus.SENT
    assert rows.actions("referral.") == []
    # the sender may not answer, the receiver may not cancel
    assert browser(city.a_coordinator).post(f"{URL}/{referral}/accept").status_code == 403
    assert browser(city.b_admin).post(f"{URL}/{referral}/cancel", data={"reason": "other"}).status_code == 403
    assert rows.one(Referral, id=referral).status == ReferralStatus.SENT
    # the receiver's staff member on duty answers it (a night shelter's worker, when the referral is for tonight)
    assert browser(city.b_staff).post(f"{URL}/{referral}/accept").status_code == 303
    assert rows.one(Referral, id=referral).status == ReferralStatus.ACCEPTED


def test_the_department_analyst_sees_figures_but_not_a_referral(browser, city, make, shelter, rows):
    service, unit = shelter
    referral = make.referral(city.org_a, service, unit=unit, case_code="TAJNY-KOD-77")
    analyst = browser(city.dept_analyst)
    figures = page(analyst.get("/console/referrals/"))
    assert figures.status == 200 and "TAJNY-KOD-77" not in figures.html and "Anna Pracownik" not in figures.html
    assert "Shelter bed" in figures.text
    assert analyst.get(f"/console/referrals/{referral}").status_code == 403
    csv = analyst.get("/console/referrals/?table=by-status&format=csv")
    assert csv.status_code == 200 and "TAJNY" not in csv.get_data(as_text=True)
    officer = browser(city.dept_officer)
    opened = page(officer.get(f"/console/referrals/{referral}"))
    assert opened.status == 200 and opened.text_of("case-code") == "TAJNY-KOD-77"
    assert [e.details["side"] for e in rows.audit("referral.viewed")] == ["department"]
    assert officer.get("/console/referrals/?year=junk&month=99").status_code == 200
    assert officer.get("/console/referrals/?table=nope&format=csv").status_code == 404


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"consent": None}, "consent", "A referral needs the person's consent"),
    ({"case_code": "Jan Kowalski"}, "case_code", "This looks like a person's name."),
    ({"case_code": "85010112345"}, "case_code", "This looks like a PESEL number."),
    ({"case_code": "x"}, "case_code", "A case code has 3 to 40 letters"),
    ({"needs": []}, "needs", "Choose at least one need."),
    ({"needs": ["junk"]}, "needs", "Choose from the list."),
    ({"urgency": "tomorrow"}, "urgency", "Not a valid choice"),
    ({"children_count": "abc", "with_children": "y"}, "children_count", ""),
])
def test_bad_input_is_refused_beside_its_field(browser, city, shelter, rows, changes, field, message):
    service, unit = shelter
    response = _send(browser, city.a_coordinator, service, unit, **changes)
    shown = page(response)
    assert response.status_code == 400, shown.text[:500]
    assert shown.field_error(field).startswith(message) and shown.field_error(field)
    assert rows.count(Referral) == 0
    assert shown.values(f"{URL}/new").get("contact_name") == "Anna Koordynatorka"  # what was typed is kept


def test_junk_ids_and_own_organisation(browser, city, make, shelter, rows):
    service, _unit = shelter
    a = browser(city.a_coordinator)
    assert a.get(f"{URL}/999999").status_code == 404
    assert a.get(f"{URL}/new?service=abc&unit=-1").status_code == 200  # the list to choose from
    assert a.post(f"{URL}/new", data=_form("junk")).status_code == 400
    own = make.service(city.org_a, "Świetlica A")
    assert a.post(f"{URL}/new", data=_form(own)).status_code == 400
    assert a.post(f"{URL}/new", data=_form(service, 999999)).status_code == 400
    assert rows.count(Referral) == 0


def test_a_double_accept_is_refused_the_second_time(browser, city, make, shelter, rows):
    service, unit = shelter
    referral = make.referral(city.org_a, service, unit=unit)
    b = browser(city.b_admin)
    assert b.post(f"{URL}/{referral}/accept").status_code == 303
    again = page(b.post(f"{URL}/{referral}/accept", follow_redirects=True))
    assert "This referral has already been accepted." in again.flashes("error")
    unit_row = rows.one(CapacityUnit, id=unit)
    assert unit_row.reserved == 1
    assert rows.actions("referral.accepted") == ["referral.accepted"]


def test_no_free_place_refuses_the_acceptance_and_changes_nothing(browser, city, make, rows):
    service = make.service(city.org_b, "Mieszkanie chronione B")
    unit = make.referral_unit(service, total=1, occupied=1, kind="protected_flat")
    referral = make.referral(city.org_a, service, unit=unit)
    refused = page(browser(city.b_admin).post(f"{URL}/{referral}/accept", follow_redirects=True))
    assert refused.flashes("error") == [
        "There is no free place left in this unit: it may have been taken a moment ago."]
    assert rows.one(Referral, id=referral).status == ReferralStatus.SENT
    assert rows.one(CapacityUnit, id=unit).reserved == 0


@pytest.mark.parametrize(("urgency", "hours"), [("immediate", 4), ("urgent", 24), ("routine", 120)])
def test_the_deadline_follows_the_urgency(browser, city, shelter, rows, urgency, hours):
    service, unit = shelter
    assert _send(browser, city.a_coordinator, service, unit, urgency=urgency).status_code == 303
    referral = rows.one(Referral)
    assert referral.respond_by - referral.sent_at == timedelta(hours=hours)


def test_overdue_lists_on_both_sides(browser, city, make, shelter):
    service, unit = shelter
    late = make.referral(city.org_a, service, unit=unit, urgency="immediate", sent_at=utcnow() - timedelta(hours=5))
    make.referral(city.org_a, service, unit=unit, urgency="urgent", case_code="MOPS-2")
    for person in (city.a_coordinator, city.b_admin):
        listed = page(browser(person).get(f"{URL}/?tab=overdue"))
        assert listed.status == 200
        references = [row for table in listed.tables() for row in table.records()]
        assert len(references) == 1, references
        assert "overdue" in listed.text
    received = page(browser(city.b_admin).get(f"{URL}/"))
    assert received.status == 200 and str(late)


def test_retention_purge_twice(app, browser, city, make, shelter, rows):
    service, _unit = shelter
    old = make.referral(city.org_a, service, status="completed", outcome="helped",
                        sent_at=utcnow() - timedelta(days=120), closed_at=utcnow() - timedelta(days=100))
    recent = make.referral(city.org_a, service, status="declined", decline_reason="other",
                           closed_at=utcnow() - timedelta(days=10))
    runner = CliRunner()
    with app.app_context():
        dry = runner.invoke(retention_purge, ["--dry-run"], obj=None, standalone_mode=False)
    assert "Would purge 1" in dry.output and rows.one(Referral, id=old).case_code
    with app.app_context():
        first = runner.invoke(retention_purge, [], standalone_mode=False)
        second = runner.invoke(retention_purge, [], standalone_mode=False)
    assert "of 1 referrals" in first.output and "of 0 referrals" in second.output
    purged = rows.one(Referral, id=old)
    assert purged.purged_at and purged.case_code is None and purged.needs is None and purged.contact_name is None
    assert purged.consent_at is None and purged.outcome.value == "helped"
    assert rows.one(Referral, id=recent).case_code == "MOPS-2026/1"
    assert [e.details["referrals"] for e in rows.audit("retention.purged")] == [1]
    figures = page(browser(city.dept_analyst).get("/console/referrals/"))
    assert "2 referrals" in figures.text
    shown = page(browser(city.b_admin).get(f"{URL}/{old}"))
    assert "The personal details were deleted" in shown.text
    with app.app_context():
        shorter = runner.invoke(retention_purge, ["--days", "5"], standalone_mode=False)
    assert "of 1 referrals" in shorter.output
    assert len(rows.audit("retention.purged")) == 2 and rows.count(AuditEvent, action="retention.purged") == 2
