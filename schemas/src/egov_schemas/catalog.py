"""Catalog state on the compacted `egov.catalog` topic: the latest record per key is the truth.

Keys: `administration:<id>`, `service:<iisda number>:<version>` (every published version is its
own entity, so an application can always find the version it was submitted under), and
`package:<administration id>`. Drafts stay inside the catalog service until they are published.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, ValidationInfo, field_validator, model_validator

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, Eik, IisdaNumber
from egov_schemas.registry import PREFILL_SOURCES, PrefillSource, RegistryOperation

AdministrationKind = Literal["municipality", "district", "central"]
Channel = Literal["email", "sms", "e_delivery", "webhook"]
Tier = Literal["ordinary", "fast", "express"]
TIERS: tuple[Tier, ...] = ("ordinary", "fast", "express")
Processing = Literal["automatic", "staff"]
Verification = Literal["A", "B", "C"]
AssuranceLevel = Literal["eid_low", "eid_substantial", "eid_high"]
ASSURANCE_LEVELS: tuple[AssuranceLevel, ...] = ("eid_low", "eid_substantial", "eid_high")
"""The national eID's levels of assurance (its `acr` values), lowest first."""
AttachmentKey = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
DEFAULT_ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"]
HandlerGroup = Annotated[
    str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", description="Which of the administration's handlers process it")
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Deadline(_Frozen):
    days: int = Field(gt=0, le=365)
    working_days: bool = True


class TierTerms(_Frozen):
    deadline: Deadline
    fee_bgn: float = Field(ge=0, le=100_000)


class Contacts(_Frozen):
    email: EmailStr | None = None
    phone: str | None = Field(None, pattern=r"^\+?[0-9 ()-]{5,20}$")
    address: str | None = Field(None, max_length=300)
    website: str | None = Field(None, max_length=2048, pattern=r"^https?://\S+$")


class AdministrationUpserted(Event):
    ce_type: ClassVar[str] = "bg.egov.catalog.administration.v1"

    id: AdministrationId
    name_bg: str = Field(min_length=3, max_length=200)
    name_en: str = Field(min_length=3, max_length=200)
    kind: AdministrationKind
    eik: Eik | None = None
    ekatte: str | None = Field(None, pattern=r"^\d{5}$", description="EKATTE code of the seat")
    contacts: Contacts = Contacts()
    channels: list[Channel] = Field(default_factory=list, max_length=10, description="Enabled notification channels")
    revision: int = Field(ge=1, description="Incremented on every change")

    def identity(self) -> str:
        return f"{self.id}:{self.revision}"

    def partition_key(self) -> str:
        return f"administration:{self.id}"


class Attachment(_Frozen):
    """A document the applicant attaches, and what an upload of it may be."""

    key: AttachmentKey = Field(description="Names the attachment in a submission")
    name_bg: str = Field(min_length=2, max_length=300)
    name_en: str = Field(min_length=2, max_length=300)
    required: bool = True
    max_bytes: int = Field(10 * 1024 * 1024, ge=1, le=50 * 1024 * 1024, description="Largest file accepted")
    media_types: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ATTACHMENT_TYPES),
        min_length=1,
        max_length=20,
        description="Media types accepted, as the file's content shows it (not its name)",
    )


class Source(_Frozen):
    """Where the service's IISDA number was read, and how sure that reading is (A surest)."""

    url: str = Field(max_length=2048, pattern=r"^https?://\S+$")
    verification: Verification
    note: str = Field("", max_length=1000)


class RegistryCheck(_Frozen):
    """A registry operation the service may call, and the law that allows it (RegiX's LawReason)."""

    operation: RegistryOperation
    law_reason: str = Field(min_length=3, max_length=500, description="The provision that allows the access")


class PrefillField(_Frozen):
    """A form field the citizen may ask to have filled from a registry, with their own data."""

    field: str = Field(min_length=1, max_length=100, description="A property of the form schema")
    source: PrefillSource = Field(description="The registry answer it is filled from")


