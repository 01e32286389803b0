"""E-mails are rendered in the recipient's language and land in the outbox."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale, gettext, ngettext

from app.mail import build_message, read_outbox, send_mail
from app.models import Role

LINK = "http://portal.test/invitations/tok-123_ABC"
LANGUAGES = ("pl", "uk", "en")


def _in(locale, msgid, **values):
    with force_locale(locale):
        return gettext(msgid, **values)


def _invitation(locale):
    inviter = SimpleNamespace(full_name="Anna Zapraszająca")
    organisation = SimpleNamespace(name="Stowarzyszenie Testowe")
    with force_locale(locale):
        subject = gettext("Invitation to %(organisation)s", organisation=organisation.name)
    return build_message("new.person@example.org", subject, "invitation", locale,
                         organisation=organisation, role=Role.COORDINATOR, inviter=inviter, days=7, link=LINK)


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("locale", LANGUAGES)
def test_invitation_is_rendered_in_the_recipients_language(locale):
    message = _invitation(locale)
    body = message.get_content()
    assert message["To"] == "new.person@example.org"
    assert message["Content-Language"] == locale
    assert message["Subject"] == _in(locale, "Invitation to %(organisation)s", organisation="Stowarzyszenie Testowe")
    assert "Stowarzyszenie Testowe" in message["Subject"]
    assert LINK in body.split()  # the link stands alone on its line, whole
    assert "Anna Zapraszająca" in body and "Stowarzyszenie Testowe" in body
    assert _in(locale, "Hello,") in body
    with force_locale(locale):
        within = ngettext("To accept, open this link within %(num)d day:",
                          "To accept, open this link within %(num)d days:", 7)
    assert within in body
    assert "7" in within


@pytest.mark.usefixtures("ctx")
def test_languages_differ_where_the_catalogue_translates():
    bodies = {locale: _invitation(locale).get_content() for locale in LANGUAGES}
    for locale in ("pl", "uk"):
        if _in(locale, "Hello,") != "Hello,":
            assert bodies[locale] != bodies["en"]
            assert "Hello," not in bodies[locale]
    assert "Hello," in bodies["en"]


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("locale", LANGUAGES)
def test_password_reset_mail(locale):
    user = SimpleNamespace(full_name="Jan Testowy")
    link = "http://portal.test/password/reset/abc"
    message = build_message("jan@example.org", _in(locale, "Reset your password"), "password_reset", locale,
                            user=user, link=link, hours=2)
    body = message.get_content()
    assert message["Subject"] == _in(locale, "Reset your password")
    assert link in body.split()
    assert "Jan Testowy" in body
    assert _in(locale, "Hello %(name)s,", name="Jan Testowy") in body


def test_outbox_keeps_what_was_sent(ctx):
    send_mail("reader@example.org", "Zażółć gęślą jaźń", "password_reset", "pl",
              user=SimpleNamespace(full_name="Czytelnik"), link="http://portal.test/x", hours=2)
    [message] = read_outbox()
    assert message["to"] == "reader@example.org"
    assert message["subject"] == "Zażółć gęślą jaźń"
    assert "http://portal.test/x" in message["body"]


@pytest.mark.usefixtures("ctx")
def test_an_attachment_goes_with_the_text_and_existing_messages_stay_plain():
    """A calendar file rides along as its own part (content type with its method, file name, bytes intact); a
    message without attachments is the plain-text message it always was."""
    data = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    message = build_message("jan@example.org", "Zaproszenie", "password_reset", "pl", link=LINK,
                            user=SimpleNamespace(full_name="Jan"), hours=2,
                            attachments=[("posiedzenie.ics", "text/calendar; method=REQUEST", data)])
    assert message.get_content_type() == "multipart/mixed"
    assert LINK in message.get_body(("plain",)).get_content()
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "posiedzenie.ics"
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    assert part.get_payload(decode=True) == data
    plain = build_message("jan@example.org", "Hasło", "password_reset", "pl", link=LINK,
                          user=SimpleNamespace(full_name="Jan"), hours=2)
    assert plain.get_content_type() == "text/plain" and list(plain.iter_attachments()) == []


@pytest.mark.usefixtures("ctx")
def test_an_attachment_reaches_the_outbox():
    send_mail("reader@example.org", "Zaproszenie", "password_reset", "pl", link=LINK,
              user=SimpleNamespace(full_name="Jan"), hours=2,
              attachments=[("a.ics", "text/calendar; method=CANCEL", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    [stored] = [m for m in read_outbox() if m["to"] == "reader@example.org" and m["subject"] == "Zaproszenie"]
    assert stored["attachments"] == [("a.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")]
