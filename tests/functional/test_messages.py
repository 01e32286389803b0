"""Messages to the network: the department writes to organisations chosen by network, kind, district, category and
programme, a network's coordinator to its members; the preview; the inbox in each reader's language; read
receipts; e-mails after the response in each person's language; a double submit; personal data; search; who may
see what (a second tenant present)."""

from __future__ import annotations

import pytest

from app.models import MessageDelivery, NetworkMessage, OrganisationKind, Role, User
from app.services.networks import messages
from tests.functional.support import page

CONSOLE = "/console/messages"
WORKSPACE = "/workspace/messages"


@pytest.fixture
def winter(make, city):
    """The winter-action network, coordinated by the department, with A and B; C (a third organisation) is not in
    it. B's admin reads Ukrainian."""
    org_c = make.organisation("Klub C", kind=OrganisationKind.DAY_CLUB)
    c_admin = make.user("c.admin@example.org", member_of=org_c, role=Role.ADMIN)
    network = make.network(city.department, [city.org_a, city.org_b], "Akcja zima")
    return network, org_c, c_admin


def _set_locale(rows, email: str, locale: str) -> None:
    from sqlalchemy import select

    from app.extensions import db

    def change():
        db.session.execute(select(User).where(User.email == email)).scalar_one().locale = locale
    rows.run(change)


def _key(client, url: str) -> str:
    form = page(client.get(f"{url}/new"))
    assert form.status == 200
    return form.values(f"{url}/new")["submission_key"]


def _post(client, url: str, data: dict):
    """POST, then close the response as a server does once it has sent it: the e-mails go out then."""
    response = client.post(url, data=data)
    response.close()
    return response


def _message(key: str, *, action: str = "send", **changes) -> dict:
    data = {"submission_key": key, "action": action,
            "subject_pl": "Akcja zima: zaktualizujcie wolne miejsca do 18:00",
            "body_pl": "Prosimy o aktualizację liczby wolnych miejsc do godziny 18:00.",
            "subject_uk": "Зимова акція: оновіть вільні місця до 18:00",
            "body_uk": "Просимо оновити кількість вільних місць до 18:00.",
            "subject_en": "Winter action: update free places by 18:00",
            "body_en": "Please update the number of free places by 18:00."}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_department_writes_to_a_network_and_sees_who_read_it(browser, city, make, winter, rows, outbox):
    """The preview counts the network's organisations and addresses; the message reaches A and B (not C), each
    person by e-mail in their language after the response; A opens it in English, and the department sees it read
    by A's staff member, and not by B."""
    network, _org_c, _c_admin = winter
    _set_locale(rows, "b.admin@example.org", "uk")
    department = browser(city.dept_officer)
    key = _key(department, CONSOLE)

    preview = page(department.post(f"{CONSOLE}/new", data=_message(key, action="preview", networks=[str(network)])))
    assert preview.status == 200
    assert preview.text_of("preview-count") == "2 organisations, 3 e-mail addresses."
    reached = {record["Organisation"] for record in preview.tables()[0].records()}
    assert reached == {"Stowarzyszenie A", "Schronisko B"}
    assert rows.count(NetworkMessage) == 0 and outbox() == []

    sent = _post(department, f"{CONSOLE}/new", _message(key, networks=[str(network)]))
    assert sent.status_code == 303
    message = rows.one(NetworkMessage)
    assert sent.headers["Location"].endswith(f"{CONSOLE}/{message.id}")
    deliveries = rows.all(MessageDelivery)
    assert {d.organisation_id for d in deliveries} == {city.org_a.id, city.org_b.id}
    assert rows.actions("message.") == ["message.sent"]
    assert rows.audit("message.sent")[0].details["organisations"] == 2

    mail = {m["to"]: m for m in outbox()}
    assert set(mail) == {"a.admin@example.org", "a.coordinator@example.org", "b.admin@example.org"}
    assert mail["b.admin@example.org"]["subject"] == "Зимова акція: оновіть вільні місця до 18:00"
    assert "Просимо оновити" in mail["b.admin@example.org"]["body"]
    assert mail["a.admin@example.org"]["subject"] == "Akcja zima: zaktualizujcie wolne miejsca do 18:00"
    assert "/workspace/messages/" in mail["a.admin@example.org"]["body"]
    by_org = {d.organisation_id: d for d in rows.all(MessageDelivery)}
    assert by_org[city.org_a.id].emailed_at is not None and by_org[city.org_a.id].emailed_to == 2
    assert by_org[city.org_b.id].emailed_to == 1

    a = browser(city.a_staff)
    assert page(a.get("/workspace/")).text_of("unread-messages") == "1 unread message"  # on the workspace's home
    inbox = page(a.get(f"{WORKSPACE}/"))
    assert inbox.status == 200 and inbox.text_of("unread-count") == "1 unread message"
    assert "Winter action: update free places by 18:00" in inbox and "unread" in inbox
    opened = page(a.get(f"{WORKSPACE}/{message.id}"))
    assert opened.status == 200 and opened.h1 == "Winter action: update free places by 18:00"
    assert "Please update the number of free places by 18:00." in opened
    assert page(a.get(f"{WORKSPACE}/")).text_of("unread-count") == "0 unread messages"
    assert page(a.get("/workspace/")).text_of("unread-messages") is None
    read = rows.one(MessageDelivery, organisation_id=city.org_a.id)
    assert read.read_at is not None and read.read_by_id == city.a_staff.id
    page(browser(city.a_admin).get(f"{WORKSPACE}/{message.id}"))  # a second reader does not replace the first
    assert rows.one(MessageDelivery, organisation_id=city.org_a.id).read_by_id == city.a_staff.id

    receipts = page(department.get(f"{CONSOLE}/{message.id}"))
    assert receipts.status == 200 and receipts.text_of("read-figure") == "read by 1 of 2"
    records = {r["Organisation"]: r for r in receipts.tables()[0].records()}
    assert "Jan Testowy" in records["Stowarzyszenie A"]["Read"]
    assert records["Schronisko B"]["Read"] == "not read yet"
    assert "to 1 address" in records["Schronisko B"]["E-mailed"]
    assert "read by 1 of 2" in page(department.get(f"{CONSOLE}/"))
    assert "Akcja zima" in receipts  # the audience, in words

    # C is not in the network: the message is not its own
    assert browser(_c_admin).get(f"{WORKSPACE}/{message.id}").status_code == 404


