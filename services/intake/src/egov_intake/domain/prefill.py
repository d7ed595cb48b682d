"""Filling a service's form from the registries: what the citizen asks, what they get back, the
record of their consent, and which answer fills which field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, field_validator
from pydantic_core import PydanticCustomError

from egov_schemas.catalog import PrefillField
from egov_schemas.identifiers import AdministrationId, IisdaNumber
from egov_schemas.registry import PREFILL_SOURCES, PrefillAnswer, PrefillSource, RegistryOperation, RegistryStatus

ConsentOutcome = Literal["asked", "answered", "unavailable", "failed"]
"""`asked`: recorded, the registries not yet answered; `failed`: the gateway refused the request."""

# NOTE: short and bilingual, for the citizen beside the field; never the registry's own error
# text, which may quote the identifier it was asked about.
UNFILLED_REASONS: dict[RegistryStatus | Literal["empty"], str] = {
    "not_found": "Регистърът няма данни за Вас. / The registry has no record of you.",
    "refused": "Услугата не може да чете от този регистър. / The service may not read this registry.",
    "error": "Регистърът не отговори. / The registry could not answer.",
    "empty": "Регистърът няма стойност за това поле. / The registry holds no value for this field.",
}


class PrefillAsked(BaseModel):
    """A logged-in citizen asking for a service's form to be filled from the registries."""

    model_config = ConfigDict(extra="forbid")

    administration_id: AdministrationId = Field(description="The administration the citizen is applying to")
    service: IisdaNumber
    consent: Literal[True] = Field(
        description="The citizen agrees that their own data are read from the registries to fill the form",
    )

    @field_validator("consent", mode="wrap")
    @classmethod
    def _agreed(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        # NOTE: JSON `true` only: a literal True would also take 1, which nobody agrees with.
        if value is not True:
            raise PydanticCustomError(
                "consent_required", "must be true: the citizen must agree to their data being read from the registries"
            )
        return handler(value)


class UnfilledField(BaseModel):
    field: str
    reason: str = Field(description="Why it is left for the citizen to fill, in Bulgarian and English")


class Prefilled(BaseModel):
    consent_id: str = Field(description="The record of the citizen's consent; the data tracker shows it")
    fields: dict[str, str] = Field(description="The form's fields filled, by name")
    sources: dict[str, PrefillSource] = Field(description="Where each filled field's value was read")
    unfilled: list[UnfilledField] = Field(description="Fields the registries could not fill, and why")


@dataclass(frozen=True)
class PrefillConsent:
    """A citizen's consent to one reading of the registries, as intake keeps it."""

    id: str
    # NOTE: out of the repr: a consent in a traceback must not show whose it is.
    person: str = field(repr=False)
    administration_id: str
    service: int
    fields: list[str]
    operations: list[RegistryOperation]
    given_at: dt.datetime
    outcome: ConsentOutcome = "asked"


def operations_for(prefill: list[PrefillField]) -> list[RegistryOperation]:
    """The registry operations the fields are read from, each once, in the fields' order."""
    return list(dict.fromkeys(PREFILL_SOURCES[wanted.source][0] for wanted in prefill))


def fill(prefill: list[PrefillField], answers: list[PrefillAnswer], consent_id: str) -> Prefilled:
    """Each field from its operation's answer; a field with no value found is named with the reason."""
    by_operation = {answer.operation: answer for answer in answers}
    fields: dict[str, str] = {}
    sources: dict[str, PrefillSource] = {}
    unfilled: list[UnfilledField] = []
    for wanted in prefill:
        operation, extract = PREFILL_SOURCES[wanted.source]
        answer = by_operation.get(operation)
        if answer is None:
            unfilled.append(UnfilledField(field=wanted.field, reason=UNFILLED_REASONS["error"]))
        elif answer.status != "found":
            unfilled.append(UnfilledField(field=wanted.field, reason=UNFILLED_REASONS[answer.status]))
        elif (value := extract(answer.data or {})) is None:
            unfilled.append(UnfilledField(field=wanted.field, reason=UNFILLED_REASONS["empty"]))
        else:
            fields[wanted.field], sources[wanted.field] = value, wanted.source
    return Prefilled(consent_id=consent_id, fields=fields, sources=sources, unfilled=unfilled)
