"""The outbox table and its sender: every e-mail is a row of ``outgoing_mail`` (app/models/mail.py), queued by
``app.mail.send_mail`` in the transaction of the change it tells about, and sent from here.

- The row exists exactly when the change commits: a rolled-back change leaves no mail.
- Right after the commit the process that queued rows tries them: after the response in a request (the reader
  does not wait for the mail server), at once after the commit in a command. Mail goes out as soon as before.
- A failed attempt records a short error (never the message) and the next attempt, 1, 2, 4 … minutes later and
  at most an hour apart; after ``MAIL_RETRY_HOURS`` (48) the row is given up: kept, with no next attempt, and
  logged as an error. A mail-server outage therefore delays mail and loses none.
- ``flask mail send`` (scheduled every minute) sends every due row, over one SMTP connection per batch;
  ``flask mail status`` counts the queue; ``flask maintenance prune`` deletes rows sent ``MAIL_SENT_KEPT_DAYS`` ago.

Rows are claimed before they are sent, so that two senders (a process after its commit, the scheduled command
on another host) never both send one row: a short transaction of its own moves the rows' ``next_attempt_at``
``CLAIM`` ahead. On PostgreSQL the due rows are read ``FOR UPDATE SKIP LOCKED`` (a row another sender is claiming
is skipped, not waited for); on SQLite the write lock the claiming transaction holds from its first statement
serialises the claimers. A sender that stops between its claim and its record leaves the rows to be tried again
once the claim runs out; if the mail server had already taken one, that mail goes twice — the one way a mail
can be doubled, none by which it is lost.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from flask import Flask, after_this_request, current_app, g, has_request_context
from sqlalchemy import case, delete, func, inspect, select, update

from app.extensions import db
from app.localtime import local_today, start_of_day
from app.models import OutgoingMail, utcnow
from app.unit_of_work import after_commit, unit_of_work

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=15)  # how long a claimed row is left to its sender before another may try it
BATCH = 100  # rows claimed (and sent over one connection) at a time
LONGEST_WAIT = timedelta(hours=1)  # the backoff's cap
_PENDING = "mail_queue.pending"  # session.info: (transaction, rows queued in it)
_AFTER_RESPONSE = "_mail_after_response"  # g: ids committed in this request, sent once the response is out


@dataclass(frozen=True)
class Outcome:
    """What one run of the sender did: mails sent, attempts failed (tried again later), and rows given up."""

    sent: int = 0
    failed: int = 0
    given_up: int = 0

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(self.sent + other.sent, self.failed + other.failed, self.given_up + other.given_up)


# -- queueing, in the transaction of the change ---------------------------------------------------------------

def queue(message: EmailMessage) -> OutgoingMail:
    """Add ``message`` to the outbox in the current transaction, and have it sent right after the commit."""
    row = OutgoingMail(recipient=str(message["To"] or "")[:320], subject=str(message["Subject"] or "")[:300],
                       message=bytes(message), attempts=0, next_attempt_at=utcnow())
    session = db.session()
    session.add(row)
    if not session.in_transaction():
        session.flush()  # begins the transaction the row commits with
    transaction = session.get_transaction()
    pending = session.info.get(_PENDING)
    if pending is None or pending[0] is not transaction:
        pending = (transaction, [])
        session.info[_PENDING] = pending
        after_commit(_committed, current_app._get_current_object(), pending[1], _after_response_ids())
    pending[1].append(row)
    return row


def _after_response_ids() -> list[int] | None:
    """In a request: the list of ids it committed, sent once its response is out (one hook per request); None when
    they are sent right after the commit (outside a request, or with ``MAIL_SEND_AFTER_RESPONSE`` off)."""
    if not has_request_context() or not current_app.config["MAIL_SEND_AFTER_RESPONSE"]:
        return None
    ids = g.get(_AFTER_RESPONSE)
    if ids is None:
        ids = []
        setattr(g, _AFTER_RESPONSE, ids)
        app = current_app._get_current_object()

        @after_this_request
        def _send_after_response(response):
            response.call_on_close(lambda: ids and send_queued(app, list(ids)))
            return response
    return ids


def _committed(app: Flask, rows: list[OutgoingMail], after_response: list[int] | None) -> None:
    """The transaction committed (no SQL here): send its rows now, or note them for after the response."""
    ids = [key[0] for key in (inspect(row).identity for row in rows) if key]  # rows of a rolled-back savepoint: none
    if after_response is not None:
        after_response.extend(ids)
    elif ids:
        send_queued(app, ids)


def send_queued(app: Flask, ids: Iterable[int]) -> Outcome:
    """Try the rows ``ids`` just committed (those still due: another sender may have taken them); never raises,
    whatever fails is tried again by ``flask mail send``."""
    ids = list(ids)
    try:
        with app.app_context():
            outcome = Outcome()
            for start in range(0, len(ids), BATCH):
                outcome += _send_batch(ids=ids[start:start + BATCH])
            return outcome
    except (smtplib.SMTPException, OSError) as error:  # the relay's answer may name recipients: no traceback
        log.error("the mails just queued (%d) could not be sent now; `flask mail send` will: %s", len(ids),
                  _short(error))
        return Outcome()
    except Exception:
        log.exception("the mails just queued (%d) could not be sent now; `flask mail send` will", len(ids))
        return Outcome()


# -- sending ---------------------------------------------------------------------------------------------------

def send_due() -> Outcome:
    """Send every row that is due, a batch at a time over one connection each (``flask mail send``)."""
    outcome = Outcome()
    while True:
        batch = _send_batch()
        if not (batch.sent or batch.failed or batch.given_up):
            return outcome
        outcome += batch


def _send_batch(*, ids: list[int] | None = None) -> Outcome:
    """Claim up to ``BATCH`` due rows (of ``ids`` if given), send them over one connection, record what happened."""
    claimed = _claim(ids)
    if not claimed:
        return Outcome()
    from app.mail import batch_sender

    results: dict[int, Exception | None] = {}
    with batch_sender() as send:
        for mail_id, data in claimed:
            down = next((error for error in results.values() if _server_unreachable(error)), None)
            if down is not None:  # no connection to be had: the rest wait for the next attempt, not for timeouts
                results[mail_id] = down
                continue
            try:
                send(BytesParser(policy=policy.default).parsebytes(data))
                results[mail_id] = None
            except Exception as error:  # noqa: BLE001 - recorded on the row, tried again later
                results[mail_id] = error
    return _record(results)


def _claim(ids: list[int] | None) -> list[tuple[int, bytes]]:
    """Take the due rows for this sender in a short transaction: their next attempt moved ``CLAIM`` ahead."""
    now = utcnow()
    with unit_of_work():
        query = (select(OutgoingMail.id, OutgoingMail.message)
                 .where(OutgoingMail.sent_at.is_(None), OutgoingMail.next_attempt_at <= now)
                 .order_by(OutgoingMail.next_attempt_at, OutgoingMail.id).limit(BATCH)
                 .with_for_update(skip_locked=True))  # PostgreSQL; SQLite's write lock serialises claimers
        if ids is not None:
            query = query.where(OutgoingMail.id.in_(ids))
        claimed = [(row.id, bytes(row.message)) for row in db.session.execute(query)]
        if claimed:
            db.session.execute(update(OutgoingMail).where(OutgoingMail.id.in_([one[0] for one in claimed]))
                               .values(next_attempt_at=now + CLAIM))
    return claimed


def _server_unreachable(error: Exception | None) -> bool:
    """A failure of the connection itself (refused, timed out, the server's 421 greeting), not of one message."""
    if error is None:
        return False
    return isinstance(error, smtplib.SMTPConnectError) or (isinstance(error, OSError)
                                                           and not isinstance(error, smtplib.SMTPException))


def next_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most ``LONGEST_WAIT``."""
    return min(timedelta(minutes=2 ** max(0, min(attempts - 1, 16))), LONGEST_WAIT)


def _record(results: dict[int, Exception | None]) -> Outcome:
    """Write each claimed row's attempt in one short transaction: sent, or its error and next attempt (none once
    ``MAIL_RETRY_HOURS`` have passed since it was queued)."""
    now = utcnow()
    give_up_before = now - timedelta(hours=current_app.config["MAIL_RETRY_HOURS"])
    sent = failed = given_up = 0
    with unit_of_work():
        rows = db.session.execute(select(OutgoingMail.id, OutgoingMail.attempts, OutgoingMail.created_at)
                                  .where(OutgoingMail.id.in_(list(results)))).all()
        for mail_id, attempts, created_at in rows:
            error = results[mail_id]
            values: dict = {"attempts": attempts + 1}
            if error is None:
                values |= {"sent_at": now, "next_attempt_at": None, "last_error": None}
                sent += 1
            else:
                values["last_error"] = _short(error)
                if created_at <= give_up_before:
                    values["next_attempt_at"] = None
                    given_up += 1
                    log.error("mail %s given up after %d attempts over %d hours: %s", mail_id, attempts + 1,
                              current_app.config["MAIL_RETRY_HOURS"], values["last_error"])
                else:
                    values["next_attempt_at"] = now + next_delay(attempts + 1)
                    failed += 1
                    log.warning("mail %s not sent (attempt %d), tried again at %s: %s", mail_id, attempts + 1,
                                f"{values['next_attempt_at']:%H:%M:%S}", values["last_error"])
            db.session.execute(update(OutgoingMail).where(OutgoingMail.id == mail_id).values(**values))
    return Outcome(sent, failed, given_up)


_ADDRESS = re.compile(r"[^\s@'\"<>(),;:]+@[^\s@'\"<>(),;:]+")


def _short(error: Exception) -> str:
    """The error as one short line for the row and the log (the server's answer; never the message, and never a
    recipient's address — SMTPRecipientsRefused names them)."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return _ADDRESS.sub("<address>", text)[:300]


# -- the operator's view and housekeeping ------------------------------------------------------------------------

def status() -> dict[str, int]:
    """Counts for ``flask mail status`` and the metrics: ``queued`` (not tried yet), ``failing`` (tried, to be
    tried again), ``given_up`` (kept unsent), ``sent_today`` (since midnight in Warsaw)."""
    unsent = OutgoingMail.sent_at.is_(None)
    due = OutgoingMail.next_attempt_at.is_not(None)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    with unit_of_work(writes=False):
        row = db.session.execute(select(
            count(unsent & due & (OutgoingMail.attempts == 0)),
            count(unsent & due & (OutgoingMail.attempts > 0)),
            count(unsent & OutgoingMail.next_attempt_at.is_(None)),
            count(OutgoingMail.sent_at >= start_of_day(local_today())),
        )).one()
    return dict(zip(("queued", "failing", "given_up", "sent_today"), map(int, row), strict=True))


def oldest_unsent() -> datetime | None:
    """When the oldest mail still to be sent (queued or failing, not given up) was queued; None when there is none
    (``flask doctor``)."""
    with unit_of_work(writes=False):
        return db.session.execute(select(func.min(OutgoingMail.created_at))
                                  .where(OutgoingMail.sent_at.is_(None), OutgoingMail.next_attempt_at.is_not(None))
                                  ).scalar()


def prune_sent(days: int, *, now: datetime | None = None) -> int:
    """Delete the rows sent more than ``days`` days ago (in the caller's transaction); returns how many."""
    limit = (now or utcnow()) - timedelta(days=days)
    return db.session.execute(delete(OutgoingMail).where(OutgoingMail.sent_at < limit)).rowcount
