"""What the case page shows in the employee's language, and the forms' inputs read back."""

import datetime as dt
from typing import Any

import pytest

from egov_schemas.lifecycle import InformationNeeded
from egov_workspace.adapters.audit import PLATFORM, AuditEntry
from egov_workspace.entrypoints.case_view import answer_rows, described, needed_from, reasons_from, registry_rows
from egov_workspace.entrypoints.i18n import Language

AT = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "purpose": {"type": "string", "title": "Цел на документа", "x-title-en": "Purpose of the document"},
        "record_kind": {
            "type": "string",
            "title": "Вид акт",
            "x-title-en": "Kind of record",
            "enum": ["birth", "death"],
            "x-enum-titles": {"birth": {"bg": "Раждане", "en": "Birth"}, "death": {"bg": "Смърт", "en": "Death"}},
        },
        "address": {
            "type": "object",
            "title": "Адрес",
            "x-title-en": "Address",
            "properties": {
                "city": {"type": "string", "title": "Населено място", "x-title-en": "City"},
                "street": {"type": "string", "title": "Улица", "x-title-en": "Street"},
            },
        },
        "languages": {
            "type": "array",
            "title": "Езици",
            "x-title-en": "Languages",
            "items": {
                "type": "string",
                "enum": ["en", "fr"],
                "x-enum-titles": {"en": {"bg": "английски", "en": "English"}, "fr": {"bg": "френски", "en": "French"}},
            },
        },
        "trees": {
            "type": "array",
            "title": "Дървета",
            "x-title-en": "Trees",
            "items": {
                "type": "object",
                "properties": {
                    "species": {"type": "string", "title": "Вид", "x-title-en": "Species"},
                    "count": {"type": "integer", "title": "Брой", "x-title-en": "Count"},
                },
            },
        },
        "only_bulgarian": {"type": "string", "title": "Само на български"},
    },
}


@pytest.mark.parametrize(
    ("lang", "title"), [("bg", "Цел на документа"), ("en", "Purpose of the document")], ids=["bg", "en"]
)
def test_an_answer_is_shown_under_its_fields_title_in_the_language(lang: Language, title: str) -> None:
    assert answer_rows({"purpose": "за съда"}, SCHEMA, lang) == [(title, "за съда")]


def test_a_field_without_an_english_title_shows_its_bulgarian_one() -> None:
    assert answer_rows({"only_bulgarian": "да"}, SCHEMA, "en") == [("Само на български", "да")]


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_an_answer_to_a_field_not_in_the_form_is_shown_under_its_key(lang: Language) -> None:
    assert answer_rows({"unknown_field": "x"}, SCHEMA, lang) == [("unknown_field", "x")]
    assert answer_rows({"purpose": "x"}, {}, lang) == [("purpose", "x")]


@pytest.mark.parametrize(("lang", "row"), [("bg", ("Вид акт", "Смърт")), ("en", ("Kind of record", "Death"))])
def test_a_choice_is_shown_by_its_label(lang: Language, row: tuple[str, str]) -> None:
    assert answer_rows({"record_kind": "death"}, SCHEMA, lang) == [row]


def test_a_choice_without_a_label_is_shown_by_its_code() -> None:
    assert answer_rows({"record_kind": "adoption"}, SCHEMA, "bg") == [("Вид акт", "adoption")]
    schema = {"properties": {"kind": {"x-enum-titles": {"a": {"bg": "А"}}}}}
    assert answer_rows({"kind": "a"}, schema, "en") == [("kind", "a")]


def test_nested_answers_are_shown_under_their_parents_titles() -> None:
    form = {"address": {"city": "София", "street": "Московска 33"}}

    assert answer_rows(form, SCHEMA, "bg") == [("Адрес › Населено място", "София"), ("Адрес › Улица", "Московска 33")]
    assert answer_rows(form, SCHEMA, "en") == [("Address › City", "София"), ("Address › Street", "Московска 33")]


def test_each_item_of_a_list_is_numbered_from_one_choices_by_their_labels() -> None:
    assert answer_rows({"languages": ["fr", "en"]}, SCHEMA, "bg") == [("Езици 1", "френски"), ("Езици 2", "английски")]
    assert answer_rows({"languages": ["fr", "en"]}, SCHEMA, "en") == [
        ("Languages 1", "French"),
        ("Languages 2", "English"),
    ]


def test_a_list_of_objects_shows_each_items_fields() -> None:
    form = {"trees": [{"species": "липа", "count": 2}, {"species": "дъб", "count": 0}]}

    assert answer_rows(form, SCHEMA, "en") == [
        ("Trees 1 › Species", "липа"),
        ("Trees 1 › Count", "2"),
        ("Trees 2 › Species", "дъб"),
        ("Trees 2 › Count", "0"),
    ]


def test_empty_answers_are_left_out_and_the_forms_order_kept() -> None:
    form: dict[str, Any] = {
        "purpose": "",
        "only_bulgarian": None,
        "record_kind": "birth",
        "address": {},
        "languages": [],
    }

    assert answer_rows(form, SCHEMA, "bg") == [("Вид акт", "Раждане")]


