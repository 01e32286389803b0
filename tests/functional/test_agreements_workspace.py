"""An organisation's agreements in its workspace: the list (what waits for the admin first), one agreement with its
money and where it stands, the admin's explicit acceptance or sending it back with what should change, the signed
scan — and nothing of another organisation's agreements, nor of a draft the department is still writing."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Agreement, AgreementDocument, AgreementStatus
from app.services.agreements.documents import folder
from app.tenancy import system_scope
from tests.functional.support import location, page

YEAR = 2026


@pytest.fixture
def deal(make, city):
    """A programme and a line, and agreements of A in every state the workspace tells apart, and one of B."""
    programme = make.programme(city.department, "Program przeciwdziałania bezdomności")
    line = make.budget_line(city.department, programme, "500000.00", year=YEAR, task_pl="Noclegownie")

    def agreement(org, title, status, amount="24000.00", **fields):
        return make.agreement(org, programme, line, amount, status=status, title=title, year=YEAR, **fields)

    ids = {"in_force": agreement(city.org_a, "Noclegownia dla mężczyzn", "in_force"),
           "sent": agreement(city.org_a, "Mieszkanie chronione", "sent", "36000.00"),
           "completed": agreement(city.org_a, "Hotel interwencyjny", "completed", "12000.00"),
           "draft": agreement(city.org_a, "Świetlica w szkicu", "draft"),
           "b": agreement(city.org_b, "Schronisko B dla kobiet", "in_force")}
    make.tranche(ids["in_force"], "2000.00", state="paid", due_on=date(YEAR, 2, 1))
    make.tranche(ids["in_force"], "1500.00", state="approved", due_on=date(YEAR, 3, 1))
    return {**ids, "programme": programme, "line": line}


def _scan(app, agreement_id: int, name: str = "umowa-podpisana.pdf") -> int:
    """A signed scan of the agreement, its file in the scans' folder (as the department's upload leaves it)."""
    content = b"%PDF-1.4 podpisana umowa " + name.encode()
    with app.app_context(), system_scope("tests"):
        agreement = db.session.execute(select(Agreement).where(Agreement.id == agreement_id)).scalar_one()
        stored = "scan-" + hashlib.sha256(content).hexdigest()[:20]
        folder().mkdir(parents=True, exist_ok=True)
        (folder() / stored).write_bytes(content)
        document = AgreementDocument(organisation_id=agreement.organisation_id, agreement_id=agreement.id,
                                     filename=name, content_type="application/pdf", size=len(content),
                                     stored_name=stored, sha256=hashlib.sha256(content).hexdigest())
        db.session.add(document)
        db.session.commit()
        return document.id


def _money(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_the_list_shows_what_waits_first_then_what_is_in_force_and_nothing_of_drafts_or_others(browser, city, deal):
    listed = page(browser(city.a_staff).get("/workspace/agreements/"))
    assert listed.status == 200 and listed.h1 == "Agreements"
    records = listed.tables()[0].records()
    assert [record["Title"] for record in records] == ["Mieszkanie chronione", "Noclegownia dla mężczyzn",
                                                       "Hotel interwencyjny"]
    waiting, in_force, _completed = records
    assert waiting["Status"] == "Waiting for your acceptance" and in_force["Status"] == "In force"
    assert _money(in_force["Value"]) == "PLN 24,000.00" and _money(in_force["Paid"]) == "PLN 2,000.00"
    assert _money(in_force["Due"]) == "PLN 1,500.00" and in_force["Number"].startswith("WZ.526.")
    assert "1 agreement waits for your admin's acceptance." in listed
    assert "Świetlica w szkicu" not in listed and "Schronisko B dla kobiet" not in listed
    admin = page(browser(city.a_admin).get("/workspace/agreements/"))
    assert "1 agreement waits for your acceptance." in admin
    assert 'aria-current="page">Agreements</a>' in admin.html  # the workspace's menu names the page


def test_another_organisation_gets_404_for_every_page_and_form_and_nothing_changes(browser, city, deal, rows, app):
    scan = _scan(app, deal["sent"])
    b_admin = browser(city.b_admin)
    for url in (f"/workspace/agreements/{deal['sent']}", f"/workspace/agreements/{deal['sent']}/documents/{scan}",
                f"/workspace/agreements/{deal['sent']}/document", f"/workspace/agreements/{deal['sent']}/document.pdf"):
        assert b_admin.get(url).status_code == 404, url
    assert b_admin.post(f"/workspace/agreements/{deal['sent']}/accept", data={"confirm": "y"}).status_code == 404
    assert b_admin.post(f"/workspace/agreements/{deal['sent']}/decline",
                        data={"reason": "Inna kwota."}).status_code == 404
    assert rows.one(Agreement, id=deal["sent"]).status == AgreementStatus.SENT and rows.actions("agreement.") == []
    # A's scan under B's agreement is not B's either (a child is loaded through its parent)
    assert b_admin.get(f"/workspace/agreements/{deal['b']}/documents/{scan}").status_code == 404
    assert page(b_admin.get(f"/workspace/agreements/{deal['b']}")).status == 200


def test_a_draft_is_not_shown_to_the_organisation(browser, city, deal):
    admin = browser(city.a_admin)
    for url in (f"/workspace/agreements/{deal['draft']}", f"/workspace/agreements/{deal['draft']}/document",
                f"/workspace/agreements/{deal['draft']}/document.pdf"):
        assert admin.get(url).status_code == 404, url
    assert admin.post(f"/workspace/agreements/{deal['draft']}/accept", data={"confirm": "y"}).status_code == 404


def test_the_agreement_page_shows_its_terms_money_and_where_it_stands(browser, city, deal, app):
    scan = _scan(app, deal["in_force"])
    shown = page(browser(city.a_staff).get(f"/workspace/agreements/{deal['in_force']}"))
    assert shown.status == 200 and shown.h1 == "Noclegownia dla mężczyzn"
    money = _money(shown.text_of("agreement-money"))
    assert "Total value PLN 24,000.00" in money and "Paid PLN 2,000.00" in money
    assert "Approved, to be paid PLN 1,500.00" in money and "Remaining PLN 20,500.00" in money
    assert "Program przeciwdziałania bezdomności" in shown  # the department's programme, read for its own agreement
    assert [row[:2] for row in shown.tables()[0].rows[1:]] == [[str(YEAR), "City budget"]]  # funding: year, source
    assert "Noclegownie" not in shown  # the department's budget line itself stays with the department
    assert "Osoby objęte pomocą" in shown  # a target
    assert "Sent to your organisation" in shown.text_of("agreement-timeline")
    assert "Signed" in shown.text_of("agreement-timeline")
    assert "umowa-podpisana.pdf" in shown.text_of("agreement-documents")
    assert "Accept the agreement" not in shown
    download = browser(city.a_staff).get(f"/workspace/agreements/{deal['in_force']}/documents/{scan}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert "attachment" in download.headers["Content-Disposition"]


def test_the_admin_accepts_only_with_the_box_ticked(browser, city, deal, rows):
    admin = browser(city.a_admin)
    url = f"/workspace/agreements/{deal['sent']}"
    shown = page(admin.get(url))
    assert "Waiting for your acceptance" in shown and "Accept the agreement" in shown
    assert "I have read the agreement and accept it on behalf of the organisation" in shown
    refused = page(admin.post(f"{url}/accept", data={}))
    assert refused.status == 400
    assert "Confirm that you have read the agreement and accept it." in refused.field_error("confirm")
    assert rows.one(Agreement, id=deal["sent"]).status == AgreementStatus.SENT and rows.actions("agreement.") == []
    response = admin.post(f"{url}/accept", data={"confirm": "y"})
    assert response.status_code == 303 and location(response) == url
    accepted = rows.one(Agreement, id=deal["sent"])
    assert accepted.status == AgreementStatus.ACCEPTED and accepted.accepted_by_id == city.a_admin.id
    assert rows.actions("agreement.") == ["agreement.accepted"]
    after = page(admin.get(url))
    assert "The department records the signing next" in after.text_of("next-step")
    assert "Accepted by the organisation" in after.text_of("agreement-timeline")
    assert "Jan Testowy" in after.text_of("agreement-timeline")
    # the same form sent again changes nothing and says why
    again = admin.post(f"{url}/accept", data={"confirm": "y"}, follow_redirects=True)
    assert "This agreement is not waiting for your acceptance." in page(again).flashes("error")
    assert rows.actions("agreement.") == ["agreement.accepted"]


def test_a_coordinator_or_staff_member_cannot_accept_and_is_told_who_does(browser, city, deal, rows):
    url = f"/workspace/agreements/{deal['sent']}"
    for person in (city.a_coordinator, city.a_staff):
        client = browser(person)
        shown = page(client.get(url))
        assert "Your organisation's admin accepts the agreement" in shown and "I have read" not in shown
        assert client.post(f"{url}/accept", data={"confirm": "y"}).status_code == 403
        assert client.post(f"{url}/decline", data={"reason": "Inaczej."}).status_code == 403
    assert rows.one(Agreement, id=deal["sent"]).status == AgreementStatus.SENT


def test_sending_it_back_needs_what_should_change(browser, city, deal, rows):
    admin = browser(city.a_admin)
    url = f"/workspace/agreements/{deal['sent']}"
    refused = page(admin.post(f"{url}/decline", data={"reason": "   "}))
    assert refused.status == 400 and "Say what should change in the agreement." in refused.field_error("reason")
    assert rows.one(Agreement, id=deal["sent"]).status == AgreementStatus.SENT
    reason = "Prosimy o 14 miejsc zamiast 12 i start od 1 lutego."
    response = admin.post(f"{url}/decline", data={"reason": reason})
    assert response.status_code == 303 and location(response) == "/workspace/agreements/"
    back = rows.one(Agreement, id=deal["sent"])
    assert back.status == AgreementStatus.DRAFT and back.declined_reason == reason
    assert rows.actions("agreement.") == ["agreement.declined"]
    listed = page(admin.get("/workspace/agreements/"))
    assert "has gone back to the department" in " ".join(listed.flashes("success"))
    assert "Mieszkanie chronione" not in listed  # the department's draft again, until it sends it anew
    assert admin.get(url).status_code == 404


def test_the_dashboard_tells_how_many_agreements_wait(browser, city, deal, make):
    make.agreement(city.org_a, deal["programme"], deal["line"], "1000.00", status="sent", title="Druga", year=YEAR)
    admin = page(browser(city.a_admin).get("/workspace/"))
    assert "2 agreements wait for your acceptance." in admin
    assert 'href="/workspace/agreements/"' in admin.html
    staff = page(browser(city.a_staff).get("/workspace/"))
    assert "2 agreements wait for your admin's acceptance." in staff
    b = page(browser(city.b_admin).get("/workspace/"))
    assert "wait for your acceptance" not in b and "waits for your acceptance" not in b


def test_the_department_is_sent_to_the_console(browser, city, deal):
    officer = browser(city.dept_officer)
    assert officer.get("/workspace/agreements/").status_code == 302
    response = officer.get(f"/workspace/agreements/{deal['draft']}")
    assert response.status_code == 302 and location(response).startswith("/console/")


def test_the_organisation_reads_it_in_its_own_language_with_the_polish_texts_marked(browser, city, deal):
    shown = page(browser(city.a_staff, lang="uk").get(f"/workspace/agreements/{deal['in_force']}"))
    assert shown.status == 200 and shown.lang == "uk"
    assert '<h1><span lang="pl">Noclegownia dla mężczyzn</span></h1>' in shown.html


def _party(app, agreement_id: int, partner_id: int) -> None:
    from app.models import AgreementParty

    with app.app_context(), system_scope("tests"):
        lead = db.session.execute(select(Agreement.organisation_id).where(Agreement.id == agreement_id)).scalar_one()
        db.session.add(AgreementParty(organisation_id=lead, agreement_id=agreement_id, partner_id=partner_id))
        db.session.commit()


def test_a_joint_party_reads_the_terms_of_the_agreement_it_is_named_in_and_nothing_more(app, browser, city, deal):
    _party(app, deal["in_force"], city.org_b.id)
    _party(app, deal["draft"], city.org_b.id)
    member = browser(city.b_staff)
    listed = page(member.get("/workspace/agreements/"))
    joint = [table for table in listed.tables() if "Lead organisation" in table.rows[0]]
    assert len(joint) == 1, "B's list has a table of the agreements it is a joint party to"
    rows = joint[0].records()
    assert [row["Title"] for row in rows] == ["Noclegownia dla mężczyzn"]  # never the draft
    assert rows[0]["Lead organisation"] == city.org_a.name and _money(rows[0]["Value"]) == "PLN 24,000.00"

    shown = page(member.get(f"/workspace/agreements/joint/{deal['in_force']}"))
    assert shown.status == 200 and shown.h1 == "Noclegownia dla mężczyzn"
    assert f"which {city.org_a.name} leads" in shown and "Terms of the agreement" in shown
    assert 'action="/workspace/agreements/' not in shown.html  # reads only: no form to accept or send back
    document = page(member.get(f"/workspace/agreements/joint/{deal['in_force']}/document"))
    assert document.status == 200 and "Noclegownia dla mężczyzn" in document and city.org_a.name in document
    assert "24 000,00 zł" in document.text.replace("\xa0", " ")  # the lead's agreement, read whole, in Polish
    pdf = member.get(f"/workspace/agreements/joint/{deal['in_force']}/document.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert member.get(f"/workspace/agreements/joint/{deal['draft']}/document").status_code == 404
    assert member.get(f"/workspace/agreements/joint/{deal['draft']}").status_code == 404
    assert member.get(f"/workspace/agreements/joint/{deal['sent']}").status_code == 404  # not a party to it
    assert member.get(f"/workspace/agreements/{deal['in_force']}").status_code == 404  # not the lead's own page
    assert browser(city.a_staff).get(f"/workspace/agreements/joint/{deal['in_force']}").status_code == 404
    assert "joint party" not in page(browser(city.a_staff).get("/workspace/agreements/"))


def test_the_list_says_what_else_waits_an_amendment_and_a_returned_statement(app, browser, city, deal, make):
    from app.models import Amendment, StatementStatus

    with app.app_context(), system_scope("tests"):
        db.session.add(Amendment(organisation_id=city.org_a.id, agreement_id=deal["in_force"], number=1,
                                 proposed_by="department", status="proposed", reason="Przedłużenie o miesiąc.",
                                 changes={}, before={}, after={}))
        db.session.commit()
    make.statement(deal["in_force"], date(YEAR, 3, 1), "30", status=StatementStatus.RETURNED)
    make.statement(deal["b"], date(YEAR, 3, 1), "30", status=StatementStatus.RETURNED)  # B's: never on A's list
    listed = page(browser(city.a_staff).get("/workspace/agreements/"))
    notice = listed.text_of("agreements-to-do") or ""
    assert "Amendment no. 1 to agreement WZ.526." in notice and "waits for your organisation's decision" in notice
    assert notice.count("was returned for correction") == 1 and "March 2026" in notice
    assert page(browser(city.b_staff).get("/workspace/agreements/")).text_of("agreements-to-do") is not None
    assert "Amendment no." not in (page(browser(city.b_staff).get("/workspace/agreements/"))
                                   .text_of("agreements-to-do") or "")
