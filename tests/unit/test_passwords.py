"""The password rules and hashing."""

from __future__ import annotations

import pytest

from app.passwords import MAX_LENGTH, MIN_LENGTH, check_password, hash_password, needs_rehash, password_problem

STRONG = "zielony-parasol-nad-morzem"
TOO_SHORT = "Use at least 12 characters."
TOO_LONG = "Use at most 128 characters."
COMMON = "This password is on the list of common passwords. Choose another."
PERSONAL = "The password must not contain your name or e-mail address."
WEAK = "This password is too easy to guess. A few unrelated words make a strong one."


def problem(password, **who):
    found = password_problem(password, **who)
    return None if found is None else str(found)


@pytest.mark.usefixtures("ctx")
def test_limits_are_twelve_and_one_hundred_twenty_eight():
    twelve = "Kx9#mQ2!vL7@"  # not guessable, so only the length decides
    assert problem(twelve[:11]) == "Use at least 12 characters."
    assert problem(twelve) is None
    words = ("ptaki nad rzeka spiewaja o swicie, a stary mlynarz liczy worki maki przy drodze do lasu; "
             "w oddali szczeka pies i dzwoni dzwonek kosciola")
    assert len(words) > 129
    assert problem(words[:128]) is None
    assert problem(words[:129]) == "Use at most 128 characters."


@pytest.mark.usefixtures("ctx")
def test_strong_passphrase_is_accepted():
    assert problem(STRONG) is None
    assert problem("correct horse battery staple", email="jan.kowalski@example.org", full_name="Jan Kowalski") is None


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("password", ["", "short", "kot-pies-11", "x" * (MIN_LENGTH - 1)])
def test_shorter_than_twelve_is_refused(password):
    assert problem(password) == TOO_SHORT


@pytest.mark.usefixtures("ctx")
def test_exactly_the_limits():
    twelve = "Kx9#mQ2!vL7@"
    assert len(twelve) == MIN_LENGTH and problem(twelve) is None
    long_one = ("ptaki nad rzeka spiewaja o swicie, a stary mlynarz liczy worki maki przy drodze do lasu; "
                "w oddali szczeka pies i dzwoni dzwonek kosciola")[:MAX_LENGTH]
    assert len(long_one) == MAX_LENGTH and problem(long_one) is None
    assert problem(long_one + "x") == TOO_LONG


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("password", ["qwerty123456", "1qaz2wsx3edc", "leavemealone", "QWERTY123456"])
def test_common_passwords_are_refused(password):
    assert problem(password) == COMMON


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(("password", "email", "full_name"), [
    ("kowalski-zielony-parasol", "jan@example.org", "Jan Kowalski"),
    ("parasol-MARIANNA-nad-morzem", "kontakt@example.org", "Marianna Nowak"),
    ("moj-login-j.kowalski-2024", "j.kowalski@example.org", "Jan K"),
])
def test_name_or_email_in_the_password_is_refused(password, email, full_name):
    assert problem(password, email=email, full_name=full_name) == PERSONAL


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize("password", ["aaaaaaaaaaaaaaaa", "abcdefghijklmnop", "1234567890123", "Password2024!"])
def test_easy_patterns_are_refused(password):
    assert problem(password) == WEAK


def test_hash_round_trip():
    hashed = hash_password(STRONG)
    assert hashed.startswith("$argon2id$")
    assert STRONG not in hashed
    assert check_password(hashed, STRONG)
    assert not check_password(hashed, STRONG + "x")
    assert not check_password(hashed, "")
    assert hash_password(STRONG) != hashed  # salted
    assert not needs_rehash(hashed)


def test_check_password_without_a_hash_is_false():
    assert check_password(None, STRONG) is False
    assert check_password("", STRONG) is False
    assert check_password("not-a-hash", STRONG) is False
