"""What an operator and an administration's admin do with the catalog API."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from egov_localstack.cli import local_token


def operator() -> dict[str, str]:
    return {"Authorization": f"Bearer {local_token(operator=True, administration=None)}"}


def admin_of(administration_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {local_token(operator=False, administration=administration_id)}"}


def new_municipality(**changes: Any) -> dict[str, Any]:
    slug = f"test-{uuid.uuid4().hex[:8]}"
    return {
        "id": slug,
        "name_bg": "Община Тестово",
        "name_en": "Testovo Municipality",
        "kind": "municipality",
        "eik": "000696327",
        "ekatte": "68134",
        "channels": ["email"],
        **changes,
    }


async def register_administration(catalog: httpx.AsyncClient, headers: dict[str, str], **changes: Any) -> str:
    response = await catalog.post("/administrations", json=new_municipality(**changes), headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def read(catalog: httpx.AsyncClient, path: str) -> tuple[dict[str, Any], str]:
    """A resource and its ETag."""
    response = await catalog.get(path)
    assert response.status_code == 200, response.text
    return response.json(), response.headers["etag"]
