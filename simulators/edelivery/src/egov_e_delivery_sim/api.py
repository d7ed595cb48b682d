"""e-Delivery's ESB REST API (`/api/v1`, governmentbg/edelivery2022 `docs/edelivery_esb_api_0.6.md`):
target groups, profiles, templates and messages.

Every call passes the gate first: during a simulated outage it is answered 503; without a
well-formed `Dp-Miscinfo` header 401; from an OID that is not a configured sender 403.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from egov_e_delivery_sim import miscinfo, shapes
from egov_e_delivery_sim.messages import Mailbox, NewMessage
from egov_e_delivery_sim.miscinfo import Caller, MalformedMiscinfo
from egov_e_delivery_sim.outage import Outage
from egov_e_delivery_sim.problems import Problem, problem_response
from egov_e_delivery_sim.profiles import TARGET_GROUPS, IndividualData, Profile, Profiles
from egov_e_delivery_sim.templates import TEMPLATES

log = logging.getLogger(__name__)

PREFIX = "/api/v1"

Offset = Annotated[int, Query(ge=0, description="How many results to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="How many results to return")]


def gate(
    outage: Outage, senders: Mapping[str, str]
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """HTTP middleware: the outage and the caller's identity, checked before the body is read
    (as the ESB and ASP.NET's authentication do)."""

    async def admit(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if path != PREFIX and not path.startswith(f"{PREFIX}/"):
            return await call_next(request)
        if (left := outage.remaining_s()) > 0:
            unavailable = Problem(503, "e-Delivery is unavailable (a simulated outage).")
            return problem_response(unavailable, headers={"Retry-After": str(math.ceil(left))})
        try:
            caller = miscinfo.parse(request.headers.get(miscinfo.HEADER))
        except MalformedMiscinfo as exc:
            return problem_response(Problem(401, str(exc)))
        if caller.oid not in senders:
            return problem_response(
                Problem(403, f"The information system with OID {caller.oid} is not registered as a sender.")
            )
        request.state.caller = caller
        return await call_next(request)

    return admit


def calling(request: Request) -> Caller:
    caller = request.state.caller  # NOTE: set by `gate` on every /api/v1 call that reaches an endpoint
    assert isinstance(caller, Caller)
    return caller


CallerDep = Annotated[Caller, Depends(calling)]


def e_delivery_router(profiles: Profiles, mailbox: Mailbox) -> APIRouter:
    router = APIRouter(prefix=PREFIX, tags=["e-Delivery ESB API"])

    def acting(caller: Caller) -> list[Profile]:
        """The profiles a recipient-side call acts for: the represented person's, else the caller's own."""
        if caller.represented_person_id is not None:
            return profiles.with_identifier(caller.represented_person_id)
        return [profiles.institution(caller.oid)]

    @router.get("/target-groups")
    async def target_groups(_: CallerDep) -> list[dict[str, Any]]:
        return [shapes.target_group(group) for group in TARGET_GROUPS]

    @router.get("/profiles/check")
    async def check_profiles(
        _: CallerDep,
        identifier: Annotated[str, Query(pattern=r"^[0-9]{9,13}$", description="ЕГН, ЛНЧ or ЕИК")],
        offset: Offset = 0,
        limit: Limit = 10,
    ) -> dict[str, Any]:
        """The profiles, in every target group, registered under `identifier` (none: an empty result)."""
        return shapes.page([shapes.profile(found) for found in profiles.with_identifier(identifier)], offset, limit)

    @router.post("/profiles/passive-individual")
    async def register_passive_individual(caller: CallerDep, data: IndividualData) -> int:
        """A receive-only profile for an individual; its profileId (409 if the identifier has a profile)."""
        profile = profiles.register_individual(data, passive=True)
        log.info("passive_profile_registered profile_id=%d by_oid=%s", profile.profile_id, caller.oid)
        return profile.profile_id

    @router.get("/templates")
    async def templates(_: CallerDep) -> list[dict[str, Any]]:
        return [shapes.template_summary(template) for template in TEMPLATES.values()]

    @router.get("/templates/{template_id}")
    async def template(_: CallerDep, template_id: int) -> dict[str, Any]:
        found = TEMPLATES.get(template_id)
        if found is None:
            raise Problem(404, f"There is no template {template_id}.")
        return shapes.template_detail(found)

    @router.post("/messages")
    async def send(caller: CallerDep, data: NewMessage) -> int:
        """Send a message from the caller's institution; its messageId."""
        message = mailbox.send(profiles.institution(caller.oid), caller.cn, data)
        log.info(
            "message_sent message_id=%d template_id=%d recipients=%d by_oid=%s",
            message.message_id,
            message.template.template_id,
            len(message.deliveries),
            caller.oid,
        )
        return message.message_id

    @router.get("/messages/outbox")
    async def outbox(caller: CallerDep, offset: Offset = 0, limit: Limit = 10) -> dict[str, Any]:
        """Messages the caller's institution sent, newest first."""
        sent = mailbox.sent_by(profiles.institution(caller.oid))
        return shapes.page([shapes.outbox_item(message) for message in sent], offset, limit)

    @router.get("/messages/inbox")
    async def inbox(caller: CallerDep, offset: Offset = 0, limit: Limit = 10) -> dict[str, Any]:
        """Messages to the represented person (or to the caller's institution), newest first."""
        received = mailbox.received_by({profile.profile_id for profile in acting(caller)})
        return shapes.page([shapes.inbox_item(*item) for item in received], offset, limit)

    @router.get("/messages/{message_id}/view")
    async def view(caller: CallerDep, message_id: int) -> dict[str, Any]:
        """The sender's view, with each recipient's `dateReceived` (null: not opened yet)."""
        message = mailbox.get(message_id)
        if message is None or message.sender is not profiles.institution(caller.oid):
            raise Problem(404, f"There is no message {message_id} sent by this profile.")
        return shapes.sent(message)

    @router.get("/messages/{message_id}/open")
    async def open_message(caller: CallerDep, message_id: int) -> dict[str, Any]:
        """Open a received message; the first opening sets its `dateReceived`, which never changes after."""
        found = mailbox.open(message_id, {profile.profile_id for profile in acting(caller)})
        if found is None:
            raise Problem(404, f"There is no message {message_id} to this profile.")
        log.info("message_opened message_id=%d by_oid=%s", message_id, caller.oid)
        return shapes.opened(*found)

    return router
