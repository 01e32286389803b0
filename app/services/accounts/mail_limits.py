"""Limits on the e-mails anyone can make the portal send: password-reset links and invitations.

Each kind is counted per recipient address (``MAIL_LIMIT_PER_ACCOUNT``) and per requesting address
(``MAIL_LIMIT_PER_ADDRESS``) in ``MAIL_LIMIT_WINDOW_SECONDS``, in app/services/accounts/counters.py (Redis
when configured, the database otherwise). Recipients are counted whether or not an account exists, so
the limit itself says nothing about accounts; only e-mails allowed are counted, so someone asking again
and again does not keep the holder waiting longer.
"""

from __future__ import annotations

from flask import current_app

from app.services.accounts import counters

KINDS = ("password_reset", "invitation")


def windows() -> dict[str, int]:
    """Each counter kind of the mail limits and its window, for pruning the database."""
    window = current_app.config["MAIL_LIMIT_WINDOW_SECONDS"]
    return {f"mail-{kind}-{who}": window for kind in KINDS for who in ("account", "address")}


def allow_mail(kind: str, email: str, address: str | None) -> bool:
    """Whether one more ``kind`` e-mail to ``email`` asked from ``address`` is within the limits; counted if so."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of e-mail {kind!r}")
    config = current_app.config
    window = config["MAIL_LIMIT_WINDOW_SECONDS"]
    keys = [(counters.key(f"mail-{kind}-account", email), config["MAIL_LIMIT_PER_ACCOUNT"])]
    if address:
        keys.append((counters.key(f"mail-{kind}-address", address), config["MAIL_LIMIT_PER_ADDRESS"]))
    if any(counters.count(counter, window).count >= limit for counter, limit in keys):
        return False
    for counter, _limit in keys:
        counters.add(counter, window)
    return True
