"""Package rules, diffs, the YAML file form and templates."""

import datetime as dt

import pytest
from pydantic import ValidationError

from egov_catalog.domain.packages import InvalidFile, diff, entry_errors, from_yaml, to_yaml
from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.packages import pilot_packages
from egov_catalog.domain.seed.services import seeded_services
from egov_catalog.domain.templates import TEMPLATES, PackageSource, as_starting_point, template_entries
from egov_schemas.catalog import Deadline, PackageEntry, TierOverride, offer

SERVICES = {service.iisda_number: service for service in seeded_services()}


def fields(errors: list[dict[str, str]]) -> list[str]:
    return [error["field"] for error in errors]


def test_unknown_duplicate_and_foreign_services_are_named_by_their_place():
    entries = [
        PackageEntry(service=2016),
        PackageEntry(service=99999),
        PackageEntry(service=2016),
        PackageEntry(service=2972),  # an apostille: district administrations only
        PackageEntry(service=1997, tiers={"express": TierOverride(fee_bgn=1)}),
    ]
    errors = entry_errors(entries, "municipality", SERVICES)
    assert fields(errors) == ["entries.1.service", "entries.2.service", "entries.3.service", "entries.4.tiers.express"]
    assert "district administrations, not by municipalities" in errors[2]["detail"]


def test_overrides_change_the_effective_terms_and_the_rest_stays_as_the_service_says():
    heirs = SERVICES[2016]
    entry = PackageEntry(
        service=2016,
        tiers={"ordinary": TierOverride(fee_bgn=6.0), "fast": TierOverride(deadline=Deadline(days=2))},
        disabled_tiers=["express"],
        processing="automatic",
    )
    effective = offer(entry, heirs, 3, ["email"])
    assert set(effective.tiers) == {"ordinary", "fast"}
    assert effective.tiers["ordinary"].fee_bgn == 6.0
    assert effective.tiers["ordinary"].deadline == heirs.tiers["ordinary"].deadline
    assert effective.tiers["fast"].deadline.days == 2
    assert (effective.service_version, effective.payment_required, effective.channels) == (3, True, ["email"])


def test_a_diff_names_what_was_added_removed_and_changed():
    old = [PackageEntry(service=2016), PackageEntry(service=1997)]
    new = [PackageEntry(service=2016, processing="automatic"), PackageEntry(service=2128)]
    changes = diff(old, new)
    assert (changes.added, changes.removed) == ([2128], [1997])
    assert changes.changed[0].changes == {"processing": {"from": "staff", "to": "automatic"}}
    assert diff(old, old).empty


def test_a_package_survives_export_and_import():
    entries = [PackageEntry(service=2016, tiers={"fast": TierOverride(fee_bgn=7.25)}, handler_group="civil-status")]
    text = to_yaml("sofia", 4, entries, {2016: SERVICES[2016].name_bg})
    assert "Издаване на удостоверение за наследници" in text
    file = from_yaml(text)
    assert (file.administration, file.version, file.entries()) == ("sofia", 4, entries)


@pytest.mark.parametrize(
    ("text", "field", "detail"),
    [
        ("administration: sofia\nservices: [", "file", "line 2"),
        ("- just a list", "file", "mapping"),
        ("administration: sofia\nservices:\n  - service: 2016\n    processing: robots\n", "services.0.processing", ""),
        ("administration: Sofia!\nservices: []\n", "administration", ""),
        ("administration: sofia\nservices: []\nsurprise: 1\n", "surprise", ""),
    ],
)
def test_a_malformed_file_is_refused_with_the_place_of_each_problem(text, field, detail):
    with pytest.raises(InvalidFile) as refused:
        from_yaml(text)
    assert field in fields(refused.value.errors)
    assert detail in refused.value.errors[0]["detail"]


def test_a_typical_municipality_offers_what_municipalities_provide_processed_by_staff():
    services = seeded_services()
    entries = template_entries(TEMPLATES["typical-municipality"], services)
    municipal = sorted(s.iisda_number for s in services if "municipality" in s.provider_kinds)
    assert [entry.service for entry in entries] == municipal
    assert {entry.processing for entry in entries} == {"staff"}
    assert not entry_errors(entries, "municipality", {s.iisda_number: s for s in services})
    burgas = next(p for p in pilot_packages(PILOTS, services) if p.administration_id == "burgas")
    assert sorted(entry.service for entry in burgas.entries) == municipal  # NOTE: Burgas left nothing out


def test_another_administrations_package_starts_with_staff_processing_no_shadow_and_what_this_one_may_offer():
    sofia = next(p for p in pilot_packages(PILOTS, seeded_services()) if p.administration_id == "sofia")
    heirs = sofia.entry_for(2016)
    assert heirs is not None
    assert heirs.processing == "automatic"
    published = {number: service for number, service in SERVICES.items() if number != 2000}
    copied = {entry.service: entry for entry in as_starting_point(sofia.entries, "municipality", published)}
    assert copied[2016] == heirs.model_copy(update={"processing": "staff"})
    assert {entry.processing for entry in copied.values()} == {"staff"}
    assert 2000 not in copied, "a service no longer published is left out"
    for_a_district = as_starting_point(sofia.entries, "district", published)
    assert [entry.service for entry in for_a_district] == [2], "only access to public information is a district's too"


@pytest.mark.parametrize("given", [{}, {"template": "typical-municipality", "administration": "sofia"}])
def test_a_package_starts_from_a_template_or_an_administration_not_both_nor_neither(given):
    with pytest.raises(ValidationError, match="either a template or an administration"):
        PackageSource.model_validate(given)


def test_shadow_mode_is_only_for_a_service_its_staff_process():
    assert PackageEntry(service=2039, shadow_from=dt.date(2026, 11, 27)).processing == "staff"
    with pytest.raises(ValidationError, match="only for a service its staff process"):
        PackageEntry(service=2039, processing="automatic", shadow_from=dt.date(2026, 11, 27))
