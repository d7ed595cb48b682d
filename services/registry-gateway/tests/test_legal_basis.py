"""A registry request is allowed only for an operation the service declares, under its law, and
only for an administration offering the service; the view is brought up to date before refusing."""

from typing import Any

import pytest

from egov_registry_gateway.service_layer.legal_basis import Allowed, Refused, legal_basis
from egov_schemas.catalog import PackageEntry, PackagePublished, RegistryCheck
from egov_sdk.consumer import RetryLater


class Service:
    def __init__(self, *checks: RegistryCheck):
        self.registry_checks = list(checks)

    def registry_check(self, operation: str) -> RegistryCheck | None:
        return next((check for check in self.registry_checks if check.operation == operation), None)


class FakeCatalog:
    """A catalog view that learns what `later` holds when synced."""

    def __init__(self, services: dict[int, Service], packages: dict[str, list[int]], later: Any = None):
        self.services, self.packages, self.later, self.synced = services, packages, later, 0

    def service(self, number: int) -> Service | None:
        return self.services.get(number)

    def package(self, administration_id: str) -> PackagePublished | None:
        offered = self.packages.get(administration_id)
        if offered is None:
            return None
        entries = [PackageEntry(service=number) for number in offered]
        return PackagePublished(administration_id=administration_id, version=1, entries=entries)

    async def sync(self, within_s: float) -> bool:
        self.synced += 1
        if self.later == "timeout":
            return False
        if self.later is not None:
            self.services, self.packages = self.later
        return True


HEIRS = Service(RegistryCheck(operation="grao.person", law_reason="ЗГР, чл. 24"))


async def test_a_declared_operation_is_allowed_under_its_law() -> None:
    catalog = FakeCatalog({2016: HEIRS}, {"sofia": [2016]})
    assert await legal_basis(catalog, "sofia", 2016, "grao.person") == Allowed("ЗГР, чл. 24")  # type: ignore[arg-type]
    assert catalog.synced == 0


@pytest.mark.parametrize(
    ("administration", "service", "operation", "reason"),
    [
        ("sofia", 2016, "nra.obligations", "service 2016 may not call nra.obligations: it declares only grao.person"),
        ("burgas", 2016, "grao.person", "burgas does not offer service 2016"),
        ("sofia", 9999, "grao.person", "service 9999 is not in the catalog"),
    ],
)
async def test_anything_else_is_refused_with_the_reason(
    administration: str, service: int, operation: str, reason: str
) -> None:
    catalog = FakeCatalog({2016: HEIRS}, {"sofia": [2016], "burgas": []})
    assert await legal_basis(catalog, administration, service, operation) == Refused(reason)  # type: ignore[arg-type]
    assert catalog.synced == 1


async def test_a_service_published_moments_ago_is_found_after_a_sync() -> None:
    catalog = FakeCatalog({}, {}, later=({2016: HEIRS}, {"sofia": [2016]}))
    assert await legal_basis(catalog, "sofia", 2016, "grao.person") == Allowed("ЗГР, чл. 24")  # type: ignore[arg-type]


async def test_a_view_that_cannot_catch_up_retries_instead_of_refusing() -> None:
    catalog = FakeCatalog({}, {}, later="timeout")
    with pytest.raises(RetryLater):
        await legal_basis(catalog, "sofia", 2016, "grao.person")  # type: ignore[arg-type]
