"""The outbox table: a mail exists exactly when its change commits, and a mail-server outage delays it, loses
none and doubles none (a real SMTP server on a loopback port that refuses, then accepts)."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import update

from app import mail_queue
from app.extensions import db
from app.mail import send_mail
from app.models import OutgoingMail, utcnow
from app.unit_of_work import unit_of_work
from tests.smtp_server import TestSMTPServer


@pytest.fixture
def smtp(app, monkeypatch):
    """A local SMTP server the portal sends to (no STARTTLS, no sign-in)."""
    server = TestSMTPServer().start()
    for key, value in {"MAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": server.port,
                       "SMTP_STARTTLS": False, "SMTP_USERNAME": None}.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


def _later(monkeypatch, minutes: float) -> None:
    """The sender's clock moved ``minutes`` ahead (the backoff has run out)."""
    moment = utcnow() + timedelta(minutes=minutes)
    monkeypatch.setattr(mail_queue, "utcnow", lambda: moment)


def _queue(app, *recipients: str) -> None:
    """Mails queued by a command's unit of work (tried right after its commit)."""
    with app.app_context(), unit_of_work():
        for recipient in recipients:
            send_mail(recipient, "Reset your password", "password_reset", "en",
                      user=SimpleNamespace(full_name="Jan Testowy"), link="http://portal.test/x", hours=2)


def test_an_outage_delays_the_mail_and_loses_none(browser, city, rows, smtp, monkeypatch):
    smtp.mode = "down"
    answer = browser().post("/password/forgot", data={"email": city.a_staff.email})
    assert answer.status_code == 200  # the reader is not told about the mail server
    mail = rows.one(OutgoingMail)
    assert mail.sent_at is None and mail.attempts == 1 and "421" in mail.last_error
    assert timedelta(seconds=30) < mail.next_attempt_at - utcnow() <= timedelta(minutes=1)
    assert mail.recipient == city.a_staff.email and mail.subject == "Reset your password"

    smtp.mode = "accept"
    runner = rows.app.test_cli_runner()
    result = runner.invoke(args=["mail", "send"])  # not due yet: the backoff holds
    assert result.exit_code == 0 and "Mails sent: 0" in result.output
    assert smtp.received == []
    assert "queued: 0  failing: 1  given up: 0  sent today: 0" in runner.invoke(args=["mail", "status"]).output

    _later(monkeypatch, 2)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Mails sent: 1, failed (tried again later): 0" in result.output
    [(recipients, message)] = smtp.received
    assert recipients == [city.a_staff.email] and message["Subject"] == "Reset your password"
    assert "/password/reset/" in message.get_body(("plain",)).get_content()
    mail = rows.one(OutgoingMail)
    assert mail.sent_at is not None and mail.attempts == 2 and mail.last_error is None
    assert mail.next_attempt_at is None

    assert "Mails sent: 0" in runner.invoke(args=["mail", "send"]).output
    assert len(smtp.received) == 1  # exactly once
    monkeypatch.undo()
    assert "sent today: 1" in runner.invoke(args=["mail", "status"]).output


def test_a_busy_server_is_tried_again_with_a_growing_wait(app, rows, smtp, monkeypatch):
    smtp.mode = "busy"  # 451 to every sender: each mail is tried and keeps its own error
    _queue(app, "one@example.org", "two@example.org")
    mails = rows.all(OutgoingMail)
    assert [m.attempts for m in mails] == [1, 1] and all("451" in m.last_error for m in mails)
    assert smtp.connections == 1  # both over one connection
    for step, wait in ((1, 2), (2, 4), (3, 8)):  # failed once more each time: 2, 4, 8 minutes
        _later(monkeypatch, 2 ** step)
        with app.app_context():
            outcome = mail_queue.send_due()
        assert outcome == mail_queue.Outcome(sent=0, failed=2, given_up=0)
        for mail in rows.all(OutgoingMail):
            assert mail.attempts == step + 1
            assert mail.next_attempt_at - mail_queue.utcnow() == timedelta(minutes=wait)
    smtp.mode = "accept"
    _later(monkeypatch, 30)
    with app.app_context():
        assert mail_queue.send_due() == mail_queue.Outcome(sent=2)
    assert sorted(r[0][0] for r in smtp.received) == ["one@example.org", "two@example.org"]


def test_no_address_reaches_the_row_or_the_log_when_the_server_names_it(app, rows, smtp, caplog):
    """A refused recipient (SMTPRecipientsRefused names it) or sender: the error is kept and logged without them."""
    smtp.mode = "no_mailbox"
    with caplog.at_level(logging.WARNING, logger="app.mail_queue"):
        _queue(app, "private.person@example.org")
    (mail,) = rows.all(OutgoingMail)
    assert mail.attempts == 1 and "550" in mail.last_error and "<address>" in mail.last_error
    smtp.mode = "busy"
    with caplog.at_level(logging.WARNING, logger="app.mail_queue"):
        _queue(app, "another.person@example.org")
    logged = caplog.text + " ".join(m.last_error for m in rows.all(OutgoingMail))
    assert "451" in logged and "@" not in logged


