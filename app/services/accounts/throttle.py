"""The sign-in throttle: it stops guessing without letting anyone lock a person out.

Three counts of failed sign-ins (wrong password or code), kept in app/services/accounts/counters.py (Redis
when ``REDIS_URL`` is set, the database otherwise), so every worker on every host sees the same numbers:

- per account and address pair: after ``LOGIN_PAIR_FREE_FAILURES`` failures that address waits before it may
  try that account again, a wait that doubles with each further failure up to ``LOGIN_PAIR_MAX_DELAY_SECONDS``;
- per account, across addresses: once ``LOGIN_THROTTLE_PER_ACCOUNT`` failures are in the window, every address
  that has failed for the account waits until the count drops, while an address that has not failed may still
  sign in, so an attacker elsewhere cannot lock the owner out;
- per address, across accounts: ``LOGIN_THROTTLE_PER_ADDRESS`` failures in the window and that address waits.

Unknown e-mail addresses are counted exactly like known ones, so a wait says nothing about whether an
account exists.
"""

from __future__ import annotations

import math
import time

from flask import current_app

from app.services.accounts import counters

KINDS = ("signin-pair", "signin-account", "signin-address", "signin-notice")


def _config(name: str) -> int:
    return current_app.config[name]


def _pair(email: str, address: str | None) -> str:
    return counters.key("signin-pair", email, address or "-")


def _pair_delay(failures: int) -> float:
    """The wait after ``failures`` failures of one pair: none up to the free ones, then doubling to the cap."""
    free = _config("LOGIN_PAIR_FREE_FAILURES")
    if failures < free:
        return 0.0
    return float(min(_config("LOGIN_PAIR_BASE_DELAY_SECONDS") * 2 ** min(failures - free, 30),
                     _config("LOGIN_PAIR_MAX_DELAY_SECONDS")))


def retry_after(email: str, address: str | None) -> int:
    """Seconds until this address may try this account again; 0 if it may now."""
    window = _config("LOGIN_THROTTLE_WINDOW_SECONDS")
    now = time.time()
    until = [now]
    if address:
        per_address = counters.count(counters.key("signin-address", address), window,
                                     limit=_config("LOGIN_THROTTLE_PER_ADDRESS"))
        until.append(per_address.below_limit_at)
    pair = counters.count(_pair(email, address), _config("LOGIN_PAIR_WINDOW_SECONDS"))
    if pair.count:
        until.append(pair.newest + _pair_delay(pair.count))
        # the per-account ceiling holds back only the addresses that have failed for this account
        account = counters.count(counters.key("signin-account", email), window,
                                 limit=_config("LOGIN_THROTTLE_PER_ACCOUNT"))
        until.append(account.below_limit_at)
    return max(0, math.ceil(max(until) - now))


def record_failure(email: str, address: str | None) -> bool:
    """Count one failed sign-in against the pair, the account and the address.

    Returns True when the account has now reached its ceiling (the holder may be told: see
    ``claim_notice``).
    """
    window = _config("LOGIN_THROTTLE_WINDOW_SECONDS")
    counters.add(_pair(email, address), _config("LOGIN_PAIR_WINDOW_SECONDS"))
    account = counters.key("signin-account", email)
    counters.add(account, window)
    if address:
        counters.add(counters.key("signin-address", address), window)
    return counters.count(account, window).count >= _config("LOGIN_THROTTLE_PER_ACCOUNT")


def claim_notice(email: str) -> bool:
    """True at most once per ``LOGIN_NOTICE_SECONDS`` for an account: whether to tell its holder now."""
    return counters.claim(counters.key("signin-notice", email), _config("LOGIN_NOTICE_SECONDS"))


def clear_pair(email: str, address: str | None) -> None:
    """Forget this address's failures for the account after it signed in; the account's count stays, so
    addresses that failed are still held back by the ceiling."""
    counters.clear(_pair(email, address))


def prune_old_attempts() -> int:
    """Delete database rows of every limit older than their window (run from the command line)."""
    from app.services.accounts.mail_limits import windows as mail_windows

    window = _config("LOGIN_THROTTLE_WINDOW_SECONDS")
    windows = {"signin-pair": _config("LOGIN_PAIR_WINDOW_SECONDS"), "signin-account": window,
               "signin-address": window, "signin-notice": _config("LOGIN_NOTICE_SECONDS"), **mail_windows()}
    return counters.prune(windows, default_window=max(windows.values()))
