"""E-mails are rendered in the recipient's language and land in the outbox."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale, gettext, ngettext

from app.mail import build_message, read_outbox, send_mail
from app.models import Role
from app.unit_of_work import unit_of_work

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


def test_outbox_keeps_what_was_sent(app):
    """Queued in the transaction, written to the outbox folder right after the commit (outside a request: at once)."""
    with app.app_context(), unit_of_work():
        send_mail("reader@example.org", "Zażółć gęślą jaźń", "password_reset", "pl",
                  user=SimpleNamespace(full_name="Czytelnik"), link="http://portal.test/x", hours=2)
    with app.test_request_context():
        [message] = read_outbox()
    assert message["to"] == "reader@example.org"
    assert message["subject"] == "Zażółć gęślą jaźń"
    assert "http://portal.test/x" in message["body"]
