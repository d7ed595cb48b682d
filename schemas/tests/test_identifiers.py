import datetime as dt

import pytest

from egov_schemas.identifiers import (
    egn_birth_date,
    mask_personal_numbers,
    validate_egn,
    validate_eik,
    validate_lnch,
)


def make_egn(first_nine: str) -> str:
    weights = (2, 4, 8, 5, 10, 9, 7, 3, 6)
    check = sum(int(d) * w for d, w in zip(first_nine, weights, strict=True)) % 11
    return first_nine + str(0 if check == 10 else check)


def test_egn_with_right_check_digit_is_accepted():
    assert validate_egn("7501010010") == "7501010010"


def test_egn_with_wrong_check_digit_is_refused():
    with pytest.raises(ValueError, match="check digit"):
        validate_egn("7501010011")


@pytest.mark.parametrize(
    ("first_nine", "born"),
    [
        ("750101001", dt.date(1975, 1, 1)),
        ("054215001", dt.date(2005, 2, 15)),
        ("992228001", dt.date(1899, 2, 28)),
    ],
)
def test_egn_month_offsets_select_the_century(first_nine, born):
    assert egn_birth_date(make_egn(first_nine)) == born


@pytest.mark.parametrize("egn", ["750230001", "751301001", "123"])
def test_egn_must_encode_a_real_date_and_have_ten_digits(egn):
    with pytest.raises(ValueError, match="EGN"):
        validate_egn(make_egn(egn) if len(egn) == 9 else egn)


def test_lnch_check_digit():
    weights = (21, 19, 17, 13, 11, 9, 7, 3, 1)
    base = "100000001"
    good = base + str(sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 10)
    assert validate_lnch(good) == good
    with pytest.raises(ValueError, match="LNCh"):
        validate_lnch(base + str((int(good[-1]) + 1) % 10))


@pytest.mark.parametrize("eik", ["000696327", "0006963270461", "000056757", "177098809"])
def test_real_eiks_pass(eik):
    assert validate_eik(eik) == eik


@pytest.mark.parametrize("eik", ["000696328", "0006963270462", "12345", "00069632a"])
def test_bad_eiks_fail(eik):
    with pytest.raises(ValueError, match="EIK"):
        validate_eik(eik)


def test_masking_hides_ten_digit_numbers_but_not_longer_ones():
    assert mask_personal_numbers("ЕГН 7501010010, ЕИК 0006963270461") == "ЕГН *********0, ЕИК 0006963270461"


def test_masking_keeps_hex_trace_and_span_ids_whole():
    trace_id, span_id = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    with_digits = "4bf92f3577b34da6" + "1234567890" + "e0e47f"  # ten digits in a row, in a trace id
    assert len(with_digits) == 32
    glued = "ab" + "1234567890" + "cdef0123456789ab"  # a hex token with a 10-digit run inside
    text = f"00-{trace_id}-{span_id}-01 {glued} ЕГН 7501010010"
    assert mask_personal_numbers(text) == f"00-{trace_id}-{span_id}-01 {glued} ЕГН *********0"
    assert mask_personal_numbers(with_digits) == with_digits
    application_id = "3f2a1c4e-5b6d-4e7f-8a9b-0009188368be"  # a last group with ten digits in a row
    assert mask_personal_numbers(f"application {application_id}") == f"application {application_id}"
