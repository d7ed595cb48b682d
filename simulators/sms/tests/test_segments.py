"""Counting SMS parts: GSM-7 160/153 with extension characters counting double, UCS-2 70/67."""

import pytest

from egov_sms_sim.segments import Encoding, Segments, count

GSM7, UCS2 = Encoding.GSM7, Encoding.UCS2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 160, Segments(GSM7, 1)),
        ("a" * 161, Segments(GSM7, 2)),
        ("a" * 306, Segments(GSM7, 2)),
        ("a" * 307, Segments(GSM7, 3)),
        ("Hello, Ivan! Kod: 123456 @ £ Ä ñ ß Δ\n", Segments(GSM7, 1)),
        ("ж" * 70, Segments(UCS2, 1)),
        ("ж" * 71, Segments(UCS2, 2)),
        ("ж" * 134, Segments(UCS2, 2)),
        ("ж" * 135, Segments(UCS2, 3)),
    ],
)
def test_latin_and_cyrillic_texts_take_their_encodings_parts(text: str, expected: Segments) -> None:
    assert count(text) == expected


@pytest.mark.parametrize("char", ["€", "[", "]", "{", "}", "\\", "^", "~", "|"])
def test_an_extension_character_counts_as_two_septets(char: str) -> None:
    assert count(char * 80) == Segments(GSM7, 1)
    assert count(char * 80 + "a") == Segments(GSM7, 2)
    assert count("a" * 159 + char) == Segments(GSM7, 2)


def test_an_escape_is_not_split_across_parts() -> None:
    # NOTE: 306 septets would fit two parts of 153, but the € would straddle them.
    assert count("a" * 152 + "€" + "a" * 152) == Segments(GSM7, 3)


def test_one_character_outside_gsm7_makes_the_whole_text_ucs2() -> None:
    assert count("a" * 69 + "ж") == Segments(UCS2, 1)
    assert count("a" * 70 + "ж") == Segments(UCS2, 2)


def test_a_character_outside_the_basic_plane_takes_two_ucs2_units() -> None:
    assert count("a" * 68 + "😀") == Segments(UCS2, 1)
    assert count("a" * 69 + "😀") == Segments(UCS2, 2)
