"""Amounts in złoty read as Babel's currency format writes them, in each language."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel.numbers import format_currency
from flask_babel import force_locale

from app.i18n import money


def _babel(amount: Decimal, language: str) -> str:
    if language == "en":  # the portal's English puts a space after the code: "PLN 64,500.00"
        return format_currency(amount, "PLN", format="¤\u00a0#,##0.00", currency_digits=False, locale="en")
    written = format_currency(amount, "PLN", locale=language)
    return written.replace("PLN", "зл") if language == "uk" else written  # Ukrainian as the form labels write it


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_money_matches_babel_for_every_size_and_sign(app, language):
    rng = random.Random(7)
    amounts = [Decimal("0"), Decimal("0.5"), Decimal("-5.5"), Decimal("999.99"), Decimal("1000"), Decimal("1234.005"),
               Decimal("64500"), Decimal("1234567.891"), Decimal("-1234567.89")]
    amounts += [Decimal(rng.randrange(-10**9, 10**9)) / 100 for _ in range(300)]
    with app.test_request_context(), force_locale(language):
        for amount in amounts:
            assert money(amount) == _babel(amount, language), amount


def test_money_shows_nothing_for_what_is_not_an_amount(app):
    with app.test_request_context():
        assert money(None) == "" and money("abc") == "" and money(Decimal("NaN")) == ""
        assert money("64500") == "64\u00a0500,00\u00a0zł"
