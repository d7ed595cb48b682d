"""Package rules, diffs and the YAML file form."""

import pytest

from egov_catalog.domain.packages import InvalidFile, diff, entry_errors, from_yaml, to_yaml
from egov_catalog.domain.seed.services import seeded_services
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
