"""The seeded service definitions: services.csv (names, provider kinds, example deadline and fee,
source) joined with services.yaml (what the catalog adds: category, legal basis, tiers, form, ...).
"""

from __future__ import annotations

import csv
import functools
import re
from importlib.resources import files
from typing import Any

import yaml

from egov_catalog.domain.seed.fields import ATTACHMENTS, form
from egov_schemas.catalog import AdministrationKind, ServiceDefinition

_HERE = files("egov_catalog.domain.seed")
_KINDS: dict[str, list[AdministrationKind]] = {
    "municipality": ["municipality"],
    "district": ["district"],
    "central": ["central"],
    "all": ["municipality", "district", "central"],
}


@functools.cache
def reference_rows() -> dict[int, dict[str, str]]:
    """services.csv rows that carry an IISDA number (the others cannot be catalogued without inventing one)."""
    with _HERE.joinpath("services.csv").open(encoding="utf-8") as source:
        return {int(row["iisda_number"]): row for row in csv.DictReader(source) if row["iisda_number"]}


@functools.cache
def _curated() -> dict[str, Any]:
    with _HERE.joinpath("services.yaml").open(encoding="utf-8") as source:
        curated: dict[str, Any] = yaml.safe_load(source)
    return curated


def seeded_services() -> list[ServiceDefinition]:
    curated = _curated()
    return [ServiceDefinition.model_validate(_definition(n, spec)) for n, spec in curated["services"].items()]


def seeded_drafts() -> list[dict[str, Any]]:
    """Services the reference data describes only partly: drafts for an operator to complete."""
    drafts = []
    for number, spec in _curated()["drafts"].items():
        draft = _definition(number, spec)
        drafts.append({key: value for key, value in draft.items() if value})
    return drafts


def _definition(number: int, spec: dict[str, Any]) -> dict[str, Any]:
    row = reference_rows()[number]
    family: dict[str, Any] = _curated()["families"].get(spec.get("family", ""), {})
    merged = {**family, **spec, "attachments": [*family.get("attachments", []), *spec.get("attachments", [])]}
    ordinary = [int(row["deadline_days"] or merged["deadline"]), float(row["fee_example_bgn"] or 0)]
    working_days = merged.get("working_days", True)
    tiers = {
        tier: {"deadline": {"days": days, "working_days": working_days}, "fee_bgn": fee}
        for tier, (days, fee) in {"ordinary": ordinary, **merged.get("tiers", {})}.items()
    }
    output = merged.get("output", ["", ""])
    return {
        "iisda_number": number,
        "name_bg": row["name_bg"],
        "name_en": row["name_en"],
        "category": merged["category"],
        "provider_kinds": _KINDS[_kind(row["provider_kind"])],
        "legal_basis": merged["legal_basis"],
        "tiers": tiers,
        "attachments": [ATTACHMENTS[name].model_dump() for name in dict.fromkeys(merged["attachments"])],
        "assurance_level": merged.get("assurance_level", "eid_low"),
        "registry_checks": merged.get("registry_checks", []),
        "prefill": [{"field": field, "source": source} for field, source in merged.get("prefill", {}).items()],
        "output_document_bg": output[0],
        "output_document_en": output[1],
        "form_schema": form(
            f"Заявление: {row['name_bg'] or row['name_en']}",
            f"Application: {row['name_en']}",
            merged["form"],
            merged.get("required", merged["form"]),
        ),
        "source": {"url": row["source_url"], "verification": _verification(row["notes"]), "note": row["notes"]},
    }


def _kind(provider_kind: str) -> str:
    return next(kind for kind in ("all", "municipality", "district", "central") if provider_kind.startswith(kind))


def _verification(notes: str) -> str:
    match = re.match(r"level ([ABC])", notes)
    if match is None:
        raise ValueError(f"services.csv note without a verification level: {notes[:60]}")
    return match.group(1)
