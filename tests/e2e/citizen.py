"""What a citizen sends and waits for."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from egov_eid_sim.testing import login
from egov_localstack.platform import EID, Platform
from egov_schemas.lifecycle import FINAL_STATES
from tests.kafka_helpers import eventually

VALID_EGN = "7501010010"
# NOTE: what a citizen keeps after submitting: the access token that opens each application.
_ACCESS_TOKENS: dict[str, str] = {}


# NOTE: the smallest file the blob store and ClamAV see as a PDF (its content decides its type).
SMALL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_attachment(key: str, filename: str = "document.pdf") -> dict[str, str]:
    """A file for a submission's `attachments`, as an API client sends it."""
    return {"key": key, "filename": filename, "content": base64.b64encode(SMALL_PDF).decode()}


def id_token(platform: Platform, person: str = "ivan-petrov", acr: str = "eid_substantial") -> str:
    """An ID token the eID simulator issues to the portal for `person` logged in at `acr`."""
    with httpx.Client(base_url=platform.url(EID), timeout=10) as http:
        tokens = login(http, person, acr, redirect_uri=f"{platform.url('intake')}/auth/callback")
    return str(tokens["id_token"])


def logged_in(platform: Platform, person: str = "ivan-petrov", acr: str = "eid_substantial") -> dict[str, str]:
    """Headers of an API client acting for a citizen logged in with national eID."""
    return {"Authorization": f"Bearer {id_token(platform, person, acr)}"}


def heirs_application(administration_id: str = "sofia", service: int = 2016) -> dict[str, Any]:
    form: dict[str, Any] = (
        {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследствено производство"}
        if service == 2016
        else {"purpose": "служебна необходимост"}
    )
    return {
        "administration_id": administration_id,
        "service": service,
        "applicant": {"identifier": VALID_EGN, "name": "Иван Петров", "email": "ivan.petrov@example.bg"},
        "form": form,
    }


async def submit(intake: httpx.AsyncClient, body: dict[str, Any]) -> str:
    response = await intake.post("/applications", json=body)
    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/applications/{response.json()['id']}"
    return remember(response)


def remember(response: httpx.Response) -> str:
    """The id of a submitted application, whose access token the citizen keeps."""
    accepted = response.json()
    _ACCESS_TOKENS[accepted["id"]] = accepted["access_token"]
    return str(accepted["id"])


def access(application_id: str) -> dict[str, str]:
    """The headers that open an application: its access token, as the citizen keeps it."""
    return {"Authorization": f"Bearer {_ACCESS_TOKENS[application_id]}"}


async def status(intake: httpx.AsyncClient, application_id: str) -> dict[str, Any]:
    """The application's status, read with its access token."""
    response = await intake.get(f"/applications/{application_id}", headers=access(application_id))
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def final_status(intake: httpx.AsyncClient, application_id: str, timeout: float = 60.0) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await status(intake, application_id)
        return found if found["status"] in FINAL_STATES else None

    return await eventually(probe, timeout=timeout)


async def submit_once_known(intake: httpx.AsyncClient, body: dict[str, Any]) -> str:
    """Submit as soon as intake's catalog view knows the administration (announced moments ago)."""

    async def accepted() -> str | None:
        response = await intake.post("/applications", json=body)
        return remember(response) if response.status_code == 202 else None

    return await eventually(accepted)
