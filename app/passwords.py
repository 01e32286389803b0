"""Password hashing and the password rules (NIST SP 800-63B style).

At least 12 and at most 128 characters, no composition rules, refused when common or easy
to guess: the zxcvbn list of 30 000 common passwords, its pattern matching, and the
person's own e-mail and name.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _nl

MIN_LENGTH = 12
MAX_LENGTH = 128
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attack"

# Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane): each hash holds
# 19 MiB only while it runs, so a worker's memory stays well under its budget during a burst
# of sign-ins. Hashes made with other parameters still verify and are upgraded at sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH: str | None = None  # made on first use, not at import


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("a password that no account has, used to even out timing")
    return _DUMMY_HASH


@cache
def _common_passwords() -> frozenset[str]:
    """zxcvbn's list of common passwords, loaded on the first password checked, not at import: zxcvbn's lists and
    matchers take some 14 MB, which a worker that only serves pages never needs (issue 13 §3)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def use_cheapest_hashing() -> None:
    """For the test suite only: Argon2's cheapest parameters, so fixtures stay fast."""
    global _hasher, _DUMMY_HASH
    from argon2 import profiles

    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    _DUMMY_HASH = None


def hash_password(password: str) -> str:
    """Argon2id hash of a password."""
    return _hasher.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; takes the same time when there is no hash."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the stored hash uses older parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "", full_name: str = ""):
    """A translated sentence saying what is wrong with ``password``, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return _nl("Use at least %(num)d character.", "Use at least %(num)d characters.", MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _nl("Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords():
        return _l("This password is on the list of common passwords. Choose another.")
    hints = [part for part in [email.split("@")[0], *full_name.split()] if len(part) >= 3]
    if any(hint.lower() in lowered for hint in hints):
        return _l("The password must not contain your name or e-mail address.")
    from zxcvbn import zxcvbn

    if zxcvbn(password[:72], user_inputs=hints)["score"] < MIN_SCORE:  # zxcvbn refuses more than 72
        return _l("This password is too easy to guess. A few unrelated words make a strong one.")
    return None
