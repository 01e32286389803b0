"""Accounts: creating users, passwords, password reset by e-mailed one-time link."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update

from app.extensions import db
from app.mail import send_mail
from app.models import OneTimeToken, TokenPurpose, User, utcnow
from app.passwords import hash_password, password_problem
from app.security import hash_token, new_token
from app.services import ServiceError
from app.services.accounts.mail_limits import allow_mail
from app.services.accounts.sessions import end_all_sessions
from app.services.audit.log import record_event
from app.sql import contains


def normalise_email(email: str) -> str:
    """E-mail addresses are compared trimmed and lower-cased."""
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def create_user(email: str, full_name: str, password: str | None, *, actor=None,
                locale: str | None = None, is_demo: bool = False) -> User:
    """Create an account. ``password`` None leaves it unusable until a reset or invitation."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise ServiceError(_l("An account with this e-mail address already exists."), field="email")
    if password is not None:
        problem = password_problem(password, email=email, full_name=full_name)
        if problem:
            raise ServiceError(problem, field="password")
    user = User(email=email, full_name=full_name.strip(), locale=locale, is_demo=is_demo)
    if password is not None:
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
    db.session.add(user)
    db.session.flush()
    record_event("user.created", actor=actor or user, target=user)
    return user


def change_password(user: User, new_password: str, *, actor: User, keep_session: str | None) -> None:
    """Set a new password and end every other session of the user."""
    problem = password_problem(new_password, email=user.email, full_name=user.full_name)
    if problem:
        raise ServiceError(problem, field="new_password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user, keep_raw=keep_session)
    record_event("user.password_changed", actor=actor, target=user)
    db.session.flush()


def update_profile(user: User, *, full_name: str, locale: str | None, actor: User) -> list[str]:
    """Change the user's display name and preferred language; returns (and audits) what changed."""
    values = {"full_name": full_name.strip(), "locale": locale or None}
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    if changed:
        record_event("user.profile_updated", actor=actor, target=user, details={"fields": changed})
    db.session.flush()
    return changed


def remember_language(user: User, locale: str) -> None:
    """Keep the language a signed-in person chose with the switcher as their preference.

    Not audited: it is the person's own display preference, changed by every switch, and an
    entry for each would bury what the audit log is for.
    """
    user.locale = locale
    db.session.flush()


def request_password_reset(email: str, *, address: str | None) -> None:
    """E-mail a one-time reset link if the account exists; say nothing either way.

    Links are limited per e-mail address and per requesting ``address`` (app/services/accounts/mail_limits.py),
    counted alike for unknown addresses; over a limit nothing is sent and the earlier link keeps working.
    """
    email = normalise_email(email)[:254]
    if not allow_mail("password_reset", email, address):
        record_event("user.password_reset_limited")
        return
    user = find_user_by_email(email)
    if user is None or not user.is_active_account:
        record_event("user.password_reset_requested_unknown")
        return
    db.session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.user_id == user.id, OneTimeToken.purpose == TokenPurpose.PASSWORD_RESET,
               OneTimeToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    raw, token_hash = new_token()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(OneTimeToken(
        user_id=user.id, purpose=TokenPurpose.PASSWORD_RESET, token_hash=token_hash,
        expires_at=utcnow() + timedelta(hours=hours),
    ))
    record_event("user.password_reset_requested", actor=user, target=user)
    db.session.flush()
    locale = user.locale or str(get_locale() or "pl")
    send_mail(
        user.email, _l("Reset your password"), "password_reset", locale,
        user=user, link=url_for("auth.reset_password", token=raw, _external=True), hours=hours,
    )


def find_reset_token(raw: str) -> OneTimeToken | None:
    """The unused, unexpired reset token for a link, or None."""
    if not raw or len(raw) > 100:
        return None
    token = db.session.execute(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == hash_token(raw),
            OneTimeToken.purpose == TokenPurpose.PASSWORD_RESET,
        )
    ).scalar_one_or_none()
    if token is None or token.used_at is not None or token.expires_at < utcnow():
        return None
    return token


def reset_password(raw: str, new_password: str) -> User:
    """Use a reset link once: set the password and end every session of the user."""
    token = find_reset_token(raw)
    if token is None:
        raise ServiceError(_l("This link has expired or has already been used. Ask for a new one."))
    user = token.user
    problem = password_problem(new_password, email=user.email, full_name=user.full_name)
    if problem:
        raise ServiceError(problem, field="password")
    token.used_at = utcnow()
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    record_event("user.password_reset", actor=user, target=user)
    db.session.flush()
    return user


def set_account_active(user: User, active: bool, *, actor: User) -> None:
    """Deactivate (ending every session) or reactivate an account."""
    if user.id == actor.id and not active:
        raise ServiceError(_l("You cannot deactivate your own account."))
    user.is_active_account = active
    if not active:
        end_all_sessions(user)
    record_event("user.reactivated" if active else "user.deactivated", actor=actor, target=user)
    db.session.flush()


def search_users(text: str = ""):
    """The console's list of accounts by name, filtered by a part of the name or e-mail (typed literally)."""
    query = select(User).order_by(User.full_name, User.id)
    text = (text or "").strip()
    if text:
        query = query.where(or_(contains(User.email, text), contains(User.full_name, text)))
    return query
