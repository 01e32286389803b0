"""Residents' feedback ("report a mistake"): intake with spam checks, and telling who keeps the listing.

A resident writes what is wrong with a public listing. The form works without JavaScript
and without third-party services, so spam is kept out by four cheap checks: a honeypot
field people never see, a signed timestamp (a form sent within seconds of being shown, or
hours later, is refused), a limit on links, and a limit per address (Flask-Limiter's
storage, shared through Redis when configured).

Scopes: the listing is read in the public scope (only what residents may see can be
reported) and the feedback row is inserted there. Two look-ups an anonymous visitor cannot
make are done in a widened scope, written to the audit log with why, and reveal nothing to
the visitor: whether the same feedback was just stored (a form sent twice stores one), and
whom to tell.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadData, URLSafeSerializer
from limits import parse_many
from sqlalchemy import select

from app import rate_limits
from app.extensions import db
from app.mail import send_mail
from app.models import (
    Feedback,
    ListingKind,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
    utcnow,
)
from app.services import ServiceError
from app.services.audit.log import client_address, record_event, widened_scope
from app.services.feedback.inbox import listing_title

log = logging.getLogger(__name__)

MESSAGE_MIN = 10
MESSAGE_MAX = 2000
MAX_LINKS = 2
TOKEN_MIN_SECONDS = 3  # people take longer than this to read the form and type
TOKEN_MAX_SECONDS = 2 * 3600
DUPLICATE_WINDOW = timedelta(hours=1)
DEFAULT_RATE_LIMIT = "10 per hour; 30 per day"
ORGANISATION_RECIPIENT_ROLES = (Role.ADMIN, Role.COORDINATOR)
DEPARTMENT_RECIPIENT_ROLES = (Role.ADMIN, Role.OFFICER)
LINK = re.compile(r"(?:https?://|www\.)\S+", re.I)

REFUSED = _l("We could not accept this message. If you are a person, please send it again.")


# --- the form token -------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="feedback-form")


def issue_form_token(kind: ListingKind | str, object_id: int, *, issued_at: float | None = None) -> str:
    """A signed note of which listing the form is about and when it was shown."""
    moment = int(time.time() if issued_at is None else issued_at)
    return _serializer().dumps([str(kind), int(object_id), moment])


def check_form_token(token: str | None, kind: ListingKind | str, object_id: int, *, now: float | None = None) -> None:
    """Refuse a form sent without a valid token, too fast after it was shown, or hours later."""
    try:
        token_kind, token_id, issued_at = _serializer().loads(token or "")
        issued_at = float(issued_at)
    except (BadData, TypeError, ValueError):
        raise ServiceError(REFUSED, field="message") from None
    if token_kind != str(kind) or token_id != int(object_id):
        raise ServiceError(REFUSED, field="message")
    age = (time.time() if now is None else now) - issued_at
    if age < TOKEN_MIN_SECONDS:
        raise ServiceError(_l("That was very quick. Please check your message and send it again."), field="message")
    if age > TOKEN_MAX_SECONDS:
        raise ServiceError(_l("The form was open for a long time. Please check your message and send it again."),
                           field="message")


# --- the checks -------------------------------------------------------------------------------


def count_links(text: str) -> int:
    """How many web addresses a message holds."""
    return len(LINK.findall(text or ""))


def check_message(message: str) -> str:
    """The message, trimmed; refused when too short, too long or full of links."""
    message = (message or "").strip()
    if len(message) < MESSAGE_MIN:
        raise ServiceError(_l("Write at least %(min)d characters, so that the organisation knows what to correct.",
                              min=MESSAGE_MIN), field="message")
    if len(message) > MESSAGE_MAX:
        raise ServiceError(_l("Write at most %(max)d characters.", max=MESSAGE_MAX), field="message")
    if count_links(message) > MAX_LINKS:
        raise ServiceError(_l("Include at most %(max)d web addresses.", max=MAX_LINKS), field="message")
    return message


def _rate_limits():
    setting = current_app.config.get("REPORT_RATE_LIMIT") or DEFAULT_RATE_LIMIT
    try:
        return parse_many(setting)
    except ValueError:
        log.warning("REPORT_RATE_LIMIT %r is not a rate limit; using %r", setting, DEFAULT_RATE_LIMIT)
        return parse_many(DEFAULT_RATE_LIMIT)


def check_rate_limit() -> None:
    """Count one report from this address; refuse once the configured limit is reached."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    address = client_address() or "unknown"
    for item in _rate_limits():
        if not rate_limits.hit(item, "feedback", address):  # Redis down: counted in this process's memory
            raise ServiceError(_l("You have sent several reports in a short time. Please try again later."),
                               field="message")


