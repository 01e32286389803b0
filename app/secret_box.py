"""Encryption at rest of the authenticator (TOTP) secrets, with keys from the environment.

``TOTP_ENCRYPTION_KEYS`` holds one or more Fernet keys, comma-separated, newest first: a secret is encrypted with
the first and read with any of them (MultiFernet), so a new key is put in front, ``flask users rotate-totp-key``
re-encrypts every secret with it, and the old key is then removed (docs/SECRETS.md). Production refuses to start
without the setting (config.py); development and testing, when it is unset, use a key derived from SECRET_KEY.

A stored value that is not a Fernet token is a secret saved before encryption existed (base32, which never starts
like a token): it is read as it is and encrypted at its next use or by the rotation command.

``cryptography`` (some 9 MB in a worker) is imported when a secret is encrypted or read, not at import: the
settings' check of the keys at start-up reads them as Fernet does, and a worker that only serves pages never loads
it (issue 13 §3).
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import TYPE_CHECKING

from flask import current_app

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - every Fernet token: version byte 0x80 and a 64-bit timestamp, base64url
DERIVATION_LABEL = b"siec-wsparcia/totp-encryption/v1:"


class UnreadableSecretError(RuntimeError):
    """A stored secret that none of the configured keys opens (a key removed too early, or the wrong keys)."""


def derived_key(secret_key: str) -> str:
    """A Fernet key derived from SECRET_KEY, for development and testing when no key is configured."""
    digest = hashlib.sha256(DERIVATION_LABEL + secret_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def _check_key(key: str) -> None:
    """ValueError unless ``key`` is a Fernet key: the check of ``cryptography.fernet.Fernet(key)``, without
    importing it (url-safe base64 of 32 bytes)."""
    if len(base64.urlsafe_b64decode(key)) != 32:  # binascii.Error, a ValueError, for what is not base64
        raise ValueError("Fernet key must be 32 url-safe base64-encoded bytes.")


def parse_keys(value: str | None) -> tuple[str, ...]:
    """The keys of a TOTP_ENCRYPTION_KEYS value, newest first; ValueError names a malformed one by position."""
    keys = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    for position, key in enumerate(keys, start=1):
        try:
            _check_key(key)
        except (ValueError, TypeError) as error:
            raise ValueError(f"key {position} of TOTP_ENCRYPTION_KEYS is not a Fernet key "
                             "(32 bytes, url-safe base64: 44 characters)") from error
    return keys


def configured_keys() -> tuple[str, ...]:
    """This app's keys, newest first: TOTP_ENCRYPTION_KEYS, or (outside production) one derived from SECRET_KEY."""
    keys = parse_keys(current_app.config.get("TOTP_ENCRYPTION_KEYS"))
    if keys:
        return keys
    if current_app.config.get("ENV_NAME") == "production":
        raise RuntimeError("TOTP_ENCRYPTION_KEYS is not set")  # config.py refuses to start before this
    return (derived_key(current_app.config["SECRET_KEY"]),)


@lru_cache(maxsize=8)
def _box(keys: tuple[str, ...]) -> MultiFernet:
    from cryptography.fernet import Fernet, MultiFernet

    return MultiFernet([Fernet(key) for key in keys])


def is_plain(stored: str) -> bool:
    """True for a secret stored before encryption (base32 text, not a Fernet token)."""
    return not stored.startswith(TOKEN_PREFIX)


def encrypt(secret: str) -> str:
    """``secret`` encrypted with the newest key, as text for the column."""
    return _box(configured_keys()).encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str:
    """The secret a stored value holds (a legacy plain value as it is); UnreadableSecretError if no key opens it."""
    if is_plain(stored):
        return stored
    from cryptography.fernet import InvalidToken

    try:
        return _box(configured_keys()).decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise UnreadableSecretError("no key of TOTP_ENCRYPTION_KEYS opens this TOTP secret") from error


def is_current(stored: str) -> bool:
    """True when ``stored`` is encrypted with the newest key (nothing to re-encrypt)."""
    if is_plain(stored):
        return False
    from cryptography.fernet import Fernet, InvalidToken

    try:
        Fernet(configured_keys()[0]).decrypt(stored.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(stored: str) -> str:
    """``stored`` encrypted again with the newest key (a legacy plain value encrypted for the first time)."""
    return encrypt(decrypt(stored))
