"""The seeded catalog: real IISDA services only, complete definitions, packages that validate."""

from collections import Counter

from egov_catalog.domain.definitions import definition_errors
from egov_catalog.domain.packages import entry_errors
from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.packages import pilot_packages
from egov_catalog.domain.seed.services import reference_rows, seeded_drafts, seeded_services

SERVICES = seeded_services()
PACKAGES = {package.administration_id: package for package in pilot_packages(PILOTS, SERVICES)}


def test_at_least_sixty_real_services_each_with_its_source_and_verification_level():
    assert len(SERVICES) >= 60
    rows = reference_rows()
    for service in SERVICES:
        row = rows[service.iisda_number]  # KeyError: a number not in services.csv
        assert (service.name_bg, service.name_en) == (row["name_bg"], row["name_en"])
        assert service.source.url == row["source_url"]
        assert row["notes"].startswith(f"level {service.source.verification}")


def test_every_seeded_definition_is_complete_with_a_titled_valid_form():
    for service in SERVICES:
        assert definition_errors(service.model_dump(mode="json"), complete=True) == [], service.iisda_number


def test_services_known_only_in_part_are_drafts_that_cannot_be_published():
    drafts = {draft["iisda_number"]: draft for draft in seeded_drafts()}
    assert set(drafts) == {755, 1698}
    for draft in drafts.values():
        assert definition_errors(draft, complete=False) == []
        assert "name_bg" in [error["field"] for error in definition_errors(draft, complete=True)]


def test_each_pilot_has_a_package_of_services_its_kind_may_provide():
    definitions = {service.iisda_number: service for service in SERVICES}
    kinds = {pilot.id: pilot.kind for pilot in PILOTS}
    assert set(PACKAGES) == set(kinds)
    for administration_id, package in PACKAGES.items():
        assert entry_errors(package.entries, kinds[administration_id], definitions) == [], administration_id
    sizes = Counter({administration_id: len(package.entries) for administration_id, package in PACKAGES.items()})
    assert all(sizes[a] >= 40 for a in ("sofia", "burgas", "veliko-tarnovo", "chelopech"))
    assert sizes["burgas-district"] >= 3
    assert sizes["sega"] >= 1
