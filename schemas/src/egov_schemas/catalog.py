"""Catalog state on the compacted `egov.catalog` topic: the latest record per key is the truth.

Keys: `administration:<id>`, `service:<iisda number>`, `package:<administration id>`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, Eik, IisdaNumber

AdministrationKind = Literal["municipality", "district", "central"]
Channel = Literal["email", "sms", "e_delivery", "webhook"]


class Deadline(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    days: int = Field(gt=0)
    working_days: bool = True


class AdministrationUpserted(Event):
    ce_type: ClassVar[str] = "bg.egov.catalog.administration.v1"

    id: AdministrationId
    name_bg: str
    name_en: str
    kind: AdministrationKind
    eik: Eik | None = None
    ekatte: str | None = Field(None, pattern=r"^\d{5}$")
    channels: list[Channel] = Field(default_factory=list)
    revision: int = Field(ge=1, description="Incremented on every change")

    def identity(self) -> str:
        return f"{self.id}:{self.revision}"

    def partition_key(self) -> str:
        return f"administration:{self.id}"


class ServiceVersionPublished(Event):
    ce_type: ClassVar[str] = "bg.egov.catalog.service.v1"

    iisda_number: IisdaNumber
    version: int = Field(ge=1)
    name_bg: str
    name_en: str
    provider_kinds: list[AdministrationKind] = Field(min_length=1)
    deadline: Deadline
    form_schema: dict[str, object] = Field(description="JSON Schema of the application form")

    def identity(self) -> str:
        return f"{self.iisda_number}:{self.version}"

    def partition_key(self) -> str:
        return f"service:{self.iisda_number}"


class PackageEntry(BaseModel):
    """One service in an administration's package, with its effective settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    service: IisdaNumber
    service_version: int = Field(ge=1)
    deadline: Deadline
    fee_bgn: float | None = Field(None, ge=0)
    processing: Literal["automatic", "staff"] = "staff"
    handler_group: str = "default"


class PackagePublished(Event):
    ce_type: ClassVar[str] = "bg.egov.catalog.package.v1"

    administration_id: AdministrationId
    version: int = Field(ge=1)
    entries: list[PackageEntry]

    def identity(self) -> str:
        return f"{self.administration_id}:{self.version}"

    def partition_key(self) -> str:
        return f"package:{self.administration_id}"

    def entry_for(self, service: int) -> PackageEntry | None:
        return next((entry for entry in self.entries if entry.service == service), None)
