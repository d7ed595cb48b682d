"""Registry checks (RegiX and others) as request/reply over Kafka, through the registry gateway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, ApplicationId, IisdaNumber

RegistryStatus = Literal["found", "not_found", "error", "refused"]
"""`refused`: the gateway did not call the registry: the service does not allow that operation."""
RegistryOperation = Literal[
    "grao.person", "grao.permanent_address", "commercial_register.actual_state", "nra.obligations"
]
"""GRAO person data and permanent address (by EGN), the Commercial Register's actual state (by
EIK), NRA public obligations (by EGN or EIK)."""


class RegistryRequest(Event):
    """A registry check asked by an administration, on its own requests topic: the topic (which
    only that administration's principal may write) says who asks; a body that names another
    administration is refused.

    The law that allows the access is not the asker's to say: it is the one the catalog service
    declares for the operation (`ServiceDefinition.registry_checks`); an operation the service
    does not declare is refused, and the refusal audited."""

    ce_type: ClassVar[str] = "bg.egov.registry.request.v2"

    request_id: str = Field(min_length=1, max_length=64, description="Unique within the asking administration")
    administration_id: AdministrationId = Field(description="The asking administration: the one whose topic this is")
    service: IisdaNumber = Field(description="The catalog service the check is made for")
    application_id: ApplicationId | None = Field(None, description="The application the check is made for, if any")
    operation: RegistryOperation
    arguments: dict[str, str] = Field(description="Operation arguments, e.g. {'egn': ...}", max_length=5)
    purpose: str = Field(
        min_length=3, max_length=500, description="Why, in words (RegiX's Remark), shown to the citizen"
    )
    requested_by: str = Field(
        min_length=1, max_length=200, description="Employee or automated handler making the request"
    )
    requested_at: dt.datetime = Field(description="When asked; a request asked again carries the new time")

    def identity(self) -> str:
        # NOTE: the time of asking makes a request asked again (a handler retrying a work item) a new
        # event, which the gateway answers again from its record of the request id; a redelivered
        # record stays the same event, handled once.
        return f"{self.administration_id}:{self.request_id}:{self.requested_at.isoformat()}"

    def subject(self) -> str:
        return self.request_id


class RegistryReply(Event):
    ce_type: ClassVar[str] = "bg.egov.registry.reply.v2"

    request_id: str = Field(min_length=1, max_length=64)
    administration_id: AdministrationId
    status: RegistryStatus
    data: dict[str, Any] | None = None
    error: str | None = Field(None, description="Why there is no data: the registry's error or the refusal's reason")
    cached: bool = Field(False, description="Answered from the gateway's cache, within the operation's time to live")
    answered_at: dt.datetime

    def identity(self) -> str:
        return f"{self.administration_id}:{self.request_id}"

    def subject(self) -> str:
        return self.request_id


PREFILL_TOKEN_AUDIENCE = "egov-registry-gateway/prefill"  # noqa: S105 - an audience, not a secret
PREFILL_ASKER = "intake"
"""The one caller the registry gateway answers prefill requests for: the subject its tokens name."""


class PrefillRequest(BaseModel):
    """Intake asking the registry gateway, at a logged-in citizen's request and with their consent,
    for their own data to fill in a service's form (`POST /internal/prefill`)."""

    model_config = ConfigDict(extra="forbid")

    administration_id: AdministrationId = Field(description="The administration the citizen is applying to")
    service: IisdaNumber
    operations: list[RegistryOperation] = Field(min_length=1, max_length=4)
    egn: str = Field(pattern=r"^[0-9]{10}$", description="The logged-in citizen's own EGN, from their eID")
    consent_id: str = Field(min_length=8, max_length=64, description="Intake's record of the citizen's consent")


class PrefillAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    operation: RegistryOperation
    status: RegistryStatus
    data: dict[str, Any] | None = None
    error: str | None = None


class PrefillAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: list[PrefillAnswer]


def _full_name(data: dict[str, Any]) -> str | None:
    names = data.get("names") or {}
    return " ".join(part for part in (names.get("first"), names.get("surname"), names.get("family")) if part) or None


def _address_line(data: dict[str, Any]) -> str | None:
    street = " ".join(part for part in (data.get("street"), data.get("number")) if part)
    parts = [
        street,
        *(
            f"{label} {data[key]}"
            for key, label in (("entrance", "вх."), ("floor", "ет."), ("apartment", "ап."))
            if data.get(key)
        ),
    ]
    return ", ".join(part for part in parts if part) or None


PREFILL_SOURCES: dict[str, tuple[RegistryOperation, Callable[[dict[str, Any]], str | None]]] = {
    "grao.person.full_name": ("grao.person", _full_name),
    "grao.person.birth_date": ("grao.person", lambda data: data.get("birth_date")),
    "grao.permanent_address.settlement": ("grao.permanent_address", lambda data: data.get("settlement")),
    "grao.permanent_address.address": ("grao.permanent_address", _address_line),
    "grao.permanent_address.ekatte": ("grao.permanent_address", lambda data: data.get("ekatte")),
}
"""What a form field can be filled from: a registry operation's answer (its `data`, in the
gateway's shape) and the text taken from it for the field."""
PrefillSource = Literal[
    "grao.person.full_name",
    "grao.person.birth_date",
    "grao.permanent_address.settlement",
    "grao.permanent_address.address",
    "grao.permanent_address.ekatte",
]
