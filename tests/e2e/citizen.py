"""What a citizen sends and waits for."""

from __future__ import annotations

from typing import Any

import httpx

from tests.kafka_helpers import eventually

VALID_EGN = "7501010010"


def heirs_application(administration_id: str = "sofia", service: int = 2016) -> dict[str, Any]:
    form: dict[str, Any] = (
        {"deceased_name": "Петър Иванов", "deceased_egn": "4501010010", "purpose": "наследствено производство"}
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
    return str(response.json()["id"])


async def final_status(intake: httpx.AsyncClient, application_id: str, timeout: float = 60.0) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        status: dict[str, Any] = (await intake.get(f"/applications/{application_id}")).json()
        return status if status["status"] in {"completed", "refused", "rejected", "withdrawn"} else None

    return await eventually(probe, timeout=timeout)


async def submit_once_known(intake: httpx.AsyncClient, body: dict[str, Any]) -> str:
    """Submit as soon as intake's catalog view knows the administration (announced moments ago)."""

    async def accepted() -> str | None:
        response = await intake.post("/applications", json=body)
        return str(response.json()["id"]) if response.status_code == 202 else None

    return await eventually(accepted)