class ServiceDefinition(_Frozen):
    """Everything a published service version says; a draft is the same, possibly incomplete."""

    iisda_number: IisdaNumber
    name_bg: str = Field(min_length=3, max_length=300)
    name_en: str = Field(min_length=3, max_length=300)
    category: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    provider_kinds: list[AdministrationKind] = Field(min_length=1, max_length=10)
    legal_basis: str = Field(min_length=3, max_length=1000)
    tiers: dict[Tier, TierTerms] = Field(description="Delivery tiers; `ordinary` is always offered")
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    assurance_level: AssuranceLevel = Field(
        "eid_low", description="The lowest national eID level of assurance (`acr`) an applicant must have logged in at"
    )
    registry_checks: list[RegistryCheck] = Field(
        default_factory=list,
        max_length=20,
        description="The only registry operations the service's handlers and staff may call, each under its law",
    )
    prefill: list[PrefillField] = Field(
        default_factory=list,
        max_length=20,
        description="Form fields filled from the registries at the citizen's request; each source's operation "
        "must be among `registry_checks`",
    )
    output_document_bg: str = Field(min_length=3, max_length=300)
    output_document_en: str = Field(min_length=3, max_length=300)
    form_schema: dict[str, object] = Field(
        description="JSON Schema (2020-12) of the application form: the inputs the applicant must give"
    )
    source: Source

    @model_validator(mode="before")
    @classmethod
    def _attachments_keyed(cls, data: Any) -> Any:
        """An attachment published before attachments had keys is keyed by its place in the list."""
        if isinstance(data, dict) and isinstance(attachments := data.get("attachments"), list):
            data = {
                **data,
                "attachments": [
                    {"key": f"attachment_{index + 1}", **attachment}
                    if isinstance(attachment, dict) and "key" not in attachment
                    else attachment
                    for index, attachment in enumerate(attachments)
                ],
            }
        return data

    @model_validator(mode="before")
    @classmethod
    def _checks_under_the_services_law(cls, data: Any) -> Any:
        """A check given as the bare operation (as services were published before law reasons
        were asked for) is allowed under the service's own legal basis."""
        if isinstance(data, dict) and isinstance(checks := data.get("registry_checks"), list):
            law = data.get("legal_basis")
            data = {
                **data,
                "registry_checks": [
                    {"operation": check, "law_reason": law} if isinstance(check, str) else check for check in checks
                ],
            }
        return data

    def attachment(self, key: str) -> Attachment | None:
        return next((attachment for attachment in self.attachments if attachment.key == key), None)

    def registry_check(self, operation: str) -> RegistryCheck | None:
        return next((check for check in self.registry_checks if check.operation == operation), None)

    @model_validator(mode="after")
    def _offers_ordinary(self) -> ServiceDefinition:
        if "ordinary" not in self.tiers:
            raise ValueError("tiers: the ordinary tier is required")
        return self

    @model_validator(mode="after")
    def _attachment_keys_unique(self) -> ServiceDefinition:
        keys = [attachment.key for attachment in self.attachments]
        if len(keys) != len(set(keys)):
            raise ValueError("attachments: each key must be unique")
        return self

    @model_validator(mode="after")
    def _prefilled_from_declared_checks(self) -> ServiceDefinition:
        properties = self.form_schema.get("properties")
        fields = properties if isinstance(properties, dict) else {}
        for index, prefill in enumerate(self.prefill):
            if prefill.field not in fields:
                raise ValueError(f"prefill.{index}.field: the form has no field {prefill.field}")
            operation = PREFILL_SOURCES[prefill.source][0]
            if self.registry_check(operation) is None:
                raise ValueError(f"prefill.{index}.source: {operation} is not among the service's registry_checks")
        return self


class ServiceVersionChanged(ServiceDefinition, Event):
    """A service version was published or retired. Published content never changes afterwards."""

    ce_type: ClassVar[str] = "bg.egov.catalog.service_version.v1"

    version: int = Field(ge=1)
    status: Literal["published", "retired"]
    published_at: dt.datetime

    def identity(self) -> str:
        return f"{self.iisda_number}:{self.version}:{self.status}"

    def partition_key(self) -> str:
        return service_key(self.iisda_number, self.version)


def service_key(iisda_number: int, version: int) -> str:
    return f"service:{iisda_number}:{version}"


class TierOverride(_Frozen):
    deadline: Deadline | None = None
    fee_bgn: float | None = Field(None, ge=0, le=100_000)


class PackageEntry(_Frozen):
    """One service an administration offers, with its own settings over the service's defaults."""

    service: IisdaNumber
    tiers: dict[Tier, TierOverride] = Field(
        default_factory=dict, description="Per-tier overrides; a tier of the service not listed here is offered as is"
    )
    disabled_tiers: list[Tier] = Field(
        default_factory=list, max_length=3, description="Tiers of the service not offered here"
    )
    payment_required: bool | None = Field(None, description="Default: whenever the tier's fee is above zero")
    channels: list[Channel] | None = Field(None, description="Default: the administration's channels")
    processing: Processing = "staff"
    handler_group: HandlerGroup = "default"
    shadow_from: dt.date | None = Field(
        None,
        description=(
            "From this day, staff's work items of the service are copied to the administration's handler, "
            "marked shadow: its decisions are recorded and compared, never applied. Only with processing: staff"
        ),
    )

    @field_validator("shadow_from")
    @classmethod
    def _shadow_beside_staff(cls, shadow_from: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # NOTE: a shadow runs beside the real processing; once the handler is the real one
        # (cut-over to `automatic`) there is nothing left to compare it with.
        if shadow_from is not None and info.data.get("processing", "staff") != "staff":
            raise ValueError("shadow_from is only for a service its staff process (processing: staff)")
        return shadow_from


class Offer(_Frozen):
    """The effective terms of one service in one package: the service's defaults after overrides."""

    service: IisdaNumber
    service_version: int
    tiers: dict[Tier, TierTerms]
    payment_required: bool
    channels: list[Channel]
    processing: Processing
    handler_group: HandlerGroup
    shadow_from: dt.date | None = None


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


def offer(entry: PackageEntry, service: ServiceDefinition, version: int, channels: list[Channel]) -> Offer:
    """What the administration offers: each tier's deadline and fee with the package's overrides."""
    tiers: dict[Tier, TierTerms] = {}
    for tier, terms in service.tiers.items():
        if tier in entry.disabled_tiers:
            continue
        override = entry.tiers.get(tier, TierOverride())
        tiers[tier] = TierTerms(
            deadline=override.deadline or terms.deadline,
            fee_bgn=terms.fee_bgn if override.fee_bgn is None else override.fee_bgn,
        )
    payment_required = (
        entry.payment_required
        if entry.payment_required is not None
        else any(terms.fee_bgn > 0 for terms in tiers.values())
    )
    return Offer(
        service=service.iisda_number,
        service_version=version,
        tiers=tiers,
        payment_required=payment_required,
        channels=entry.channels if entry.channels is not None else channels,
        processing=entry.processing,
        handler_group=entry.handler_group,
        shadow_from=entry.shadow_from,
    )
