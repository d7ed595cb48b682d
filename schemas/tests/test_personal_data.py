from egov_schemas.personal_data import names_in, personal_data_in, personal_numbers_in


def test_personal_numbers_are_ten_digit_runs_with_a_valid_check_digit():
    assert personal_numbers_in("ЕГН 7501010010, вх. № 2026112700, ЕИК 0006963270461") == ["7501010010"]
    assert personal_numbers_in("СО-20261127-AB12CD34") == []


def test_digits_inside_a_uuid_or_a_hex_token_are_not_a_personal_number():
    # NOTE: 0009188368 passes an EGN's check; the chaos test met it in an application id.
    assert personal_numbers_in("0009188368") == ["0009188368"]
    assert personal_numbers_in("heirs-041a4ce9-5738-4b20-bc6e-0009188368be") == []
    assert personal_numbers_in("trace 4bf92f3577b34da60009188368aeb4736") == []
    assert personal_numbers_in("документ 041a4ce9, ЕГН 0009188368") == ["0009188368"]


def test_names_match_whole_words_whatever_the_case():
    assert names_in("Отказ: ПЕТРОВ не е наследник", ["Иван Петров"]) == ["Петров"]
    assert names_in("Петровски площад", ["Иван Петров"]) == []
    assert names_in("Ив и Ан", ["Ив Ан"]) == []  # NOTE: two letters are too short to tell


def test_findings_name_the_field_but_never_repeat_the_data():
    findings = personal_data_in([("reasons.0", "Иван, ЕГН 7501010010"), ("message", "ok")], ["Иван Петров"])
    assert findings == [
        "reasons.0 holds 1 personal number(s) (EGN or LNCh)",
        "reasons.0 holds 1 word(s) of the name of a person the application is about",
    ]
