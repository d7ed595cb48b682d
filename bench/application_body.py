"""The application every benchmark request submits, and a bare pydantic model of its shape."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

# NOTE: Sofia's certificate of heirs (IISDA 2016) is what the example handler completes at once,
# so every submission goes through routing, the handler, routing again and notifications.
SAMPLE_APPLICATION: dict[str, Any] = {
    "administration_id": "sofia",
    "service": 2016,
    "applicant": {"identifier": "7501010010", "name": "Иван Петров", "email": "ivan@example.bg"},
    "form": {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследство"},
}


def sample_body() -> bytes:
    return json.dumps(SAMPLE_APPLICATION, ensure_ascii=False).encode()


class Applicant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    identifier: str
    name: str
    email: str | None = None


class ApplicationBody(BaseModel):
    """The shape of intake's body without its catalog checks: the bare HTTP baseline parses this."""

    model_config = ConfigDict(extra="forbid")

    administration_id: str
    service: int
    tier: str = "ordinary"
    applicant: Applicant
    form: dict[str, Any]


class Accepted(BaseModel):
    id: str
    status: str
    status_url: str