def test_a_double_submit_sends_once(browser, city, winter, rows, outbox):
    network, _org_c, _c_admin = winter
    department = browser(city.dept_admin)
    key = _key(department, CONSOLE)
    first = _post(department, f"{CONSOLE}/new", _message(key, networks=[str(network)]))
    outbox_after_first = len(outbox())
    again = department.post(f"{CONSOLE}/new", data=_message(key, networks=[str(network)]), follow_redirects=True)
    assert rows.count(NetworkMessage) == 1 and rows.count(MessageDelivery) == 2
    assert len(outbox()) == outbox_after_first == 3
    shown = page(again)
    assert shown.status == 200 and shown.flashes("info") == [
        "This form had been sent already: the message was sent once. Here it is."]
    assert first.headers["Location"].endswith(f"/{rows.one(NetworkMessage).id}")


def test_the_department_chooses_by_kind_district_category_and_programme(browser, city, make, winter, rows):
    """Each criterion reaches the right organisations; criteria of different kinds must all hold (AND), options
    within one any (OR); inactive organisations never."""
    _network, org_c, _c_admin = winter
    district = make.district(name="Śródmieście")
    make.location(city.org_a, "Punkt A", district=district)
    housing = make.term("mieszkanie", "Mieszkanie")
    night = make.term("noclegownia", "Noclegownia", parent=housing)
    make.service(org_c, "Nocleg C", categories=[night])
    programme = make.programme(city.department, "Program zima")
    line = make.budget_line(city.department, programme, "50000.00")
    make.agreement(city.org_b, programme, line)
    closed = make.organisation("Schronisko zamknięte", kind=OrganisationKind.SHELTER)
    make.user("closed@example.org", member_of=closed, role=Role.ADMIN)

    def close():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import Organisation
        db.session.execute(select(Organisation).where(Organisation.id == closed.id)).scalar_one().is_active = False
    rows.run(close)

    department = browser(city.dept_officer)
    key = _key(department, CONSOLE)

    def reached(**audience) -> set[str]:
        shown = page(department.post(f"{CONSOLE}/new", data=_message(key, action="preview", **audience)))
        assert shown.status == 200, shown.field_errors()
        tables = shown.tables()
        return {r["Organisation"] for r in tables[0].records()} if tables else set()

    assert reached(kinds=["shelter"]) == {"Schronisko B"}
    assert reached(kinds=["shelter", "association"]) == {"Schronisko B", "Stowarzyszenie A"}
    assert reached(districts=[str(district)]) == {"Stowarzyszenie A"}
    assert reached(categories=[str(housing)]) == {org_c.name}  # the sub-category's service counts
    assert reached(programmes=[str(programme)]) == {"Schronisko B"}
    assert reached(kinds=["shelter"], districts=[str(district)]) == set()

    nobody = page(department.post(f"{CONSOLE}/new", data=_message(key, kinds=["shelter"],
                                                                   districts=[str(district)])))
    assert nobody.status == 400 and "No active organisation matches" in nobody.field_error("networks")
    junk = page(department.post(f"{CONSOLE}/new", data=_message(key, kinds=["castle"], districts=["x"])))
    assert junk.status == 400 and junk.field_error("kinds") == "Choose kinds of organisation from the list."
    empty = page(department.post(f"{CONSOLE}/new", data=_message(key)))
    assert empty.status == 400 and "Choose who receives the message" in empty.field_error("networks")

    sent = _post(department, f"{CONSOLE}/new", _message(key, kinds=["shelter"]))
    assert sent.status_code == 303
    assert {d.organisation_id for d in rows.all(MessageDelivery)} == {city.org_b.id}