def test_a_server_that_cannot_be_reached_is_not_asked_again_for_each_mail(app, rows, smtp, monkeypatch):
    smtp.mode = "down"
    _queue(app, "a@example.org", "b@example.org", "c@example.org")
    assert smtp.connections == 1  # the first refusal stands for the batch
    assert [m.attempts for m in rows.all(OutgoingMail)] == [1, 1, 1]
    smtp.mode = "accept"
    _later(monkeypatch, 2)
    with app.app_context():
        assert mail_queue.send_due().sent == 3
    assert smtp.connections == 2 and len(smtp.received) == 3  # the three over one connection


def test_a_rolled_back_change_leaves_no_mail(app, rows, smtp):
    with pytest.raises(RuntimeError), app.app_context(), unit_of_work():
        send_mail("someone@example.org", "Reset your password", "password_reset", "en",
                  user=SimpleNamespace(full_name="Jan"), link="http://portal.test/x", hours=2)
        raise RuntimeError("the change failed")
    assert rows.count(OutgoingMail) == 0 and smtp.connections == 0


def test_a_requests_mail_goes_once_its_response_is_sent(browser, city, rows, smtp, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SEND_AFTER_RESPONSE", True)
    answer = browser().post("/password/forgot", data={"email": city.a_staff.email})
    assert answer.status_code == 200
    assert rows.one(OutgoingMail).attempts == 0 and smtp.received == []  # queued; the reader did not wait
    answer.close()  # as a server does once it has sent the response
    assert len(smtp.received) == 1 and rows.one(OutgoingMail).sent_at is not None


def test_a_mail_is_given_up_after_the_retry_period_and_kept(app, rows, smtp, monkeypatch, caplog):
    smtp.mode = "down"
    _queue(app, "late@example.org")
    with app.app_context(), unit_of_work():
        db.session.execute(update(OutgoingMail).values(created_at=utcnow() - timedelta(hours=49)))
    _later(monkeypatch, 2)
    with caplog.at_level(logging.ERROR, logger="app.mail_queue"), app.app_context():
        assert mail_queue.send_due() == mail_queue.Outcome(given_up=1)
    assert "given up after 2 attempts" in caplog.text
    mail = rows.one(OutgoingMail)
    assert mail.sent_at is None and mail.next_attempt_at is None and mail.attempts == 2
    with app.app_context():
        assert mail_queue.send_due() == mail_queue.Outcome()  # never tried again
    assert "given up: 1" in rows.app.test_cli_runner().invoke(args=["mail", "status"]).output


def test_prune_deletes_the_mails_sent_days_ago(app, rows):
    _queue(app, "old@example.org", "new@example.org", "unsent@example.org")  # the outbox folder backend: sent
    with app.app_context(), unit_of_work():
        db.session.execute(update(OutgoingMail).where(OutgoingMail.recipient == "old@example.org")
                           .values(sent_at=utcnow() - timedelta(days=8)))
        db.session.execute(update(OutgoingMail).where(OutgoingMail.recipient == "unsent@example.org")
                           .values(sent_at=None, next_attempt_at=None, created_at=utcnow() - timedelta(days=30)))
    result = rows.app.test_cli_runner().invoke(args=["maintenance", "prune"])
    assert result.exit_code == 0 and "1 sent mails" in result.output
    assert sorted(m.recipient for m in rows.all(OutgoingMail)) == ["new@example.org", "unsent@example.org"]


def test_the_wait_doubles_up_to_an_hour():
    assert [mail_queue.next_delay(n) for n in (1, 2, 3, 4, 7, 8, 50)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 8, 60, 60, 60)]


def test_rows_another_sender_has_claimed_are_skipped(app, rows, smtp, monkeypatch):
    smtp.mode = "down"
    _queue(app, "a@example.org", "b@example.org")
    smtp.mode = "accept"
    _later(monkeypatch, 2)
    with app.app_context():
        claimed = mail_queue._claim(None)  # another host's sender took them and is sending
        assert [mail_id for mail_id, _data in claimed] == [m.id for m in rows.all(OutgoingMail)]
        assert mail_queue._claim(None) == [] and mail_queue.send_due() == mail_queue.Outcome()
    assert smtp.received == []
    _later(monkeypatch, 2 + 16)  # that sender stopped: its claim has run out, the rows are tried again
    with app.app_context():
        assert mail_queue.send_due().sent == 2
    assert len(smtp.received) == 2
