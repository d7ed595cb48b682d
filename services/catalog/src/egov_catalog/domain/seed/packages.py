"""The pilots' packages. Which services each pilot offers is a starting point for its admins, not a
fact: every municipality offers what a municipality may, less what it has said it does not (yet).
"""

from __future__ import annotations

from egov_catalog.domain.templates import typical_entry
from egov_schemas.catalog import (
    AdministrationKind,
    AdministrationUpserted,
    Deadline,
    PackageEntry,
    PackagePublished,
    ServiceDefinition,
    TierOverride,
)

# Not offered (yet) by that pilot.
_LEFT_OUT: dict[str, set[int]] = {
    "sofia": {2006},  # timber outside forest land: handled by the regional forestry directorate
    "burgas": set(),
    "veliko-tarnovo": set(),
    "chelopech": {2750, 2751, 2759, 2557, 1475, 2760, 3122, 3199, 2008, 357, 2519, 2041},  # no tourist sites, no taxis
}

# Where a pilot's own settings differ from the service's defaults.
_OVERRIDES: dict[tuple[str, int], dict[str, object]] = {
    # Sofia (Krasna Polyana district's published fees) issues certificates of heirs automatically,
    # and takes the fee when the certificate is collected, so the application need not wait for it.
    ("sofia", 2016): {
        "tiers": {
            "ordinary": TierOverride(fee_bgn=5.00),
            "fast": TierOverride(fee_bgn=7.25),
            "express": TierOverride(fee_bgn=10.00),
        },
        "processing": "automatic",
        "payment_required": False,
    },
    # Sofia's handler also issues certificates of current address once the fee is paid online...
    ("sofia", 1997): {
        "tiers": {"ordinary": TierOverride(deadline=Deadline(days=1), fee_bgn=5.00)},
        "processing": "automatic",
    },
    # ... and multilingual extracts, asking for the record's number and a copy when it is missing.
    ("sofia", 2000): {"processing": "automatic"},
    ("burgas", 1998): {"tiers": {"ordinary": TierOverride(fee_bgn=4.00)}},
    ("veliko-tarnovo", 2062): {"tiers": {"ordinary": TierOverride(deadline=Deadline(days=7))}},
    ("chelopech", 2016): {"disabled_tiers": ["express"]},
}


def pilot_packages(
    administrations: list[AdministrationUpserted], services: list[ServiceDefinition]
) -> list[PackagePublished]:
    return [
        PackagePublished(
            administration_id=administration.id,
            version=1,
            entries=[
                _entry(administration.id, service)
                for service in services
                if _offers(administration.id, administration.kind, service)
            ],
        )
        for administration in administrations
    ]


def _offers(administration_id: str, kind: AdministrationKind, service: ServiceDefinition) -> bool:
    if kind not in service.provider_kinds:
        return False
    if kind == "central":
        # NOTE: central bodies each provide their own services; SEGA's own here is access to public information.
        return administration_id == "sega" and service.iisda_number == 2
    return service.iisda_number not in _LEFT_OUT.get(administration_id, set())


def _entry(administration_id: str, service: ServiceDefinition) -> PackageEntry:
    typical = typical_entry(service).model_dump(exclude_unset=True)
    return PackageEntry.model_validate({**typical, **_OVERRIDES.get((administration_id, service.iisda_number), {})})
