"""The catalog the platform starts with: the pilot administrations, a first set of real IISDA
services, and Sofia Municipality's package. Sources: shared/reference/bulgaria.md, services.csv.
"""

from __future__ import annotations

from egov_catalog.domain.forms import CERTIFICATE_OF_HEIRS, CURRENT_ADDRESS, LOCAL_TAX_LIABILITIES
from egov_schemas import Event
from egov_schemas.catalog import (
    AdministrationUpserted,
    Deadline,
    PackageEntry,
    PackagePublished,
    ServiceVersionPublished,
)

ADMINISTRATIONS = [
    AdministrationUpserted(
        id="sofia",
        name_bg="Столична община",
        name_en="Sofia Municipality",
        kind="municipality",
        eik="000696327",
        ekatte="68134",
        channels=["email", "e_delivery"],
        revision=1,
    ),
    AdministrationUpserted(
        id="burgas",
        name_bg="Община Бургас",
        name_en="Burgas Municipality",
        kind="municipality",
        eik="000056814",
        ekatte="07079",
        channels=["email"],
        revision=1,
    ),
    AdministrationUpserted(
        id="veliko-tarnovo",
        name_bg="Община Велико Търново",
        name_en="Veliko Tarnovo Municipality",
        kind="municipality",
        eik="000133634",
        ekatte="10447",
        channels=["email"],
        revision=1,
    ),
    AdministrationUpserted(
        id="chelopech",
        name_bg="Община Челопеч",
        name_en="Chelopech Municipality",
        kind="municipality",
        ekatte="80323",
        channels=["email"],
        revision=1,
    ),
    AdministrationUpserted(
        id="burgas-district",
        name_bg="Областна администрация Бургас",
        name_en="Burgas District Administration",
        kind="district",
        eik="000056757",
        ekatte="07079",
        channels=["email"],
        revision=1,
    ),
    AdministrationUpserted(
        id="sega",
        name_bg="Държавна агенция „Електронно управление“",
        name_en="State e-Government Agency",
        kind="central",
        eik="177098809",
        ekatte="68134",
        channels=["email"],
        revision=1,
    ),
]

SERVICES = [
    ServiceVersionPublished(
        iisda_number=2016,
        version=1,
        name_bg="Издаване на удостоверение за наследници",
        name_en="Certificate of heirs",
        provider_kinds=["municipality"],
        deadline=Deadline(days=7),
        form_schema=CERTIFICATE_OF_HEIRS,
    ),
    ServiceVersionPublished(
        iisda_number=1997,
        version=1,
        name_bg="Издаване на удостоверение за настоящ адрес",
        name_en="Certificate of current address",
        provider_kinds=["municipality"],
        deadline=Deadline(days=1),
        form_schema=CURRENT_ADDRESS,
    ),
    ServiceVersionPublished(
        iisda_number=1998,
        version=1,
        name_bg="Издаване на удостоверение за наличие или липса на задължения",
        name_en="Certificate of presence or absence of local tax liabilities",
        provider_kinds=["municipality"],
        deadline=Deadline(days=5),
        form_schema=LOCAL_TAX_LIABILITIES,
    ),
]

PACKAGES = [
    PackagePublished(
        administration_id="sofia",
        version=1,
        entries=[
            PackageEntry(service=2016, service_version=1, deadline=Deadline(days=7), fee_bgn=5.00),
            PackageEntry(service=1998, service_version=1, deadline=Deadline(days=5), fee_bgn=3.00),
        ],
    ),
]


def seed_events() -> list[Event]:
    return [*ADMINISTRATIONS, *SERVICES, *PACKAGES]
