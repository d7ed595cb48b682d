"""Events the integration tests send to consumers of their own."""

from __future__ import annotations

import datetime as dt

from egov_schemas.lifecycle import ApplicationSubmitted

AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def submitted(application_id: str) -> ApplicationSubmitted:
    """A `submitted` lifecycle event of `application_id` (the rest fixed)."""
    return ApplicationSubmitted(
        application_id=application_id,
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=2016,
        service_version=1,
        sequence=1,
        occurred_at=AT,
    )