def test_a_coordinating_organisation_writes_only_to_its_network(browser, city, make, winter, rows, outbox):
    """A coordinates a network with C: its form offers that network only, the message goes to C (never to A
    itself); a crafted audience — another network, a kind — is refused and nothing is saved; B, which coordinates
    nothing, is told so; A's staff may not write."""
    winter_network, org_c, _c_admin = winter
    own = make.network(city.org_a, [org_c], "Zespół interdyscyplinarny")
    a = browser(city.a_coordinator)
    form = page(a.get(f"{WORKSPACE}/new"))
    assert form.status == 200 and "Zespół interdyscyplinarny" in form and "Akcja zima" not in form
    key = form.values(f"{WORKSPACE}/new")["submission_key"]

    crafted = page(a.post(f"{WORKSPACE}/new", data=_message(key, networks=[str(winter_network)])))
    assert crafted.status == 400 and crafted.field_error("networks") == "Choose networks from the list."
    by_kind = page(a.post(f"{WORKSPACE}/new", data=_message(key, networks=[str(own)], kinds=["shelter"])))
    assert by_kind.status == 400
    assert by_kind.field_error("networks") == "You may write only to the members of the networks you coordinate."
    assert rows.count(NetworkMessage) == 0 and rows.count(MessageDelivery) == 0 and outbox() == []

    sent = _post(a, f"{WORKSPACE}/new", _message(key, networks=[str(own)]))
    assert sent.status_code == 303
    message = rows.one(NetworkMessage)
    assert message.organisation_id == city.org_a.id and message.network_id == own
    assert [d.organisation_id for d in rows.all(MessageDelivery)] == [org_c.id]
    assert [m["to"] for m in outbox()] == ["c.admin@example.org"]
    receipts = page(a.get(sent.headers["Location"]))
    assert receipts.status == 200 and receipts.text_of("read-figure") == "read by 0 of 1"
    assert "read by 0 of 1" in page(a.get(f"{WORKSPACE}/sent"))
    assert page(browser(city.a_staff).get(sent.headers["Location"])).status == 200  # staff read
    assert browser(city.a_staff).get(f"{WORKSPACE}/new").status_code == 403

    b = browser(city.b_admin)
    assert b.get(f"{WORKSPACE}/new").status_code == 303  # B coordinates no network
    assert b.get(f"{WORKSPACE}/sent/{message.id}").status_code == 404
    assert b.get(f"{CONSOLE}/{message.id}").status_code == 404
    assert b.get(f"{WORKSPACE}/{message.id}").status_code == 404
    # the department sees every message in the city
    assert page(browser(city.dept_analyst).get(f"{CONSOLE}/{message.id}")).status == 200


def test_another_organisation_gets_404_and_staff_read(browser, city, make):
    message = make.message(city.department, [city.org_a], "Wiadomość dla A")
    assert browser(city.b_admin).get(f"{WORKSPACE}/{message}").status_code == 404
    assert browser(city.b_staff).get(f"{WORKSPACE}/{message}").status_code == 404
    assert browser(city.b_admin).get(f"{WORKSPACE}/junk").status_code == 404
    assert "Wiadomość dla A" not in page(browser(city.b_admin).get(f"{WORKSPACE}/"))
    staff = page(browser(city.a_staff).get(f"{WORKSPACE}/{message}"))
    assert staff.status == 200 and staff.h1 == "Wiadomość dla A"
    assert browser(city.a_staff).get(f"{CONSOLE}/new").status_code == 403


