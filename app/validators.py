"""Checks of Polish legal identifiers and other shared value rules."""

from __future__ import annotations

import re

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
POSTAL_CODE = re.compile(r"^\d{2}-\d{3}$")


def digits_only(value: str) -> str:
    """Drop the spaces and dashes people type in identifiers."""
    return re.sub(r"[\s-]", "", value or "")


def _checksum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def is_valid_nip(value: str) -> bool:
    """NIP: 10 digits, the last a weighted checksum mod 11 (never 10)."""
    nip = digits_only(value)
    if not re.fullmatch(r"\d{10}", nip):
        return False
    check = _checksum(nip, NIP_WEIGHTS)
    return check != 10 and check == int(nip[9])


def is_valid_regon(value: str) -> bool:
    """REGON: 9 or 14 digits with a weighted checksum mod 11 (10 counts as 0)."""
    regon = digits_only(value)
    if re.fullmatch(r"\d{9}", regon):
        weights = REGON9_WEIGHTS
    elif re.fullmatch(r"\d{14}", regon):
        if not is_valid_regon(regon[:9]):
            return False
        weights = REGON14_WEIGHTS
    else:
        return False
    check = _checksum(regon, weights) % 10
    return check == int(regon[-1])


def is_valid_krs(value: str) -> bool:
    """KRS: exactly 10 digits (leading zeros kept)."""
    return bool(re.fullmatch(r"\d{10}", digits_only(value)))


def with_nip_checksum(first_nine: str) -> str | None:
    """Complete nine digits into a valid NIP, or None when no check digit fits."""
    check = _checksum(first_nine, NIP_WEIGHTS)
    return None if check == 10 else first_nine + str(check)


def with_regon_checksum(first_eight: str) -> str:
    """Complete eight digits into a valid nine-digit REGON."""
    return first_eight + str(_checksum(first_eight, REGON9_WEIGHTS) % 10)


# -- personal data in free text (issue 14: the network coordinates institutions, never cases) ---------------------

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{11})(?!\d)")
# A date as people write one: 12.03.1985, 12-03-1985, 12/03/1985, 1985-03-12 (years 1900–2029).
_DATE = re.compile(r"(?<!\d)(?:(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)\d\d"
                   r"|(?:19|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01]))(?!\d)")
_BIRTH_WORDS = re.compile(r"\b(ur\.|urodz\w*|data urodzenia|d\.\s?ur\.|born|date of birth|dob|народ\w*)",
                          re.IGNORECASE)


def is_valid_pesel(value: str) -> bool:
    """Whether ``value`` is a PESEL number: 11 digits whose last is the checksum of the first ten."""
    if len(value) != 11 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:10], PESEL_WEIGHTS, strict=True))
    return (10 - total % 10) % 10 == int(value[10])


def contains_pesel(text: str | None) -> bool:
    """Whether free text holds a PESEL number (11 digits with a valid checksum, not part of a longer number)."""
    return bool(text) and any(is_valid_pesel(m) for m in _ELEVEN_DIGITS.findall(text))


def looks_like_birth_date(text: str | None) -> bool:
    """Whether free text seems to give a date of birth: a word for birth, or a date from before 2010.

    A meeting's own dates (this year, next month) do not count; a form asks the writer to confirm, never refuses.
    """
    if not text:
        return False
    if _BIRTH_WORDS.search(text) and _DATE.search(text):
        return True
    for found in _DATE.finditer(text):
        year = re.search(r"(?:19|20)\d\d", found.group(0))
        if year and int(year.group(0)) < 2010:
            return True
    return False
