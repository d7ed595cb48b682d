"""Filling a service's form from the registries, at the logged-in citizen's request: the consent
is recorded first, then the registry gateway is asked for the citizen's own data (it audits each
access under the consent's id), and what it found fills the fields the service declares."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Protocol

from egov_intake.adapters.registry_gateway import RegistryGatewayError, RegistryUnavailable
from egov_intake.domain.prefill import ConsentOutcome, PrefillConsent, fill, operations_for
from egov_schemas.identifiers import validate_egn
from egov_schemas.registry import PrefillRequest
from egov_sdk.auth import PERSON_PREFIX
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem, unprocessable

if TYPE_CHECKING:
    from egov_intake.domain.prefill import PrefillAsked, Prefilled
    from egov_schemas.catalog import PackagePublished, ServiceVersionChanged
    from egov_schemas.registry import PrefillAnswers

log = get_logger(__name__)
CATALOG_SYNC_TIMEOUT_S = 10.0


class Catalog(Protocol):
    """What prefill needs of the catalog (an `egov_sdk.catalog_view.CatalogView` in production)."""

    def service(self, iisda_number: int) -> ServiceVersionChanged | None: ...
    def package(self, administration_id: str) -> PackagePublished | None: ...
    async def sync(self, within_s: float) -> bool: ...


class Consents(Protocol):
    async def record(self, consent: PrefillConsent) -> None: ...
    async def settle(self, consent_id: str, outcome: ConsentOutcome) -> None: ...


class Gateway(Protocol):
    async def ask(self, request: PrefillRequest) -> PrefillAnswers: ...


async def prefill(
    asked: PrefillAsked, egn: str, *, catalog: Catalog, consents: Consents, gateway: Gateway
) -> Prefilled:
    """The form's fields filled from the citizen's own registry data, and those left unfilled.
    Raises `RegistryUnavailable` (the citizen fills the form by hand) or `RegistryGatewayError`."""
    try:
        validate_egn(egn)
    except ValueError:
        raise Problem(403, "Forbidden", "Prefill needs the EGN of a citizen logged in with national eID") from None
    service = await _offered(catalog, asked.administration_id, asked.service)
    if not service.prefill:
        detail = f"service {asked.service} has no fields filled from registries"
        raise unprocessable("Nothing to prefill", [{"field": "service", "detail": detail}])

    consent = PrefillConsent(
        id=uuid.uuid4().hex,
        person=f"{PERSON_PREFIX}{egn}",
        administration_id=asked.administration_id,
        service=asked.service,
        fields=[wanted.field for wanted in service.prefill],
        operations=operations_for(service.prefill),
        given_at=dt.datetime.now(dt.UTC),
    )
    await consents.record(consent)
    request = PrefillRequest(
        administration_id=consent.administration_id,
        service=consent.service,
        operations=consent.operations,
        egn=egn,
        consent_id=consent.id,
    )
    context = {"consent_id": consent.id, "administration_id": consent.administration_id, "service": consent.service}
    try:
        answers = await gateway.ask(request)
    except RegistryUnavailable:
        await consents.settle(consent.id, "unavailable")
        log.warning("prefill_unavailable", **context)
        raise
    except RegistryGatewayError as exc:
        await consents.settle(consent.id, "failed")
        log.error("prefill_failed", **context, status=exc.status, reason=str(exc))
        raise
    await consents.settle(consent.id, "answered")
    filled = fill(service.prefill, answers.answers, consent.id)
    # NOTE: counts and ids only: the values are the citizen's name and address.
    log.info("prefill_answered", **context, filled=len(filled.fields), unfilled=len(filled.unfilled))
    return filled


async def _offered(catalog: Catalog, administration_id: str, service: int) -> ServiceVersionChanged:
    """The service's current version, if the administration offers it; else 422 naming the field."""
    if (found := _current_offer(catalog, administration_id, service)) is not None:
        return found
    # NOTE: a service or package published moments ago may not have reached this view yet.
    if not await catalog.sync(within_s=CATALOG_SYNC_TIMEOUT_S):
        raise Problem(
            503,
            "Catalog not loaded yet",
            "The service catalog is still loading; retry shortly.",
            headers={"Retry-After": "2"},
        )
    if (found := _current_offer(catalog, administration_id, service)) is not None:
        return found
    if catalog.service(service) is None:
        raise unprocessable(
            "Invalid request", [{"field": "service", "detail": f"no published service with IISDA number {service}"}]
        )
    detail = f"{administration_id} does not offer service {service}"
    raise unprocessable("Invalid request", [{"field": "administration_id", "detail": detail}])


def _current_offer(catalog: Catalog, administration_id: str, service: int) -> ServiceVersionChanged | None:
    definition = catalog.service(service)
    package = catalog.package(administration_id)
    if definition is None or package is None or package.entry_for(service) is None:
        return None
    return definition
