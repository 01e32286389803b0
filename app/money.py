"""Amounts of money as people type them: ``64 500,00``, ``64500.5``, ``64,500.00 zł`` → ``Decimal``.

Money is ``Decimal`` in ``Numeric`` columns, never float. Typed amounts accept spaces (also
non-breaking) between thousands, a comma or a dot before the grosze, and a trailing "zł" or
"PLN". When both a comma and a dot appear, the last of them separates the grosze and the other
groups thousands; several of the same sign group thousands. At most two decimal places.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_AMOUNT = Decimal("999999999999.99")
_CURRENCY = re.compile(r"\s*(zł|zl|pln)\.?\s*$", re.IGNORECASE)
_SHAPE = re.compile(r"^\d+(\.\d{1,2})?$")
_GROUPED = {sign: re.compile(rf"^\d{{1,3}}(\{sign}\d{{3}})+$") for sign in ",."}


class AmountError(ValueError):
    """The text is not an amount of money (the message says why, in English: the caller translates)."""


def parse_amount(text: str | None) -> Decimal | None:
    """The amount typed in ``text`` (None when blank); AmountError when it is not one."""
    raw = _CURRENCY.sub("", (text or "").strip())
    raw = re.sub(r"[\s\u00a0\u202f']", "", raw)
    if not raw:
        return None
    if raw.startswith("-"):
        raise AmountError("negative")
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal_sign = "," if raw.rfind(",") > raw.rfind(".") else "."
        grouping = "." if decimal_sign == "," else ","
        whole, _, grosze = raw.rpartition(decimal_sign)
        if decimal_sign in whole or not _GROUPED[grouping].match(whole):
            raise AmountError("shape")
        raw = f"{whole.replace(grouping, '')}.{grosze}"
    elif commas > 1 or dots > 1:
        if not _GROUPED["," if commas else "."].match(raw):
            raise AmountError("shape")
        raw = raw.replace(",", "").replace(".", "")
    else:
        raw = raw.replace(",", ".")
    if not _SHAPE.match(raw):
        raise AmountError("shape")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise AmountError("shape") from None
    if amount > MAX_AMOUNT:
        raise AmountError("too_large")
    return amount.quantize(Decimal("0.01"))
