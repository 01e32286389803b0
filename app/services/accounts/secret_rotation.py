"""Re-encrypting every stored TOTP secret with the newest key (``flask users rotate-totp-key``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app import secret_box
from app.extensions import db
from app.models import User


@dataclass
class Rotation:
    """What a rotation did: secrets re-encrypted, of them those that were plain text, and users whose secret no
    key opens (when any, nothing was changed)."""

    reencrypted: int = 0
    were_plain: int = 0
    unreadable: list[int] = field(default_factory=list)


def rotate_totp_secrets() -> Rotation:
    """Encrypt every user's TOTP secret again with the newest key of TOTP_ENCRYPTION_KEYS (plain ones for the first
    time). All or nothing: when a secret cannot be read, no secret is changed and the users are listed, so that
    the key still needed can be put back. Runs in the caller's transaction."""
    result = Rotation()
    users = db.session.execute(select(User).where(User.totp_secret_stored.is_not(None))
                               .order_by(User.id)).scalars().all()
    new_values = {}
    for user in users:
        try:
            new_values[user.id] = secret_box.reencrypt(user.totp_secret_stored)
        except secret_box.UnreadableSecretError:
            result.unreadable.append(user.id)
            continue
        result.were_plain += secret_box.is_plain(user.totp_secret_stored)
    if result.unreadable:
        return result
    for user in users:
        user.totp_secret_stored = new_values[user.id]
    result.reencrypted = len(users)
    db.session.flush()
    return result
