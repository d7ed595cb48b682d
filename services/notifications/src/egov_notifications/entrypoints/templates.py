"""An administration's own notice templates: read the platform's, write its own over them (checked
by compiling and rendering on sample facts before they are kept), and remove them again."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from egov_notifications.adapters.overrides import TemplateOverrides
from egov_notifications.adapters.templates import EVERY_SERVICE, NoticeFacts, TemplateBook, TemplateError
from egov_notifications.entrypoints.access import require_manager
from egov_notifications.service_layer.notify import NOTIFIED_STATES
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.clock import Clock
from egov_sdk.problems import Problem, unprocessable
from egov_sdk.storable import unstorable

Language = Literal["bg", "en"]
AdministrationPath = Annotated[str, Path(max_length=64, pattern=ADMINISTRATION_ID_PATTERN)]
ServiceQuery = Annotated[
    int, Query(ge=0, le=999_999, description="The IISDA number it is for; 0 (the default): every service")
]
SAMPLE_DETAILS: dict[str, Any] = {
    "due_date": "2026-12-15",
    "reason": "Причина / Reason",
    "reasons": ["Първо основание / First reason"],
    "registration_number": "СО-2026-000123",
    "message": "Съобщение / Message",
    "needed": [{"key": "record_number", "kind": "answer", "description": "Номер на акта / Record number"}],
    "amount": 5.0,
    "currency": "BGN",
    "expires_at": "2026-12-01T12:00:00+00:00",
    "payment_url": "https://pay.egov.bg/pay/EXAMPLE",
    "document_id": "DOC-1",
}


class TemplateSource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(
        min_length=10,
        max_length=20_000,
        description="Jinja2 with the blocks subject, text and body (and sms, optional), as the platform's templates",
    )


def templates_router(
    overrides: TemplateOverrides, book: TemplateBook, clock: Clock, principal: Authenticator
) -> APIRouter:
    router = APIRouter(prefix="/templates", tags=["templates"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    def sample(administration_id: str, state: ApplicationState, service: int) -> NoticeFacts:
        if state not in NOTIFIED_STATES:
            raise unprocessable(
                "Invalid state", [{"field": "state", "detail": f"no notices are sent for {state.value}"}]
            )
        return NoticeFacts(
            state=state.value,
            reference="7K3M-9QXP-4",
            service=service or 2016,
            service_name="Примерна услуга / Example service",
            administration_name=administration_id,
            follow_url="https://egov.bg/",
            details=SAMPLE_DETAILS,
        )

    @router.get("/{administration_id}")
    async def list_overrides(administration_id: AdministrationPath, caller: Caller) -> list[dict[str, Any]]:
        require_manager(caller, administration_id)
        return await overrides.list(administration_id)

    @router.put("/{administration_id}/{state}/{language}")
    async def put_override(
        *,
        administration_id: AdministrationPath,
        state: ApplicationState,
        language: Language,
        template: TemplateSource,
        caller: Caller,
        service: ServiceQuery = EVERY_SERVICE,
    ) -> dict[str, Any]:
        """Keep the administration's template for a state and language (and a service); answers
        with the template rendered on sample facts, to check how it reads."""
        require_manager(caller, administration_id)
        if errors := list(unstorable({"source": template.source})):
            raise unprocessable("Invalid template", errors)
        facts = sample(administration_id, state, service)
        try:
            preview = book.check(template.source, facts, language)
        except TemplateError as exc:
            raise unprocessable("Invalid template", [{"field": "source", "detail": str(exc)}]) from exc
        await overrides.put(
            administration_id, (service, state.value, language), template.source, caller.subject, clock.now()
        )
        return {"service": service, "state": state.value, "language": language, "preview": dataclasses.asdict(preview)}

    @router.delete("/{administration_id}/{state}/{language}", status_code=204)
    async def remove_override(
        *,
        administration_id: AdministrationPath,
        state: ApplicationState,
        language: Language,
        caller: Caller,
        service: ServiceQuery = EVERY_SERVICE,
    ) -> None:
        require_manager(caller, administration_id)
        if not await overrides.remove(administration_id, (service, state.value, language)):
            raise Problem(
                404, "Not found", f"{administration_id} has no template of its own for {state.value} ({language})"
            )

    return router
