"""Operations' arguments are checked before anything is recorded or called; a person's subject is
kept only as a keyed hash and a masked number; a person's data is never cached."""

import pytest
from pydantic import ValidationError

from egov_registry_gateway.domain.operations import SENSITIVE, Subject, subject_of, subject_ref
from egov_registry_gateway.settings import RegistryGatewaySettings

EGN = "7501010010"
EIK = "000696327"


def test_each_operation_takes_its_one_identifier() -> None:
    assert subject_of("grao.person", {"egn": EGN}) == Subject("egn", EGN)
    assert subject_of("commercial_register.actual_state", {"eik": EIK}) == Subject("eik", EIK)
    assert subject_of("nra.obligations", {"eik": EIK}) == Subject("eik", EIK)
    assert subject_of("nra.obligations", {"egn": EGN}) == Subject("egn", EGN)


@pytest.mark.parametrize(
    ("operation", "arguments", "message"),
    [
        ("grao.person", {}, "grao.person takes exactly one of `egn`"),
        ("grao.person", {"eik": EIK}, "grao.person takes exactly one of `egn`"),
        ("nra.obligations", {"egn": EGN, "eik": EIK}, "`egn` or `eik`"),
        ("grao.permanent_address", {"egn": "7501010011"}, "arguments.egn:"),
        ("commercial_register.actual_state", {"eik": "12"}, "arguments.eik:"),
    ],
)
def test_wrong_arguments_are_named(operation: str, arguments: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        subject_of(operation, arguments)


def test_a_person_is_masked_and_keyed_a_company_is_not_personal() -> None:
    person = Subject("egn", EGN)
    assert person.masked() == "*********0"
    assert Subject("eik", EIK).masked() == EIK
    assert subject_ref(b"key", person) == subject_ref(b"key", Subject("egn", EGN))
    assert subject_ref(b"key", person) != subject_ref(b"other key", person)
    assert EGN not in subject_ref(b"key", person)


@pytest.mark.parametrize("operation", sorted(SENSITIVE))
def test_a_persons_data_cannot_be_given_a_time_to_live(operation: str) -> None:
    with pytest.raises(ValidationError, match="never cached"):
        RegistryGatewaySettings(
            audit_subject_key="k", prefill_token_key="k", auth_jwt_key="k", cache_ttl_s={operation: 60}
        )


def test_an_unknown_operation_cannot_be_given_a_time_to_live() -> None:
    with pytest.raises(ValidationError, match=r"no such registry operation: grao\.everything"):
        RegistryGatewaySettings(
            audit_subject_key="k", prefill_token_key="k", auth_jwt_key="k", cache_ttl_s={"grao.everything": 60}
        )
