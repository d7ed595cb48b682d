"""Endpoints of the simulator itself, NOT part of e-Delivery: seed profiles, simulate an outage,
look into a recipient's messages and open one, and the health probes. For tests and developers;
no `Dp-Miscinfo`, no outage."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from egov_e_delivery_sim import shapes
from egov_e_delivery_sim.messages import Delivery, Mailbox, Message
from egov_e_delivery_sim.outage import Outage
from egov_e_delivery_sim.problems import Problem
from egov_e_delivery_sim.profiles import Profiles, SeededIndividualData

log = logging.getLogger(__name__)

Identifier = Annotated[str, Query(min_length=1, max_length=64, description="The recipient's ЕГН, ЛНЧ or ЕИК")]


class OutageRequest(BaseModel):
    seconds: Annotated[float, Field(gt=0, le=86_400, allow_inf_nan=False)]


def delivered(message: Message, delivery: Delivery) -> dict[str, Any]:
    return {
        "messageId": message.message_id,
        "dateSent": shapes.when(message.date_sent),
        "dateReceived": shapes.when(delivery.date_received),
        "sender": {"profileId": message.sender.profile_id, "name": message.sender.name},
        "recipientProfileId": delivery.recipient.profile_id,
        "subject": message.subject,
        "rnu": message.rnu,
        "templateId": message.template.template_id,
        "fields": dict(message.fields),
    }


def control_router(profiles: Profiles, mailbox: Mailbox, outage: Outage) -> APIRouter:
    router = APIRouter(tags=["simulator control (not part of e-Delivery)"])

    def ids_of(identifier: str) -> set[int]:
        return {profile.profile_id for profile in profiles.with_identifier(identifier.strip())}

    @router.post("/simulator/profiles")
    async def seed_profile(data: SeededIndividualData) -> dict[str, Any]:
        """An individual's profile, active unless `passive`, deactivated if `activated` is false."""
        profile = profiles.register_individual(data, passive=data.passive, activated=data.activated)
        return shapes.profile(profile)

    @router.post("/simulator/outage")
    async def start_outage(request: OutageRequest) -> dict[str, Any]:
        """Every /api/v1 call is answered 503 for `seconds` (health stays 200)."""
        ends_at = outage.start(request.seconds)
        log.info("outage_started seconds=%s", request.seconds)
        return {"active": True, "endsAt": ends_at.isoformat()}

    @router.delete("/simulator/outage")
    async def end_outage() -> dict[str, Any]:
        outage.end()
        log.info("outage_ended")
        return {"active": False, "endsAt": None}

    @router.get("/simulator/messages")
    async def messages_to(identifier: Identifier) -> list[dict[str, Any]]:
        """Every message to the profiles with `identifier`, newest first, with its `dateReceived`."""
        return [delivered(*item) for item in mailbox.received_by(ids_of(identifier))]

    @router.post("/simulator/messages/{message_id}/open")
    async def open_message(message_id: int, identifier: Identifier) -> dict[str, Any]:
        """As the recipient's `GET /api/v1/messages/{id}/open` with representedPersonID = `identifier`."""
        found = mailbox.open(message_id, ids_of(identifier))
        if found is None:
            raise Problem(404, f"There is no message {message_id} to {identifier}.")
        return shapes.opened(*found)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return router
