"""Attached files and national eID through the JSON API: a file is scanned and kept by its
SHA-256, the work item carries its reference and the administration fetches it; malware is
refused; a service's level of assurance holds; a citizen lists only their own applications."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import asyncpg

from egov_localstack.cli import local_token
from egov_localstack.platform import Platform
from egov_sdk.auth import STAFF
from tests.e2e.citizen import SMALL_PDF, heirs_application, id_token, pdf_attachment, submit

# NOTE: the EICAR test file, built from two halves so that no scanner quarantines this source.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR" + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
IVAN, MARIA = "7501010010", "8203150053"


def extract_application(identifier: str) -> dict[str, Any]:
    """A multilingual extract (2000), which asks for a login at the substantial level."""
    return {
        "administration_id": "sofia",
        "service": 2000,
        "applicant": {"identifier": identifier, "name": "Иван Петров"},
        "form": {"person_name": "Иван Петров", "person_egn": identifier, "record_kind": "birth", "languages": ["en"]},
    }


async def test_an_attached_file_is_kept_by_its_hash_and_fetched_by_the_administration(platform, intake):
    body = {**heirs_application(), "attachments": [pdf_attachment("death_certificate", "акт за смърт.pdf")]}
    application_id = await submit(intake, body)
    sha256 = hashlib.sha256(SMALL_PDF).hexdigest()

    row = await platform_row(platform, application_id)
    assert (row["key"], row["sha256"], row["media_type"], row["content"]) == (
        "death_certificate",
        sha256,
        "application/pdf",
        None,
    )
    url = f"/applications/{application_id}/attachments/{row['id']}"
    as_sofia = {"Authorization": f"Bearer {local_token(administration='sofia', roles=(STAFF,))}"}
    fetched = await intake.get(url, headers=as_sofia)
    digest = base64.b64encode(hashlib.sha256(SMALL_PDF).digest()).decode()
    assert (fetched.status_code, fetched.content, fetched.headers["digest"]) == (200, SMALL_PDF, f"sha-256={digest}")
    as_burgas = {"Authorization": f"Bearer {local_token(administration='burgas', roles=(STAFF,))}"}
    assert (await intake.get(url, headers=as_burgas)).status_code == 404
    assert (await intake.get(url)).status_code == 401


async def platform_row(platform: Platform, application_id: str) -> Any:
    connection = await asyncpg.connect(platform.database_url("intake"))
    try:
        return await connection.fetchrow("SELECT * FROM attachments WHERE application_id = $1", application_id)
    finally:
        await connection.close()


async def test_malware_and_files_of_the_wrong_type_are_refused_naming_the_file(platform, intake):
    infected = {
        "key": "death_certificate",
        "filename": "eicar.pdf",
        "content": base64.b64encode(EICAR).decode(),
    }
    response = await intake.post("/applications", json={**heirs_application(), "attachments": [infected]})
    assert (response.status_code, response.headers["content-type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == [
        {
            "field": "attachments.0.content",
            "detail": "the file contains malware (Eicar-Test-Signature.UNOFFICIAL) and was refused",
        }
    ]
    text = {**infected, "content": base64.b64encode(b"just some text").decode()}
    response = await intake.post("/applications", json={**heirs_application(), "attachments": [text]})
    assert response.status_code == 422
    assert "not of an accepted type" in response.json()["errors"][0]["detail"]
    unasked = {**heirs_application(), "attachments": [pdf_attachment("photo")]}
    response = await intake.post("/applications", json=unasked)
    assert response.json()["errors"] == [{"field": "attachments.0.key", "detail": "service 2016 asks for no 'photo'"}]


async def test_a_services_level_of_assurance_holds_and_a_citizen_sees_only_their_own(platform, intake):
    anonymous = await intake.post("/applications", json=extract_application(IVAN))
    assert (anonymous.status_code, anonymous.headers["content-type"]) == (401, "application/problem+json")
    low = {"Authorization": f"Bearer {id_token(platform, 'ivan-petrov', 'eid_low')}"}
    assert (await intake.post("/applications", json=extract_application(IVAN), headers=low)).status_code == 403

    ivan = {"Authorization": f"Bearer {id_token(platform, 'ivan-petrov', 'eid_substantial')}"}
    someone_else = await intake.post("/applications", json=extract_application(MARIA), headers=ivan)
    assert someone_else.json()["errors"][0]["field"] == "applicant.identifier"
    accepted = await intake.post("/applications", json=extract_application(IVAN), headers=ivan)
    assert accepted.status_code == 202, accepted.text
    application_id = accepted.json()["id"]

    # NOTE: filed with an eID login, it is not opened with a reference number and an EGN.
    lookup = {"reference": accepted.json()["reference"], "applicant_identifier": IVAN}
    assert (await intake.post("/applications/lookup", json=lookup)).status_code == 404

    mine = await intake.get("/applications", headers=ivan)
    assert application_id in [listed["id"] for listed in mine.json()]
    maria = {"Authorization": f"Bearer {id_token(platform, 'maria-georgieva', 'eid_high')}"}
    assert application_id not in [listed["id"] for listed in (await intake.get("/applications", headers=maria)).json()]
    forged = {"Authorization": f"Bearer {ivan['Authorization'].split()[1][:-4]}AAAA"}
    assert (await intake.get("/applications", headers=forged)).status_code == 401