def refuse_robots(honeypot: str | None, token: str | None, kind: ListingKind | str, object_id: int) -> None:
    """Refuse what looks like a robot: the hidden field filled in, or a form token that is missing, not this
    form's, sent too fast or hours later. Each such refusal counts against the address's limit; a person's
    slip (a message too short, a mistyped e-mail) does not. Shared by every public form residents send
    (reports of a mistake, comments on a small grant offer)."""
    try:
        if honeypot:
            raise ServiceError(REFUSED, field="message")
        check_form_token(token, kind, object_id)
    except ServiceError:
        check_rate_limit()
        raise


def check_reply_address(email: str | None) -> str | None:
    """The resident's e-mail address for a reply, trimmed and lower-cased (None when blank); refused when it
    cannot be one."""
    email = (email or "").strip().lower() or None
    if email and (len(email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email)):
        raise ServiceError(_l("Enter an e-mail address like name@example.org."), field="email")
    return email


# --- intake -----------------------------------------------------------------------------------


def submit_feedback(kind: ListingKind, listing, *, message: str, email: str | None, locale: str,
                  honeypot: str | None, token: str | None) -> Feedback:
    """Store a resident's report about a public listing and tell the organisation and the department.

    ``listing`` was loaded in the public scope. Refusals raise ServiceError and store nothing.
    """
    refuse_robots(honeypot, token, kind, listing.id)
    message = check_message(message)
    email = check_reply_address(email)
    check_rate_limit()
    with widened_scope("feedback.duplicate_check: a form sent twice stores one"):
        duplicate = db.session.execute(
            select(Feedback).where(
                Feedback.kind == kind, Feedback.object_id == listing.id,
                Feedback.message == message, Feedback.created_at >= utcnow() - DUPLICATE_WINDOW)
        ).scalars().first()
    if duplicate is not None:  # the same form sent twice: one report
        return duplicate
    report = Feedback(organisation_id=listing.organisation_id, kind=kind, object_id=listing.id,
                           message=message, reporter_email=email, locale=locale if locale in ("pl", "uk", "en")
                           else "pl")
    db.session.add(report)
    db.session.flush()
    record_event("feedback.received", organisation_id=report.organisation_id, target=report,
                 details={"kind": str(kind), "object_id": listing.id, "reply_wanted": email is not None})
    notify_feedback(report, listing_title(listing))
    return report


def _recipients(organisation_id: int) -> list[tuple[User, bool]]:
    """(user, is_department) for the organisation's admins and coordinators and the department's staff."""
    with widened_scope("feedback.recipients: who keeps the listing right"):
        rows = db.session.execute(
            select(User, Organisation.kind).join(Membership, Membership.user_id == User.id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(User.is_active_account.is_(True), Organisation.is_active.is_(True))
            .where(
                ((Membership.organisation_id == organisation_id)
                 & Membership.role.in_(ORGANISATION_RECIPIENT_ROLES))
                | ((Organisation.kind == OrganisationKind.DEPARTMENT)
                   & Membership.role.in_(DEPARTMENT_RECIPIENT_ROLES))
            )
        ).all()
    seen, people = set(), []
    for user, kind in rows:
        if user.id not in seen:
            seen.add(user.id)
            people.append((user, kind == OrganisationKind.DEPARTMENT))
    return people


def notify_feedback(report: Feedback, title: str) -> int:
    """E-mail the people who keep the listing right, once the feedback is stored; returns how many.

    The messages go out after the commit (app/mail.py), so a mail failure never loses the feedback.
    """
    recipients = _recipients(report.organisation_id)
    for user, in_department in recipients:
        if in_department:
            link = url_for("feedback_console.detail", feedback_id=report.id, _external=True)
        else:  # the person may be acting for another of their organisations when they follow it
            link = url_for("account.act_for", organisation=report.organisation_id,
                           next=url_for("feedback_workspace.detail", feedback_id=report.id), _external=True)
        send_mail(user.email, _l("A resident reported a mistake: %(title)s", title=title), "feedback_received",
                  user.locale or "pl", report=report, title=title, organisation=report.organisation, link=link)
    return len(recipients)
