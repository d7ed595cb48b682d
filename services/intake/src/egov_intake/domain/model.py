"""What a citizen submits and what intake shows back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from egov_schemas.catalog import Tier
from egov_schemas.identifiers import AdministrationId, IisdaNumber
from egov_schemas.lifecycle import ApplicationState
from egov_schemas.work import Applicant


class SubmitApplication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    administration_id: AdministrationId
    service: IisdaNumber
    tier: Tier = Field("ordinary", description="Delivery tier: ordinary, fast or express, as the service offers")
    applicant: Applicant
    form: dict[str, Any] = Field(description="Answers to the service's application form (its JSON Schema)")


@dataclass(frozen=True)
class Submission:
    """An application as intake stores it, with the applicant's personal data."""

    id: str
    administration_id: str
    service: int
    service_version: int
    tier: str
    applicant: dict[str, Any]
    form: dict[str, Any]
    submitted_at: dt.datetime
    status: str = ApplicationState.SUBMITTED.value
    sequence: int = 1


class HistoryEntry(BaseModel):
    state: ApplicationState
    at: dt.datetime
    detail: dict[str, Any] = Field(default_factory=dict)


class ApplicationStatus(BaseModel):
    """The citizen-facing view of an application: no personal data, just where it stands."""

    id: str
    administration_id: str
    service: int
    service_version: int
    tier: Tier
    status: ApplicationState
    submitted_at: dt.datetime
    history: list[HistoryEntry]


class SubmissionAccepted(BaseModel):
    id: str
    status: ApplicationState
    status_url: str
    access_token: str = Field(description="Send as a bearer token to read the status (keep it: it is the only key)")
