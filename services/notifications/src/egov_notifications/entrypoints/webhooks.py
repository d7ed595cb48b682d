"""Webhook subscriptions: an administration's systems hear of its applications' lifecycle,
signed per Standard Webhooks. The secret is shown once, when the subscription is made."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from egov_notifications.adapters.subscriptions import Subscription, Subscriptions
from egov_notifications.adapters.webhooks import new_secret
from egov_notifications.entrypoints.access import require_manager
from egov_notifications.service_layer.notify import NOTIFIED_STATES
from egov_schemas.identifiers import AdministrationId
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.clock import Clock
from egov_sdk.problems import Problem, unprocessable
from egov_sdk.storable import unstorable


class NewSubscription(BaseModel):
    model_config = ConfigDict(extra="forbid")

    administration_id: AdministrationId
    url: str = Field(max_length=2048, pattern=r"^https?://[^\s/]+\S*$", description="Where the notices are POSTed")
    states: list[ApplicationState] = Field(
        default_factory=list, max_length=20, description="Which lifecycle states; empty: every notified one"
    )
    description: str = Field("", max_length=200)


SubscriptionIdPath = Annotated[str, Path(max_length=64, pattern=r"^[a-z0-9-]+$")]


def webhooks_router(subscriptions: Subscriptions, clock: Clock, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/webhooks/subscriptions", tags=["webhooks"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    async def owned(subscription_id: str, caller: Principal) -> Subscription:
        subscription = await subscriptions.get(subscription_id)
        if subscription is None or not caller.may_see(subscription.administration_id):
            raise Problem(404, "Not found", f"no webhook subscription {subscription_id}")
        require_manager(caller, subscription.administration_id)
        return subscription

    @router.post("", status_code=201)
    async def subscribe(request: NewSubscription, caller: Caller) -> dict[str, Any]:
        require_manager(caller, request.administration_id)
        errors = list(unstorable({"url": request.url, "description": request.description}))
        unheard = [state.value for state in request.states if state not in NOTIFIED_STATES]
        if unheard:
            errors.append({"field": "states", "detail": f"no notices are sent for {', '.join(unheard)}"})
        if errors:
            raise unprocessable("Invalid subscription", errors)
        subscription = Subscription(
            id=str(uuid.uuid4()),
            administration_id=request.administration_id,
            url=request.url,
            secret=new_secret(),
            states=[state.value for state in request.states],
            description=request.description,
            active=True,
            consecutive_failures=0,
            created_at=clock.now(),
        )
        await subscriptions.add(subscription)
        return {**subscription.public(), "secret": subscription.secret}

    @router.get("")
    async def list_subscriptions(
        caller: Caller, administration_id: Annotated[str | None, Query(max_length=64)] = None
    ) -> list[dict[str, Any]]:
        """The caller's administration's subscriptions (operators: every one, or one administration's)."""
        own = caller.administration_filter()
        return [
            subscription.public() for subscription in await subscriptions.of_administration(own or administration_id)
        ]

    @router.post("/{subscription_id}/enable")
    async def enable(subscription_id: SubscriptionIdPath, caller: Caller) -> dict[str, Any]:
        """Take deliveries again after the subscription was disabled (the failure count starts over)."""
        subscription = await owned(subscription_id, caller)
        await subscriptions.set_active(subscription.id, active=True)
        return (await owned(subscription_id, caller)).public()

    @router.delete("/{subscription_id}", status_code=204)
    async def unsubscribe(subscription_id: SubscriptionIdPath, caller: Caller) -> None:
        subscription = await owned(subscription_id, caller)
        await subscriptions.remove(subscription.id)

    return router
