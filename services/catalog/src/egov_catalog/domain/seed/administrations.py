"""The six pilot administrations (shared/reference/bulgaria.md). Contacts are what was public and
certain; each administration's admins complete them through the API."""

from __future__ import annotations

from egov_schemas.catalog import AdministrationUpserted, Contacts

PILOTS = [
    AdministrationUpserted(
        id="sofia",
        name_bg="Столична община",
        name_en="Sofia Municipality",
        kind="municipality",
        eik="000696327",
        ekatte="68134",
        contacts=Contacts(address="гр. София 1000, ул. „Московска“ № 33", website="https://www.sofia.bg"),
        channels=["email", "e_delivery", "sms", "webhook"],
        revision=1,
    ),
    AdministrationUpserted(
        id="burgas",
        name_bg="Община Бургас",
        name_en="Burgas Municipality",
        kind="municipality",
        eik="000056814",  # NOTE: seen only in a test fixture (bulgaria.md): to be confirmed by Burgas
        ekatte="07079",
        contacts=Contacts(address="гр. Бургас 8000, ул. „Александровска“ № 26", website="https://www.burgas.bg"),
        channels=["email", "e_delivery"],
        revision=1,
    ),
    AdministrationUpserted(
        id="veliko-tarnovo",
        name_bg="Община Велико Търново",
        name_en="Veliko Tarnovo Municipality",
        kind="municipality",
        eik="000133634",
        ekatte="10447",
        contacts=Contacts(
            address="гр. Велико Търново 5000, пл. „Майка България“ № 2", website="https://www.veliko-tarnovo.bg"
        ),
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
        contacts=Contacts(website="https://e-gov.bg"),
        channels=["email", "e_delivery"],
        revision=1,
    ),
]
