"""Whether a service may read a registry: only the operations its catalog definition declares,
each under the law it names, and only for an administration that offers the service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_sdk.consumer import RetryLater

if TYPE_CHECKING:
    from egov_sdk.catalog_view import CatalogView

CATALOG_SYNC_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Allowed:
    law_reason: str


@dataclass(frozen=True)
class Refused:
    reason: str


async def legal_basis(catalog: CatalogView, administration_id: str, service: int, operation: str) -> Allowed | Refused:
    basis = _declared(catalog, administration_id, service, operation)
    if isinstance(basis, Refused):
        # NOTE: a service or package published moments ago may not have reached this view yet.
        if not await catalog.sync(within_s=CATALOG_SYNC_TIMEOUT_S):
            raise RetryLater("the catalog view could not catch up to check a registry request's legal basis")
        basis = _declared(catalog, administration_id, service, operation)
    return basis


def _declared(catalog: CatalogView, administration_id: str, service: int, operation: str) -> Allowed | Refused:
    definition = catalog.service(service)
    if definition is None:
        return Refused(f"service {service} is not in the catalog")
    package = catalog.package(administration_id)
    if package is None or package.entry_for(service) is None:
        return Refused(f"{administration_id} does not offer service {service}")
    check = definition.registry_check(operation)
    if check is None:
        declared = ", ".join(c.operation for c in definition.registry_checks) or "none"
        return Refused(f"service {service} may not call {operation}: it declares only {declared}")
    return Allowed(check.law_reason)
