"""E-mail: rendered in the recipient's language, queued in the outbox table with the change it tells about, and
handed to a backend — an outbox folder of .eml files in development and tests, SMTP in production.

``send_mail`` is what services call; the queue and its sender (retries with backoff, ``flask mail send``) are in
app/mail_queue.py. ``deliver`` and ``batch_sender`` hand messages to the backend directly, for the senders that keep
their own record of what was sent (reminders, network messages)."""

from __future__ import annotations

import contextlib
import smtplib
import uuid
from collections.abc import Callable, Iterator, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from app import mail_queue
from app.models.base import utcnow

Attachment = tuple[str, str, bytes]  # filename, content type (parameters after ";"), content


def build_message(to: str, subject: str, template: str, locale: str, *,
                  attachments: Sequence[Attachment] = (), **context) -> EmailMessage:
    """Render ``mail/<template>.txt`` in ``locale`` into a plain-text message, with ``attachments`` if any
    (each ``(filename, content type, bytes)``: a meeting's iCalendar file)."""
    with force_locale(locale):
        body = render_template(f"mail/{template}.txt", **context)
        subject_text = str(subject)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject_text
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain="siec-wsparcia.local")
    message.set_content(body)
    message["Content-Language"] = locale  # after set_content, which drops Content-* headers
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        params = dict(part.strip().split("=", 1) for part in subtype.split(";")[1:] if "=" in part)
        message.add_attachment(content, maintype=maintype, subtype=subtype.split(";")[0].strip(),
                               filename=filename, params=params)
    return message


def deliver(message: EmailMessage) -> None:
    """Hand a message to the configured backend."""
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "outbox":
        _write_to_outbox(message)
        return
    with _smtp() as smtp:
        smtp.send_message(message)


def _write_to_outbox(message: EmailMessage) -> None:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(bytes(message))


def _smtp() -> smtplib.SMTP:
    """A connection to the configured SMTP server, signed in when the settings say so."""
    config = current_app.config
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20)
    try:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
    except Exception:
        smtp.close()
        raise
    return smtp


@contextlib.contextmanager
def batch_sender() -> Iterator[Callable[[EmailMessage], None]]:
    """A ``send(message)`` for many messages in a row (a message to hundreds of organisations): one SMTP
    connection for all of them, opened at the first message and opened again after the server dropped it.
    ``send`` raises when a message fails; the next one is still tried."""
    if current_app.config["MAIL_BACKEND"] == "outbox":
        yield _write_to_outbox
        return
    connection: list[smtplib.SMTP] = []

    def send(message: EmailMessage) -> None:
        if not connection:
            connection.append(_smtp())
        try:
            connection[0].send_message(message)
        except smtplib.SMTPServerDisconnected:
            connection.clear()
            raise

    try:
        yield send
    finally:
        for smtp in connection:
            with contextlib.suppress(Exception):
                smtp.quit()


def send_mail(to: str, subject, template: str, locale: str, *, attachments: Sequence[Attachment] = (),
              **context) -> None:
    """Render one message in the recipient's language now and queue it in the outbox table, in the transaction of
    the change; it is sent right after the commit, and tried again until the mail server takes it.

    ``attachments``: ``(filename, content type, bytes)`` each, e.g. ``("meeting.ics",
    "text/calendar; method=REQUEST", data)`` (a parameter after ``;`` goes into the part's Content-Type).

    Nothing is sent for a change that is rolled back: its row goes with it (app/unit_of_work.py). Rendering
    happens here, inside the transaction, so the message says what the committed change says.
    """
    mail_queue.queue(build_message(to, subject, template, locale, attachments=attachments, **context))


def read_outbox(limit: int = 100) -> list[dict]:
    """The newest messages in the outbox folder, for the development mail page and tests."""
    from email import policy
    from email.parser import BytesParser

    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    if not outbox.is_dir():
        return []
    messages = []
    for path in sorted(outbox.glob("*.eml"), reverse=True)[:limit]:
        parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        messages.append(
            {
                "id": path.stem,
                "to": parsed["To"],
                "subject": parsed["Subject"],
                "date": parsed["Date"],
                "body": parsed.get_body(("plain",)).get_content(),
                "attachments": [(part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
                                for part in parsed.iter_attachments()],
            }
        )
    return messages
