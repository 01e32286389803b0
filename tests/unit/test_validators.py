"""Polish legal identifiers: NIP, REGON (9 and 14 digits) and KRS."""

from __future__ import annotations

import pytest

from app.validators import (
    digits_only,
    is_valid_krs,
    is_valid_nip,
    is_valid_regon,
    with_nip_checksum,
    with_regon_checksum,
)

REAL_FORMAT_NIPS = ("5261040828", "1234563218")  # checked by hand: weighted sum mod 11 = last digit
REAL_FORMAT_REGON9 = ("010016565", "123456785")
REAL_FORMAT_REGON14 = ("12345678512347",)


@pytest.mark.parametrize("nip", REAL_FORMAT_NIPS)
def test_known_valid_nips(nip):
    assert is_valid_nip(nip)


@pytest.mark.parametrize("typed", ["526-104-08-28", "526 104 08 28", " 5261040828 ", "526-10-40-828"])
def test_nip_may_be_typed_with_dashes_and_spaces(typed):
    assert is_valid_nip(typed)


@pytest.mark.parametrize("prefix", ["000000001", "526104082", "777777777", "950101123", "101010101"])
def test_nip_completed_by_the_helper_is_valid_and_every_other_last_digit_is_not(prefix):
    nip = with_nip_checksum(prefix)
    if nip is None:  # no check digit fits this prefix
        assert not any(is_valid_nip(prefix + str(d)) for d in range(10))
        return
    assert is_valid_nip(nip)
    for digit in "0123456789":
        if digit != nip[-1]:
            assert not is_valid_nip(prefix + digit)


def test_nip_prefix_whose_checksum_is_ten_has_no_valid_completion():
    assert with_nip_checksum("123456789") is None
    assert not any(is_valid_nip("123456789" + str(d)) for d in range(10))


@pytest.mark.parametrize("bad", ["", None, "5261040829", "526104082", "52610408280", "52610408a8", "abcdefghij",
                                 "526/104/08/28"])
def test_invalid_nips(bad):
    assert not is_valid_nip(bad)


@pytest.mark.parametrize("regon", REAL_FORMAT_REGON9)
def test_known_valid_nine_digit_regons(regon):
    assert is_valid_regon(regon)


@pytest.mark.parametrize("prefix", ["01001656", "00000000", "12345678", "99999999", "27182818"])
def test_regon_completed_by_the_helper_is_valid(prefix):
    regon = with_regon_checksum(prefix)
    assert len(regon) == 9 and regon.startswith(prefix)
    assert is_valid_regon(regon)
    wrong = prefix + str((int(regon[-1]) + 1) % 10)
    assert not is_valid_regon(wrong)


def _regon14(first_nine: str, local: str) -> str:
    weights = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)
    digits = first_nine + local
    return digits + str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


@pytest.mark.parametrize("regon", [*REAL_FORMAT_REGON14, _regon14("010016565", "0001"),
                                   _regon14(with_regon_checksum("27182818"), "4242")])
def test_valid_fourteen_digit_regons(regon):
    assert len(regon) == 14
    assert is_valid_regon(regon)
    assert is_valid_regon(f"{regon[:9]} {regon[9:]}")


def test_fourteen_digit_regon_needs_a_valid_nine_digit_start():
    # the last digit is right for the 14-digit sum, but the first nine do not form a REGON
    broken_start = "010016566"
    assert not is_valid_regon(broken_start)
    assert not is_valid_regon(_regon14(broken_start, "0001"))


@pytest.mark.parametrize("bad", ["", None, "010016566", "01001656", "0100165655", "12345678512348",
                                 "1234567851234", "123456785123470", "01001656x", "0100165 65x"])
def test_invalid_regons(bad):
    assert not is_valid_regon(bad)


@pytest.mark.parametrize("krs", ["0000012345", "0000000001", "1234567890", "0000-012-345"])
def test_valid_krs(krs):
    assert is_valid_krs(krs)


@pytest.mark.parametrize("bad", ["", None, "12345", "000001234", "00000123456", "00000I2345", "KRS0000012345"])
def test_invalid_krs(bad):
    assert not is_valid_krs(bad)


def test_digits_only_drops_what_people_type_between_digits():
    assert digits_only("526-104 08-28") == "5261040828"
    assert digits_only(None) == ""


def test_problems_collects_independent_refusals_and_raises_them_together():
    from app.services import CombinedServiceError, Problems, ServiceError

    def refuse(field):
        raise ServiceError(f"bad {field}", field=field)

    problems = Problems()
    assert problems.check(lambda: 5) == 5
    assert problems.check(refuse, "a") is None and problems.check(refuse, "b") is None
    with pytest.raises(CombinedServiceError) as raised:
        problems.raise_any()
    assert [(e.field, e.message) for e in raised.value.errors] == [("a", "bad a"), ("b", "bad b")]
    single = Problems()
    single.check(refuse, "c")
    with pytest.raises(ServiceError) as one:
        single.raise_any()
    assert not isinstance(one.value, CombinedServiceError) and one.value.field == "c"
    Problems().raise_any()  # nothing collected: nothing raised
