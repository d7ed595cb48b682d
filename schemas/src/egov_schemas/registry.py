"""Registry checks (RegiX and others) as request/reply over Kafka, through the registry gateway."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Literal

from pydantic import Field

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, ApplicationId

RegistryStatus = Literal["found", "not_found", "error"]
RegistryOperation = Literal["grao.person", "grao.permanent_address", "commercial_register.actual_state"]


class RegistryRequest(Event):
    """A registry check asked by an administration, on its own requests topic: the topic (which
    only that administration's principal may write) says who asks; a body that names another
    administration is refused."""

    ce_type: ClassVar[str] = "bg.egov.registry.request.v1"

    request_id: str = Field(min_length=1, max_length=64, description="Unique within the asking administration")
    administration_id: AdministrationId = Field(description="The asking administration: the one whose topic this is")
    application_id: ApplicationId | None = None
    operation: RegistryOperation
    arguments: dict[str, str] = Field(description="Operation arguments, e.g. {'egn': ...}")
    legal_basis: str = Field(min_length=1, max_length=500, description="The law that allows this access")
    requested_by: str = Field(min_length=1, max_length=200, description="Employee or system making the request")
    requested_at: dt.datetime

    def identity(self) -> str:
        return f"{self.administration_id}:{self.request_id}"

    def subject(self) -> str:
        return self.request_id


class RegistryReply(Event):
    ce_type: ClassVar[str] = "bg.egov.registry.reply.v1"

    request_id: str = Field(min_length=1, max_length=64)
    administration_id: AdministrationId
    status: RegistryStatus
    data: dict[str, Any] | None = None
    error: str | None = None
    answered_at: dt.datetime

    def identity(self) -> str:
        return f"{self.administration_id}:{self.request_id}"

    def subject(self) -> str:
        return self.request_id
