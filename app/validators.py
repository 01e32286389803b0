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
