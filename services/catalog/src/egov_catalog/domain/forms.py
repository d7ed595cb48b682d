"""Application forms (JSON Schema, titles in Bulgarian and English) of the seeded services."""

from __future__ import annotations

from typing import Any

_TIER = {
    "type": "string",
    "title": "Вид услуга / Delivery tier",
    "enum": ["ordinary", "fast", "express"],
    "default": "ordinary",
}
_PURPOSE = {"type": "string", "title": "Цел / Purpose", "minLength": 2, "maxLength": 200}


def form(title_bg: str, title_en: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "title": title_bg,
        "x-title-en": title_en,
        "properties": {**properties, "tier": _TIER},
        "required": required,
        "additionalProperties": False,
    }


CERTIFICATE_OF_HEIRS = form(
    "Искане за издаване на удостоверение за наследници",
    "Request for a certificate of heirs",
    {
        "deceased_name": {"type": "string", "title": "Име на починалия / Name of the deceased", "minLength": 3},
        "deceased_egn": {
            "type": "string",
            "title": "ЕГН на починалия / Personal number of the deceased",
            "pattern": "^[0-9]{10}$",
        },
        "date_of_death": {"type": "string", "title": "Дата на смъртта / Date of death", "format": "date"},
        "purpose": _PURPOSE,
    },
    ["deceased_name", "deceased_egn", "purpose"],
)

CURRENT_ADDRESS = form(
    "Искане за издаване на удостоверение за настоящ адрес",
    "Request for a certificate of current address",
    {"purpose": _PURPOSE},
    ["purpose"],
)

LOCAL_TAX_LIABILITIES = form(
    "Искане за издаване на удостоверение за наличие или липса на задължения",
    "Request for a certificate of presence or absence of local tax liabilities",
    {
        "taxpayer_kind": {"type": "string", "title": "Задължено лице / Taxpayer", "enum": ["person", "company"]},
        "purpose": _PURPOSE,
    },
    ["taxpayer_kind", "purpose"],
)
