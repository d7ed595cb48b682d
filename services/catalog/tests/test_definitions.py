"""What a draft may lack, and what no draft may contain."""

from egov_catalog.domain.definitions import definition_errors, form_schema_errors
from egov_catalog.domain.seed.services import seeded_services

HEIRS = next(s for s in seeded_services() if s.iisda_number == 2016).model_dump(mode="json")


def fields(errors: list[dict[str, str]]) -> set[str]:
    return {error["field"] for error in errors}


def test_a_draft_may_be_incomplete_but_a_publication_may_not():
    draft = {"iisda_number": 2016, "name_bg": "Удостоверение за наследници"}
    assert definition_errors(draft, complete=False) == []
    assert {"name_en", "tiers", "form_schema", "legal_basis"} <= fields(definition_errors(draft, complete=True))


def test_wrong_values_are_refused_even_in_a_draft():
    draft = {"iisda_number": 2016, "provider_kinds": ["ministry"], "tiers": {"ordinary": {"fee_bgn": -1}}, "x": 1}
    assert {"provider_kinds.0", "tiers.ordinary.fee_bgn", "x"} <= fields(definition_errors(draft, complete=False))


def test_a_form_must_be_valid_json_schema():
    broken = {**HEIRS, "form_schema": {"type": "object", "properties": {"egn": {"type": "wat"}}}}
    assert fields(definition_errors(broken, complete=False)) == {"form_schema.properties.egn.type"}


def test_every_form_field_needs_a_bulgarian_and_an_english_title():
    egn = {"type": "string", "title": "ЕГН", "maxLength": 10}
    schema = {"type": "object", "title": "Заявление", "properties": {"egn": egn}}
    assert fields(form_schema_errors(schema)) == {"form_schema.x-title-en", "form_schema.properties.egn.x-title-en"}


def test_every_input_of_a_form_is_bounded():
    def titled(**field: object) -> dict[str, object]:
        return {"title": "Поле", "x-title-en": "Field", **field}

    trees = titled(type="array", items={"type": "object", "properties": {"count": {"type": "integer", "minimum": 1}}})
    schema = titled(
        type="object",
        properties={
            "name": titled(type="string"),
            "kind": titled(type="string", enum=["a", "b"]),
            "area": titled(type="number", exclusiveMinimum=0, maximum=10),
            "trees": trees,
        },
    )
    assert fields(form_schema_errors(schema)) == {
        "form_schema.properties.name",
        "form_schema.properties.trees",
        "form_schema.properties.trees.items.properties.count",
    }


def test_the_ordinary_tier_is_always_offered():
    only_express = {**HEIRS, "tiers": {"express": HEIRS["tiers"]["express"]}}
    assert any("ordinary" in error["detail"] for error in definition_errors(only_express, complete=True))


def test_a_draft_with_text_the_store_cannot_hold_is_refused_by_field():
    broken = {**HEIRS, "name_bg": "Удостоверение\x00", "name_en": "\ud800"}
    assert fields(definition_errors(broken, complete=False)) == {"name_bg", "name_en"}
