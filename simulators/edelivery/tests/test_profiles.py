"""Profiles: the check by identifier, passive registration of individuals and seeded profiles."""

import httpx
import pytest

from egov_e_delivery_sim.testing import InformationSystem, seed_profile

CHECK = "/api/v1/profiles/check"
PASSIVE = "/api/v1/profiles/passive-individual"


def registration(**changes: object) -> dict[str, object]:
    body = {
        "identifier": "8501010012",
        "firstName": "Мария",
        "middleName": "Георгиева",
        "lastName": "Петрова",
        "email": "maria@example.bg",
        "phone": "359888000001",
        "address": {"residence": "ул. Витоша 1", "city": "София", "state": "Столична", "countryIso": "BG"},
    }
    return {name: value for name, value in {**body, **changes}.items() if value is not ...}


async def test_an_identifier_without_a_profile_has_an_empty_result(platform: InformationSystem) -> None:
    response = await platform.get(CHECK, identifier="8501010012", offset=0, limit=10)
    assert response.status_code == 200
    assert response.json() == {"result": [], "length": 0}


@pytest.mark.parametrize("identifier", ["12345678", "12345678901234", "85010100ab", ""])
async def test_the_identifier_checked_must_be_9_to_13_digits(platform: InformationSystem, identifier: str) -> None:
    response = await platform.get(CHECK, identifier=identifier)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "One or more validation errors occurred."
    assert list(body["errors"]) == ["identifier"]
    assert body["detail"].startswith("identifier: ")


async def test_a_passive_registration_returns_the_profile_id_and_is_then_found(platform: InformationSystem) -> None:
    response = await platform.post(PASSIVE, registration())
    assert response.status_code == 200
    profile_id = response.json()
    assert isinstance(profile_id, int)
    check = await platform.get(CHECK, identifier="8501010012")
    assert check.json() == {
        "result": [
            {
                "profileId": profile_id,
                "identifier": "8501010012",
                "name": "Мария Георгиева Петрова",
                "email": "maria@example.bg",
                "phone": "359888000001",
                "address": {
                    "addressId": 1,
                    "residence": "ул. Витоша 1",
                    "city": "София",
                    "state": "Столична",
                    "countryIso": "BG",
                },
                "isActivated": True,
                "isPassive": True,
                "targetGroupId": 1,
                "targetGroupName": "Физически лица",
            }
        ],
        "length": 1,
    }


async def test_only_the_required_parts_of_a_registration_are_needed(platform: InformationSystem) -> None:
    body = registration(middleName=..., email=..., phone=..., address=...)
    response = await platform.post(PASSIVE, body)
    assert response.status_code == 200, response.text
    [found] = (await platform.get(CHECK, identifier="8501010012")).json()["result"]
    assert (found["name"], found["email"], found["address"]) == ("Мария Петрова", None, None)


async def test_an_identifier_that_already_has_a_profile_is_a_conflict(platform: InformationSystem) -> None:
    assert (await platform.post(PASSIVE, registration())).status_code == 200
    again = await platform.post(PASSIVE, registration(firstName="Друга"))
    assert again.status_code == 409
    body = again.json()
    assert (body["status"], body["title"]) == (409, "Conflict")
    assert "8501010012" in body["detail"]
    assert (await platform.get(CHECK, identifier="8501010012")).json()["length"] == 1


async def test_an_invalid_registration_names_each_wrong_field(platform: InformationSystem) -> None:
    body = registration(
        identifier="85010",
        firstName=" ",
        lastName=...,
        email="not-an-email",
        address={"city": "София", "countryIso": "Bulgaria"},
    )
    response = await platform.post(PASSIVE, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {
        "identifier",
        "firstName",
        "lastName",
        "email",
        "address.residence",
        "address.countryIso",
    }
    assert errors["lastName"] == ["Field required"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"null"])
async def test_a_body_that_is_not_a_json_object_is_a_bad_request(platform: InformationSystem, body: bytes) -> None:
    response = await platform.http.post(
        PASSIVE, content=body, headers={**platform.headers(), "content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["status"] == 400


async def test_a_seeded_profile_is_active_and_can_be_made_deactivated(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    active = await seed_profile(http, "7501010010")
    assert (active["isPassive"], active["isActivated"], active["targetGroupId"]) == (False, True, 1)
    assert active["name"] == "Иван Петров Иванов"
    deactivated = await seed_profile(http, "7601010011", activated=False)
    assert deactivated["isActivated"] is False
    [found] = (await platform.get(CHECK, identifier="7601010011")).json()["result"]
    assert found == deactivated
    duplicate = await http.post(
        "/simulator/profiles", json={"identifier": "7501010010", "firstName": "А", "lastName": "Б"}
    )
    assert duplicate.status_code == 409


async def test_the_check_is_paged(http: httpx.AsyncClient, platform: InformationSystem) -> None:
    await seed_profile(http, "7501010010")
    response = await platform.get(CHECK, identifier="7501010010", offset=1, limit=5)
    assert response.json() == {"result": [], "length": 1}
    bad = await platform.get(CHECK, identifier="7501010010", offset=-1, limit=0)
    assert set(bad.json()["errors"]) == {"offset", "limit"}
