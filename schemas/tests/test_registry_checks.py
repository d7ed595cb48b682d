"""A service declares the registry operations it may call, each under its law, and which form
fields a citizen may have filled from them."""

from typing import Any, get_args

import pytest
from pydantic import ValidationError

from egov_schemas.catalog import RegistryCheck, ServiceDefinition
from egov_schemas.registry import PREFILL_SOURCES, PrefillSource

LAW = "Закон за гражданската регистрация, чл. 106"


def definition(**changes: Any) -> dict[str, Any]:
    return {
        "iisda_number": 2128,
        "name_bg": "Удостоверение за постоянен адрес",
        "name_en": "Certificate of permanent address",
        "category": "civil_registration",
        "provider_kinds": ["municipality"],
        "legal_basis": LAW,
        "tiers": {"ordinary": {"deadline": {"days": 1}, "fee_bgn": 5}},
        "output_document_bg": "Удостоверение",
        "output_document_en": "Certificate",
        "form_schema": {"type": "object", "properties": {"address": {"type": "string"}}},
        "source": {"url": "https://iisda.government.bg/adm_services/services/service_card/2128", "verification": "A"},
        **changes,
    }


def test_a_bare_operation_is_allowed_under_the_services_own_legal_basis() -> None:
    service = ServiceDefinition.model_validate(definition(registry_checks=["grao.person"]))
    assert service.registry_checks == [RegistryCheck(operation="grao.person", law_reason=LAW)]


def test_a_check_names_its_own_law() -> None:
    check = {"operation": "grao.permanent_address", "law_reason": "ЗГР, чл. 99"}
    service = ServiceDefinition.model_validate(definition(registry_checks=[check]))
    assert service.registry_check("grao.permanent_address") == RegistryCheck(**check)
    assert service.registry_check("grao.person") is None


def test_a_field_is_prefilled_only_from_a_declared_operation_into_a_field_of_the_form() -> None:
    prefill = [{"field": "address", "source": "grao.permanent_address.address"}]
    with pytest.raises(ValidationError, match=r"prefill\.0\.source: grao\.permanent_address is not among"):
        ServiceDefinition.model_validate(definition(prefill=prefill))
    with pytest.raises(ValidationError, match=r"prefill\.0\.field: the form has no field street"):
        ServiceDefinition.model_validate(
            definition(registry_checks=["grao.permanent_address"], prefill=[{**prefill[0], "field": "street"}])
        )
    assert ServiceDefinition.model_validate(definition(registry_checks=["grao.permanent_address"], prefill=prefill))


def test_every_prefill_source_has_its_extraction_and_the_texts_are_made_from_the_answer() -> None:
    assert set(get_args(PrefillSource)) == set(PREFILL_SOURCES)
    person = {"names": {"first": "Иван", "surname": "Петров", "family": "Иванов"}, "birth_date": "1975-01-01"}
    address = {"settlement": "гр. София", "street": "ул. Шипка", "number": "6", "entrance": None, "floor": "3"}
    assert PREFILL_SOURCES["grao.person.full_name"][1](person) == "Иван Петров Иванов"
    assert PREFILL_SOURCES["grao.permanent_address.address"][1](address) == "ул. Шипка 6, ет. 3"
    assert PREFILL_SOURCES["grao.permanent_address.address"][1]({}) is None