def test_a_registry_answer_is_shown_by_path() -> None:
    data = {
        "person": {"name": "Иван Петров", "born": "1975-01-01", "alive": True},
        "addresses": [{"city": "София"}, {"city": "Бургас"}],
        "note": None,
        "count": 0,
    }

    assert registry_rows(data) == [
        ("person.name", "Иван Петров"),
        ("person.born", "1975-01-01"),
        ("person.alive", "True"),
        ("addresses.0.city", "София"),
        ("addresses.1.city", "Бургас"),
        ("note", "—"),
        ("count", "0"),
    ]


def test_a_registry_answer_of_nothing_has_no_rows() -> None:
    assert registry_rows(None) == []
    assert registry_rows({}) == []


def test_each_line_asks_for_an_answer_keyed_by_its_place() -> None:
    assert needed_from("Номер на акта\n\n  Дата на акта  \n") == [
        InformationNeeded(key="answer_1", kind="answer", description="Номер на акта"),
        InformationNeeded(key="answer_2", kind="answer", description="Дата на акта"),
    ]


@pytest.mark.parametrize("prefix", ["файл:", "Файл:", "ФАЙЛ:", "file:", "File:", "FILE:"])
def test_a_line_starting_with_the_file_prefix_asks_for_a_file(prefix: str) -> None:
    assert needed_from(f"Номер на акта\r\n{prefix}  копие на акта") == [
        InformationNeeded(key="answer_1", kind="answer", description="Номер на акта"),
        InformationNeeded(key="file_2", kind="attachment", description="копие на акта"),
    ]


@pytest.mark.parametrize("line", ["файл копие", "файлът: копие", "a file: copy", "profile: x", "файл : копие"])
def test_a_line_not_starting_with_the_prefix_asks_for_an_answer(line: str) -> None:
    assert needed_from(line) == [InformationNeeded(key="answer_1", kind="answer", description=line)]


def test_only_the_first_colon_ends_the_prefix() -> None:
    assert needed_from("file: копие: двете страни") == [
        InformationNeeded(key="file_1", kind="attachment", description="копие: двете страни")
    ]


def test_the_keys_of_many_lines_stay_valid() -> None:
    needed = needed_from("\n".join(f"file: копие {n}" if n % 2 else f"въпрос {n}" for n in range(40)))

    assert [item.key for item in needed][:3] == ["answer_1", "file_2", "answer_3"]
    assert len({item.key for item in needed}) == 40
    assert all(InformationNeeded.model_validate(item.model_dump()) == item for item in needed)


def test_nothing_is_asked_by_blank_lines() -> None:
    assert needed_from("") == []
    assert needed_from(" \n\t\n") == []


@pytest.mark.parametrize("lines", ["file:", "файл:   ", "Номер на акта\nfile:\nfile: копие"])
def test_a_file_prefix_with_nothing_after_it_is_not_an_error(lines: str) -> None:
    # NOTE: the page reads the lines before it checks them: an exception here is a 500.
    needed = needed_from(lines)

    assert all(item.description for item in needed)


def test_each_reason_is_a_line() -> None:
    assert reasons_from("  Липсва документ.\n\n\r\nНе е платена такса.  \n") == [
        "Липсва документ.",
        "Не е платена такса.",
    ]
    assert reasons_from(" \n ") == []


def entry(action: str, **details: Any) -> AuditEntry:
    return AuditEntry("sofia", "8807220079", "Мария Георгиева", action, "a1", details, AT)


def test_an_acceptance_is_described_with_its_number() -> None:
    accepted = entry("accept", registration_number="СО-2026-000042")

    assert described(accepted, "bg") == "прието: СО-2026-000042"
    assert described(accepted, "en") == "accepted: СО-2026-000042"


def test_an_assignment_is_described_with_the_colleague() -> None:
    assert described(entry("assigned", to="Петя Димитрова"), "bg") == "възложено: Петя Димитрова"


def test_a_registry_check_and_its_answer_are_described_with_the_operation_and_the_status() -> None:
    checked = entry("registry_checked", operation="grao.person", subject="applicant", law="чл. 12")
    answered = AuditEntry("sofia", None, PLATFORM, "registry_answered", "a1", {"request_id": "r1", "status": "ok"})

    assert described(checked, "en") == "registry check: grao.person"
    assert described(answered, "bg") == "отговор от регистър: ok"


def test_details_that_name_nothing_shown_are_left_out() -> None:
    assert described(entry("refuse", reasons=2), "bg") == "отказано"
    assert described(entry("request_info", needed=["answer_1"]), "en") == "information requested"
    assert described(entry("released", previous="Петя Димитрова"), "en") == "released"
    assert described(entry("accept", registration_number=None), "en") == "accepted"


def test_an_action_without_words_is_shown_as_recorded() -> None:
    assert described(entry("reopened", to="Петя"), "bg") == "reopened: Петя"


def test_answers_follow_the_schemas_order_whatever_the_forms_and_unknown_ones_come_last() -> None:
    schema = {"properties": {"a": {"title": "Първо"}, "b": {"title": "Второ"}}}

    rows = answer_rows({"extra": "x", "b": "2", "a": "1"}, schema, "bg")

    assert rows == [("Първо", "1"), ("Второ", "2"), ("extra", "x")]
