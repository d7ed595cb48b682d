"""Registration-number schemes: what a prefix and a pattern may hold, the numbers they give, and
that no scheme an admin can save gives a number that looks like a personal number (EGN)."""

import itertools
import re

import pytest

from egov_workspace.domain.numbering import (
    DEFAULT_PATTERN,
    MAX_COUNTER_WIDTH,
    InvalidScheme,
    NumberingScheme,
    default_scheme,
)

# NOTE: ASCII digits, as routing's personal-number check and `mask_personal_numbers` read them.
TEN_DIGITS = re.compile(r"[0-9]{10}")


@pytest.mark.parametrize("prefix", ["СО", "SOFIA", "А", "Х" * 20, "СО/ГРАО", "Р.О. Младост", "№ ВХ", "BURGAS-DISTRICT"])
def test_a_prefix_of_letters_dashes_slashes_dots_or_spaces_is_accepted(prefix: str) -> None:
    assert NumberingScheme(prefix).prefix == prefix


@pytest.mark.parametrize("prefix", ["", "Х" * 21, "СО1", "2026", "С:О", "С{О}", "СО,ВХ", "С+О", "СО²"])
def test_a_prefix_that_is_empty_too_long_or_holds_digits_or_signs_is_refused(prefix: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^prefix: "):
        NumberingScheme(prefix)


@pytest.mark.parametrize("prefix", ["СО\n", "SOFIA\n"])
def test_a_prefix_ending_in_a_line_break_is_refused(prefix: str) -> None:
    # NOTE: `$` in `_TEXT` also matches before a final "\n": `fullmatch` (or `\Z`) is meant.
    with pytest.raises(InvalidScheme, match=r"^prefix: "):
        NumberingScheme(prefix)


def test_a_pattern_ending_in_a_line_break_is_refused() -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: "):
        NumberingScheme("СО", "{prefix}-{year}-{counter:6}\n")


def test_the_default_pattern_is_prefix_year_and_a_six_digit_counter() -> None:
    assert NumberingScheme("СО").pattern == DEFAULT_PATTERN == "{prefix}-{year}-{counter:6}"


@pytest.mark.parametrize(
    ("pattern", "number"),
    [
        ("{prefix}-{year}-{counter:6}", "СО-2026-000042"),
        ("{counter:5}/{year} {prefix}", "00042/2026 СО"),
        ("{prefix}-{counter}", "СО-42"),
        ("{prefix}-{counter:1}", "СО-42"),
        ("{prefix}-{counter:2}", "СО-42"),
        ("{prefix}-{counter:06}", "СО-000042"),
        ("ВХ-{counter:8}", "ВХ-00000042"),
        ("№ {counter:4}.{year}", "№ 0042.2026"),
    ],
)
def test_a_number_fills_the_pattern_with_the_counter_padded_to_its_width(pattern: str, number: str) -> None:
    assert NumberingScheme("СО", pattern).number(2026, 42) == number


def test_a_counter_past_its_width_keeps_all_its_digits() -> None:
    assert NumberingScheme("СО", "{prefix}-{counter:3}").number(2026, 12345) == "СО-12345"


@pytest.mark.parametrize("width", range(1, MAX_COUNTER_WIDTH + 1))
def test_a_counter_of_one_to_eight_digits_is_accepted(width: int) -> None:
    scheme = NumberingScheme("СО", f"{{prefix}}-{{counter:{width}}}")

    assert scheme.number(2026, 1) == "СО-" + "1".zfill(width)


@pytest.mark.parametrize("width", ["0", "00", "9", "10", "99"])
def test_a_counter_of_no_digits_or_more_than_eight_is_refused(width: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: the counter's width must be 1 to 8"):
        NumberingScheme("СО", f"{{prefix}}-{{counter:{width}}}")


@pytest.mark.parametrize("pattern", ["{prefix}-{month}-{counter}", "{prefix}-{month}-{day}-{counter}"])
def test_an_unknown_placeholder_is_refused_by_name(pattern: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: unknown placeholder\(s\) .*month"):
        NumberingScheme("СО", pattern)


@pytest.mark.parametrize(
    "pattern", ["{prefix}-{year}", "{prefix}", "СО-2026", "{counter}-{counter}", "{prefix}-{counter:3}-{counter:4}"]
)
def test_a_pattern_without_the_counter_or_with_it_twice_is_refused(pattern: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: must hold \{counter\} exactly once"):
        NumberingScheme("СО", pattern)


@pytest.mark.parametrize(
    "pattern", ["{prefix}-{counter}}", "{prefix}-{counter}-{", "}{counter}", "{{counter}}", "{year:}-{counter}"]
)
def test_a_brace_that_is_not_a_placeholder_is_refused(pattern: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: "):
        NumberingScheme("СО", pattern)


@pytest.mark.parametrize("pattern", ["{prefix}-{counter}}", "{prefix}-{counter}-{", "{{counter}}"])
def test_a_stray_brace_is_refused_as_a_brace(pattern: str) -> None:
    # NOTE: the brace check comes after the character check, which refuses every brace first:
    # the clearer message is never given.
    with pytest.raises(InvalidScheme, match=r"^pattern: a brace that is not a placeholder"):
        NumberingScheme("СО", pattern)


@pytest.mark.parametrize("pattern", ["{prefix}:{counter}", "{prefix}+{counter}", "{prefix}-{counter}#", "<{counter}>"])
def test_a_pattern_with_other_signs_is_refused(pattern: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: besides placeholders only"):
        NumberingScheme("СО", pattern)


def test_a_pattern_of_sixty_characters_is_accepted_and_of_sixty_one_refused() -> None:
    sixty = DEFAULT_PATTERN + "-" * (60 - len(DEFAULT_PATTERN))

    assert NumberingScheme("СО", sixty).pattern == sixty
    with pytest.raises(InvalidScheme, match=r"^pattern: at most 60 characters"):
        NumberingScheme("СО", sixty + "-")


def test_a_bad_prefix_is_told_before_a_bad_pattern() -> None:
    # NOTE: the numbering page shows a message under the field it names by its first word.
    with pytest.raises(InvalidScheme, match=r"^prefix: "):
        NumberingScheme("", "{month}")


def test_the_default_scheme_is_the_administrations_id_in_capitals() -> None:
    scheme = default_scheme("sofia")

    assert scheme == NumberingScheme("SOFIA", DEFAULT_PATTERN)
    assert scheme.number(2026, 1) == "SOFIA-2026-000001"


@pytest.mark.parametrize(
    ("administration_id", "prefix"),
    [
        ("burgas-district", "BURGAS-DISTRICT"),
        ("veliko-tarnovo-district", "VELIKO-TARNOVO-DISTR"),
        ("sofia-2", "SOFIA"),
        ("rayon-2-sofia", "RAYON-SOFIA"),
        ("2020", "ADM"),
    ],
)
def test_the_default_prefix_is_cut_to_twenty_characters_without_digits(administration_id: str, prefix: str) -> None:
    assert default_scheme(administration_id).prefix == prefix


@pytest.mark.parametrize("administration_id", ["rayon-2-sofia", "a1b", "obshtina-42-x", "sofia", "ab", "a" * 63])
def test_every_valid_administration_id_has_a_default_scheme(administration_id: str) -> None:
    # NOTE: ids match `^[a-z0-9]+(?:-[a-z0-9]+)*$` (egov_schemas.identifiers): digits may be inside.
    scheme = default_scheme(administration_id)

    assert not any(c.isdigit() for c in scheme.prefix)


@pytest.mark.parametrize(
    "pattern", ["{year}{counter:6}", "{prefix}-{year}{counter:8}", "{year}{year}{counter:2}", "12{counter:8}"]
)
def test_a_pattern_giving_ten_digits_in_a_row_is_refused(pattern: str) -> None:
    with pytest.raises(InvalidScheme, match=r"^pattern: "):
        NumberingScheme("СО", pattern)


def _patterns() -> list[str]:
    """Patterns of up to three pieces around one counter of each width: placeholders, separators
    and literal digits, next to one another in every order."""
    pieces = ["{prefix}", "{year}", "-", "/", " ", "ВХ", "7", "42"]
    counters = ["{counter}", *(f"{{counter:{width}}}" for width in range(1, MAX_COUNTER_WIDTH + 1))]
    patterns = []
    for length in range(4):
        for around in itertools.product(pieces, repeat=length):
            for position, counter in itertools.product(range(length + 1), counters):
                patterns.append("".join([*around[:position], counter, *around[position:]]))
    return patterns


def test_no_valid_scheme_gives_ten_digits_in_a_row() -> None:
    looks_like_an_egn = []
    accepted = 0
    for pattern in _patterns():
        try:
            scheme = NumberingScheme("СО", pattern)
        except InvalidScheme:
            continue
        accepted += 1
        width = next((int(w) for w in re.findall(r"\{counter(?::(\d+))?\}", pattern) if w), 1)
        for counter in (1, 10**width - 1):
            if TEN_DIGITS.search(scheme.number(2026, counter)):
                looks_like_an_egn.append(pattern)
                break

    assert accepted > 1000
    assert looks_like_an_egn == [], f"{len(looks_like_an_egn)} valid patterns, e.g. {looks_like_an_egn[:5]}"