def test_personal_data_is_refused_and_nothing_is_saved(browser, city, winter, rows, outbox):
    network, _org_c, _c_admin = winter
    department = browser(city.dept_officer)
    key = _key(department, CONSOLE)
    refused = page(department.post(f"{CONSOLE}/new", data=_message(
        key, networks=[str(network)], body_pl="Pani z PESEL 44051401359 potrzebuje miejsca.")))
    assert refused.status == 400 and "PESEL" in refused.field_error("body_pl")
    assert refused.values(f"{CONSOLE}/new")["subject_pl"] == "Akcja zima: zaktualizujcie wolne miejsca do 18:00"
    held = page(department.post(f"{CONSOLE}/new", data=_message(
        key, networks=[str(network)], body_en="Born 12.03.1985, needs a bed.")))
    assert held.status == 400 and held.field_error("no_personal_data")
    no_subject = page(department.post(f"{CONSOLE}/new", data=_message(key, networks=[str(network)], subject_pl="",
                                                                      subject_uk="")))
    assert no_subject.field_error("subject_pl") == "Write the subject in Polish."
    assert "Write the subject in this language too" in no_subject.field_error("subject_uk")
    assert rows.count(NetworkMessage) == 0 and rows.count(MessageDelivery) == 0 and outbox() == []


def test_search_finds_messages_by_a_word(browser, city, winter, rows):
    network, _org_c, _c_admin = winter
    department = browser(city.dept_officer)
    department.post(f"{CONSOLE}/new", data=_message(_key(department, CONSOLE), networks=[str(network)]))
    department.post(f"{CONSOLE}/new", data=_message(_key(department, CONSOLE), networks=[str(network)],
                                                    subject_pl="Szkolenie z pierwszej pomocy", subject_uk=None,
                                                    body_uk=None, subject_en=None, body_en=None,
                                                    body_pl="Zapraszamy na szkolenie w czwartek."))
    assert rows.count(NetworkMessage) == 2
    found = page(department.get(f"{CONSOLE}/?q=MIEJSCA"))
    assert "Akcja zima" in found and "Szkolenie" not in found
    assert "Szkolenie" in page(department.get(f"{CONSOLE}/?q=szkolenie czwartek"))
    assert "No message has these words." in page(department.get(f"{CONSOLE}/?q=żółw"))
    a = browser(city.a_admin)
    inbox = page(a.get(f"{WORKSPACE}/?q=pomocy"))
    assert "Szkolenie z pierwszej pomocy" in inbox and "Winter action" not in inbox
    assert "Winter action" in page(a.get(f"{WORKSPACE}/?q=wolnych"))  # folded: no diacritics needed either way
    assert page(a.get(f"{WORKSPACE}/?q=%00%25")).status == 200


def test_a_failed_mail_leaves_the_delivery_not_emailed(browser, city, winter, rows, monkeypatch):
    network, _org_c, _c_admin = winter

    import contextlib

    from app import mail

    @contextlib.contextmanager
    def refusing_b():
        def send(message):
            if message["To"].startswith("b."):
                raise OSError("the mail server refused it")
            mail.deliver(message)
        yield send
    monkeypatch.setattr(messages, "batch_sender", refusing_b)
    department = browser(city.dept_officer)
    sent = _post(department, f"{CONSOLE}/new", _message(_key(department, CONSOLE), networks=[str(network)]))
    assert sent.status_code == 303
    by_org = {d.organisation_id: d for d in rows.all(MessageDelivery)}
    assert by_org[city.org_b.id].emailed_at is None and by_org[city.org_a.id].emailed_at is not None
    receipts = page(department.get(sent.headers["Location"]))
    records = {r["Organisation"]: r for r in receipts.tables()[0].records()}
    assert records["Schronisko B"]["E-mailed"] == "not delivered by e-mail"

    monkeypatch.undo()
    runner = rows.app.test_cli_runner()
    result = runner.invoke(args=["messages", "deliver"])  # a message just sent is left to its worker
    assert result.exit_code == 0 and "Organisations e-mailed: 0." in result.output
    result = runner.invoke(args=["messages", "deliver", "--minutes", "0"])  # the operator sends what failed
    assert result.exit_code == 0 and "Organisations e-mailed: 1." in result.output
    assert rows.one(MessageDelivery, organisation_id=city.org_b.id).emailed_at is not None


def test_the_mails_of_one_message_go_over_one_smtp_connection(browser, city, winter, rows, app, monkeypatch):
    """With an SMTP server, the three addresses are sent over one connection (hundreds would be too), and each
    organisation's delivery is recorded."""
    import smtplib

    network, _org_c, _c_admin = winter
    connections, sent = [], []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            connections.append((host, port))

        def starttls(self):
            pass

        def send_message(self, message):
            sent.append(message["To"])

        def quit(self):
            pass

        def close(self):
            pass

    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    department = browser(city.dept_officer)
    response = _post(department, f"{CONSOLE}/new", _message(_key(department, CONSOLE), networks=[str(network)]))
    assert response.status_code == 303
    assert len(connections) == 1 and sorted(sent) == ["a.admin@example.org", "a.coordinator@example.org",
                                                      "b.admin@example.org"]
    assert all(d.emailed_at is not None for d in rows.all(MessageDelivery))
