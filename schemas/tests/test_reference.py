import pytest
from pydantic import BaseModel, ValidationError

from egov_schemas.reference import (
    ALPHABET,
    ReferenceNumber,
    new_reference,
    normalize_reference,
    reference_for_earlier,
    reference_from_number,
)


def test_a_new_reference_is_grouped_and_valid():
    reference = new_reference()
    assert len(reference) == 11
    assert reference[4] == reference[9] == "-"
    assert normalize_reference(reference) == reference


def test_read_back_is_forgiving_of_case_spaces_and_look_alike_letters():
    assert normalize_reference(" 7k3m 9qxp 4 ") == "7K3M-9QXP-4"
    assert normalize_reference("7K3M9QXP4") == "7K3M-9QXP-4"
    # Crockford: O reads as 0, I and L as 1.
    reference = next(r for r in (new_reference() for _ in range(1000)) if "0" in r or "1" in r)
    assert normalize_reference(reference.replace("0", "O").replace("1", "I")) == reference


def test_every_single_wrong_symbol_and_every_swap_of_neighbours_but_0_and_z_is_caught():
    reference = "7K3M-9QXP-4"
    symbols = reference.replace("-", "")
    for position in range(len(symbols)):
        for wrong in ALPHABET:
            if wrong != symbols[position]:
                mistyped = symbols[:position] + wrong + symbols[position + 1 :]
                assert normalize_reference(mistyped) is None, mistyped
    for position in range(len(symbols) - 1):
        swapped = symbols[:position] + symbols[position + 1] + symbols[position] + symbols[position + 2 :]
        if swapped != symbols and {symbols[position], symbols[position + 1]} != {"0", "Z"}:
            assert normalize_reference(swapped) is None, swapped


@pytest.mark.parametrize("text", ["", "7K3M-9QXP", "7K3M-9QXP-4X", "7K3M-9QXU-4", "ЖK3M-9QXP-4"])
def test_what_is_not_a_reference_is_refused(text):
    assert normalize_reference(text) is None


def test_a_model_field_takes_only_the_canonical_form():
    class Carrier(BaseModel):
        reference: ReferenceNumber

    assert Carrier(reference="7K3M-9QXP-4").reference == "7K3M-9QXP-4"
    for text in ("7k3m-9qxp-4", "7K3M-9QXP-5"):
        with pytest.raises(ValidationError):
            Carrier(reference=text)


def test_numbers_and_earlier_applications_map_to_valid_distinct_references():
    assert reference_from_number(0) == "0000-0000-0"
    assert normalize_reference(reference_from_number(2**40 - 1)) == reference_from_number(2**40 - 1)
    assert len({reference_from_number(n) for n in range(1000)}) == 1000
    with pytest.raises(ValueError, match="40 bits"):
        reference_from_number(2**40)
    earlier = reference_for_earlier("2a05eaba-58db-4e31-b9a5-05fe1867c849")
    assert earlier == reference_for_earlier("2a05eaba-58db-4e31-b9a5-05fe1867c849") == normalize_reference(earlier)
