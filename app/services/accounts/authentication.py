"""Signing in: password check behind the throttle, then the second factor; the holder told of repeated failures."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl
from sqlalchemy import select

from app.extensions import db
from app.mail import send_mail
from app.models import Membership, Organisation, OrganisationKind, User, utcnow
from app.passwords import check_password, hash_password, needs_rehash
from app.services import ServiceError
from app.services.accounts import throttle
from app.services.accounts.users import find_user_by_email, normalise_email
from app.services.audit.log import client_address, record_event
from app.tenancy import system_scope


def wait_message(seconds: int):
    """'Try again in N minutes', rounded up, in the right plural form."""
    minutes = max(1, (seconds + 59) // 60)
    return _nl("Too many failed attempts. Try again in %(num)d minute.",
               "Too many failed attempts. Try again in %(num)d minutes.", minutes)


class SignInThrottledError(ServiceError):
    """This address must wait before trying this account again; ``retry_after`` is in seconds.

    The same answer whether or not the account exists."""

    def __init__(self, retry_after: int):
        super().__init__(wait_message(retry_after))
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInAttempt:
    """The answer to an e-mail and password: the user, or the refusal (already counted and logged).

    A refusal is not an error of the request: the failure it records must be committed, so
    the route shows it beside the field and the unit of work commits as usual.
    """

    user: User | None
    refusal: ServiceError | None = None

    @property
    def throttled(self) -> bool:
        return isinstance(self.refusal, SignInThrottledError)


def check_credentials(email: str, password: str) -> SignInAttempt:
    """Check an e-mail and password behind the throttle; failures are counted and logged."""
    email = normalise_email(email)[:254]
    address = client_address()
    wait = throttle.retry_after(email, address)
    if wait:
        record_event("auth.sign_in_throttled", details={"email": email})
        return SignInAttempt(None, SignInThrottledError(wait))
    user = find_user_by_email(email)
    valid = check_password(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active_account:
        _count_failure(email, address, user)
        record_event("auth.sign_in_failed", actor=user, details={"email": email})
        return SignInAttempt(None, ServiceError(_l("The e-mail address or password is not right."), field="password"))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return SignInAttempt(user)


def memberships_of(user: User) -> list[Membership]:
    """Every membership of the user in an active organisation, the department first."""
    with system_scope("session.memberships"):
        rows = db.session.execute(
            select(Membership)
            .join(Membership.organisation)
            .where(Membership.user_id == user.id, Organisation.is_active.is_(True))
            .order_by(Organisation.kind != OrganisationKind.DEPARTMENT, Organisation.name)
        ).scalars().all()
    return list(rows)


def requires_two_factor(user: User) -> bool:
    """Department roles must use two-factor sign-in."""
    return any(m.organisation.is_department for m in memberships_of(user))


def _count_failure(email: str, address: str | None, user: User | None) -> None:
    """Count a failure; when it brings an active account to its ceiling, tell the holder (once a window)."""
    if throttle.record_failure(email, address) and user is not None and user.is_active_account \
            and throttle.claim_notice(email):
        notify_failed_sign_ins(user)


def notify_failed_sign_ins(user: User) -> None:
    """E-mail the holder, in their language and after the commit, that someone failed to sign in many times."""
    config = current_app.config
    minutes = max(1, config["LOGIN_THROTTLE_WINDOW_SECONDS"] // 60)
    record_event("auth.failures_notice_sent", actor=user, target=user)
    send_mail(user.email, _l("Failed attempts to sign in to your account"), "sign_in_failures",
              user.locale or "pl", user=user, failures=config["LOGIN_THROTTLE_PER_ACCOUNT"], minutes=minutes,
              reset_link=url_for("auth.forgot_password", _external=True),
              password_link=url_for("account.change_password", _external=True),
              two_factor_link=url_for("account.two_factor_setup", _external=True))


def complete_sign_in(user: User, *, method: str) -> None:
    """Record a successful sign-in and forget this address's failures for the account."""
    throttle.clear_pair(user.email, client_address())
    user.last_sign_in_at = utcnow()
    record_event("auth.sign_in", actor=user, target=user, details={"method": method})
    db.session.flush()


def record_second_factor_failure(user: User) -> None:
    """A wrong TOTP or recovery code counts like a wrong password."""
    _count_failure(user.email, client_address(), user)
    record_event("auth.second_factor_failed", actor=user, target=user)


def second_factor_wait(user: User) -> int:
    """Seconds before this account may try a code again."""
    return throttle.retry_after(user.email, client_address())
