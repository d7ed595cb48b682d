"""Finding a service in the seeded catalog by the words of its name (Bulgarian or English) or its number."""

import datetime as dt

import pytest

from egov_catalog.domain.seed.services import seeded_services
from egov_intake.domain.catalog_search import matches, search
from egov_schemas.catalog import ServiceVersionChanged

PUBLISHED = {"version": 1, "status": "published", "published_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}
CATALOG = [ServiceVersionChanged(**dict(definition), **PUBLISHED) for definition in seeded_services()]
HEIRS = next(service for service in CATALOG if service.iisda_number == 2016)


def found(query: str) -> list[int]:
    return [service.iisda_number for service in search(CATALOG, query)]


@pytest.mark.parametrize("query", ["наследници", "НАСЛЕДНИЦИ", "Наследници", "heirs", "HEIRS", "Certificate of heirs"])
def test_a_word_of_the_name_in_either_language_finds_the_service_whatever_its_case(query):
    assert found(query) == [2016]


def test_a_word_is_matched_by_its_beginning():
    assert found("наслед") == [2091, 2016]
    assert found("наследн") == [2016]


def test_the_middle_of_a_word_matches_nothing():
    assert found("следници") == []
    assert found("eirs") == []


def test_every_word_of_the_query_must_match():
    assert found("удостоверение наследници") == [2016]
    assert found("address certificate") == [1997, 2128]
    assert found("наследници адрес") == []
    assert found("heirs address") == []


def test_the_iisda_number_finds_its_service():
    assert found("2016") == [2016]
    assert found("201") == [2012, 2014, 2016, 2017]


def test_the_category_finds_its_services():
    # NOTE: no name holds "forestry"; 2006 is the one service in that category.
    assert found("forestry") == [2006]
    assert [service.category for service in search(CATALOG, "elections")] == ["elections"] * 6


@pytest.mark.parametrize("query", ["", "   ", "—", "?!", "„“"])
def test_a_query_without_words_matches_nothing(query):
    assert found(query) == []
    assert not matches(HEIRS, query)


def test_names_starting_with_the_first_word_come_first_then_by_name():
    starts = HEIRS.model_copy(update={"iisda_number": 1, "name_bg": "Удостоверение за наследници"})
    inside_b = HEIRS.model_copy(update={"iisda_number": 2, "name_bg": "Издаване на удостоверение за наследници"})
    inside_a = HEIRS.model_copy(update={"iisda_number": 3, "name_bg": "Дубликат на удостоверение за наследници"})
    services = [inside_b, starts, inside_a]
    assert [service.iisda_number for service in search(services, "УДОСТОВЕРЕНИЕ наследници")] == [1, 3, 2]
    assert [service.iisda_number for service in search(services, "наследници удостоверение")] == [3, 2, 1]
