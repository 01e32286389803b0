"""Two-factor sign-in with TOTP codes and one-time recovery codes."""

from __future__ import annotations

import io
import secrets

import pyotp
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from app import secret_box
from app.extensions import db
from app.models import RecoveryCode, User, utcnow
from app.security import hash_token
from app.services import ServiceError
from app.services.accounts.sessions import end_all_sessions
from app.services.audit.log import record_event

RECOVERY_CODE_COUNT = 10


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_svg(uri: str) -> bytes:
    """The QR code of ``uri`` as an SVG image with a title for screen readers."""
    import segno  # here, not at import: only the set-up page draws a code (issue 13 §3)

    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False,
                                      svgns=True, title="QR", dark="#000", light="#fff")
    return buffer.getvalue()


def _matching_counter(secret: str, code: str) -> int | None:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for offset in (-1, 0, 1):  # one step of clock drift either way
        counter = totp.timecode(now) + offset
        if secrets.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def verify_totp(user: User, code: str) -> bool:
    """Check a code against the user's secret, refusing a code already used. A secret stored in plain text (saved
    before encryption) or with an older key is encrypted with the newest key once a code matched."""
    if not user.totp_secret_stored:
        return False
    try:
        secret = user.totp_secret
    except secret_box.UnreadableSecretError:  # a key removed too early: refuse, and tell the operator
        current_app.logger.error("The TOTP secret of user %s cannot be read with TOTP_ENCRYPTION_KEYS", user.id)
        return False
    counter = _matching_counter(secret, code)
    if counter is None or (user.totp_last_counter is not None and counter <= user.totp_last_counter):
        return False
    user.totp_last_counter = counter
    if not secret_box.is_current(user.totp_secret_stored):
        user.totp_secret = secret
    return True


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def _issue_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(raw)))
    return codes


def enable_two_factor(user: User, secret: str, code: str, *, actor: User) -> list[str]:
    """Turn on TOTP once the user proves the app works; return fresh recovery codes."""
    counter = _matching_counter(secret, code)
    if counter is None:
        raise ServiceError(_l("That code is not right. Check the time on your phone and try again."),
                           field="code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_counter = counter
    codes = _issue_recovery_codes(user)
    record_event("user.two_factor_enabled", actor=actor, target=user)
    db.session.flush()
    return codes


def regenerate_recovery_codes(user: User, *, actor: User) -> list[str]:
    """Replace all recovery codes; the old ones stop working."""
    codes = _issue_recovery_codes(user)
    record_event("user.recovery_codes_regenerated", actor=actor, target=user)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code; True when it was valid and unused."""
    normalised = _normalise_recovery(code)
    if len(normalised) != 10:
        return False
    row = db.session.execute(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_token(normalised),
            RecoveryCode.used_at.is_(None),
        )
    ).scalar_one_or_none()
    if row is None:
        return False
    row.used_at = utcnow()
    record_event("user.recovery_code_used", actor=user, target=user)
    return True


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has."""
    return len(db.session.execute(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all())


def disable_two_factor(user: User, *, actor: User, required: bool) -> None:
    """Turn TOTP off; refused where the user's role requires it (unless an admin resets it)."""
    if required and actor.id == user.id:
        raise ServiceError(_l("Two-factor sign-in is required for department roles."))
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_counter = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if actor.id != user.id:  # reset by an admin: the lost device may hold a session too
        end_all_sessions(user)
    record_event("user.two_factor_disabled", actor=actor, target=user)
    db.session.flush()
