"""Payment requests as pay.egov receives them, and their statuses.

Field names, statuses and their labels follow pay.egov (`PaymentRequestJsonExtendedDO`,
`EPayments.Model/Enums/PaymentRequestStatus.cs`); error texts follow its `DocumentHelper`
("Element 'X' is required."), each naming the field.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

MAX_CLIENT_ID = 64


class PaymentStatus(IntEnum):
    PENDING = 1
    AUTHORIZED = 2
    ORDERED = 3
    PAID = 4
    EXPIRED = 5
    CANCELED = 6
    SUSPENDED = 7
    IN_PROCESS = 9

    @property
    def wire_name(self) -> str:
        """The enum name pay.egov puts in JSON ("Pending", "InProcess")."""
        return _WIRE_NAMES[self]

    @property
    def label(self) -> str:
        return _LABELS[self]


_WIRE_NAMES = {status: status.name.title().replace("_", "") for status in PaymentStatus}
_LABELS = {
    PaymentStatus.PENDING: "Очаква плащане",
    PaymentStatus.AUTHORIZED: "Платено с карта",
    PaymentStatus.ORDERED: "Платено по банков път",
    PaymentStatus.PAID: "Получено плащане",
    PaymentStatus.EXPIRED: "Изтекъл срок",
    PaymentStatus.CANCELED: "Отказано",
    PaymentStatus.SUSPENDED: "Прекратена услуга",
    PaymentStatus.IN_PROCESS: "В процес на обработка",
}


def _utc(value: dt.datetime) -> dt.datetime:
    # NOTE: pay.egov reads naive times as its own local time; the simulator reads them as UTC, so
    # that it needs no time zone database. The platform's client always sends an offset.
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


Instant = Annotated[dt.datetime, AfterValidator(_utc)]
Text = Annotated[str, Field(min_length=1)]


class PaymentRequestData(BaseModel):
    """The `data` of `paymentJsonExtended` (without `EserviceClientId`, which the envelope carries)."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    ais_payment_id: Annotated[str, Field(min_length=1, max_length=100, alias="AisPaymentId")]
    currency: Annotated[Literal["BGN", "EUR"], Field(alias="Currency")]
    payment_type_code: Annotated[str | None, Field(max_length=50, alias="PaymentTypeCode")] = None
    payment_amount: Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=2, alias="PaymentAmount")]
    payment_reason: Annotated[str, Field(min_length=1, max_length=200, alias="PaymentReason")]
    applicant_uin_type_id: Annotated[int, Field(ge=1, le=3, alias="ApplicantUinTypeId")]
    applicant_uin: Annotated[str, Field(min_length=1, max_length=20, alias="ApplicantUin")]
    applicant_name: Annotated[str, Field(min_length=1, max_length=200, alias="ApplicantName")]
    # NOTE: a string in pay.egov's DO ("9"); a number is taken too, as Newtonsoft would.
    payment_reference_type: Annotated[int, Field(ge=1, le=9, alias="PaymentReferenceType")]
    payment_reference_number: Annotated[str, Field(min_length=1, max_length=50, alias="PaymentReferenceNumber")]
    payment_reference_date: Annotated[Instant, Field(alias="PaymentReferenceDate")]
    expiration_date: Annotated[Instant, Field(alias="ExpirationDate")]
    additional_information: Annotated[str | None, Field(max_length=1000, alias="AdditionalInformation")] = None
    administrative_service_uri: Annotated[str, Field(min_length=1, max_length=100, alias="AdministrativeServiceUri")]
    administrative_service_supplier_uri: Annotated[
        str, Field(max_length=100, alias="AdministrativeServiceSupplierUri")
    ] = ""
    administrative_service_notification_url: Annotated[
        str, Field(max_length=1000, pattern=r"^https?://\S+$", alias="AdministrativeServiceNotificationURL")
    ]

    @field_validator("expiration_date")
    @classmethod
    def _in_the_future(cls, value: dt.datetime) -> dt.datetime:
        if value <= dt.datetime.now(dt.UTC):
            raise ValueError("should be later than the current time")
        return value


def describe(error: ValidationError) -> list[str]:
    """One text per invalid field, naming it as the JSON does."""
    texts = []
    for item in error.errors(include_url=False, include_input=False):
        name = ".".join(str(part) for part in item["loc"])
        texts.append(
            f"Element '{name}' is required." if item["type"] == "missing" else f"Element '{name}': {item['msg']}"
        )
    return texts
