"""What the fuzzer sends to each service of a running platform: its URL, the credentials its
requests carry in turn, and where a service's OpenAPI document says only "an object" of a body,
what that body really is. A service that gains authentication gets its header sets in `header_sets`."""

from __future__ import annotations

import copy
from typing import Any

import httpx
from pydantic import BaseModel

from egov_catalog.domain.seed.services import seeded_services
from egov_localstack.cli import local_token
from egov_localstack.platform import Platform
from egov_schemas.catalog import AdministrationUpserted, ServiceDefinition
from egov_sdk.auth import SERVICE, STAFF
from tests.fuzz.fuzzer import Target

FUZZED = ("intake", "catalog", "routing", "notifications", "registry-gateway")
# NOTE: a valid applicant, so that generated submissions get as far as their forms.
APPLICANT = {"identifier": "7501010010", "name": "Иван Петров"}
HEIRS = 2016
NEW_SERVICE = 9999


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def header_sets() -> dict[str, tuple[dict[str, str], ...]]:
    """Per service, the header sets taken in turn; `{}` is an anonymous caller. (Intake's status
    read needs the application's own access token, which a generated id has none of.)"""
    operator = bearer(local_token(operator=True))
    sofia_admin = bearer(local_token(administration="sofia"))
    sofia_staff = bearer(local_token(administration="sofia", roles=(STAFF,)))
    a_service = bearer(local_token(roles=(SERVICE,)))
    staff_reads: tuple[dict[str, str], ...] = (a_service, sofia_staff, {})
    return {
        "catalog": (operator, sofia_admin, {}),
        "routing": staff_reads,
        "notifications": staff_reads,
        "registry-gateway": staff_reads,
    }


def targets(platform: Platform) -> list[Target]:
    sets = header_sets()
    documents = {
        "intake": intake_document(platform.url("intake"), platform.url("catalog")),
        "catalog": catalog_document(platform.url("catalog")),
    }
    return [Target(name, platform.url(name), sets.get(name, ({},)), documents.get(name)) for name in FUZZED]


def catalog_document(catalog_url: str) -> dict[str, Any]:
    """The catalog's document with its write bodies (declared as any object, since a draft may be
    partial) described by the models they are checked against, beside the generic object."""
    document: dict[str, Any] = httpx.get(f"{catalog_url}/openapi.json", timeout=10).json()
    bodies: dict[tuple[str, str], type[BaseModel]] = {
        ("/services", "post"): ServiceDefinition,
        ("/services/{iisda_number}/draft", "put"): ServiceDefinition,
        ("/administrations", "post"): AdministrationUpserted,
        ("/administrations/{administration_id}", "put"): AdministrationUpserted,
    }
    for (path, method), model in bodies.items():
        _add_body(document, path, method, model)
    # NOTE: a complete definition under a number no seeded service has, sent as the explicit
    # example, so that some generated writes find a service of their own to change.
    heirs = next(service for service in seeded_services() if service.iisda_number == HEIRS)
    example = heirs.model_copy(update={"iisda_number": NEW_SERVICE}).model_dump(mode="json")
    document["paths"]["/services"]["post"]["requestBody"]["content"]["application/json"]["example"] = example
    return document


def _add_body(document: dict[str, Any], path: str, method: str, model: type[BaseModel]) -> None:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    document["components"]["schemas"].update(schema.pop("$defs", {}))
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]
    body["schema"] = {"anyOf": [schema, body["schema"]]}


def intake_document(intake_url: str, catalog_url: str) -> dict[str, Any]:
    """Intake's OpenAPI document with a submission body per published service and its real form,
    beside the generic one, so generated forms reach the form validation and the store."""
    with httpx.Client(timeout=10) as client:
        document: dict[str, Any] = client.get(f"{intake_url}/openapi.json").json()
        administrations = [a["id"] for a in client.get(f"{catalog_url}/administrations?limit=200").json()["items"]]
        submissions = []
        for item in client.get(f"{catalog_url}/services?limit=200").json()["items"]:
            number, version = item["iisda_number"], item["version"]
            form = client.get(f"{catalog_url}/services/{number}/versions/{version}/form").json()
            submissions.append(_submission(administrations, number, form))
    body = document["paths"]["/applications"]["post"]["requestBody"]["content"]["application/json"]
    body["schema"] = {"anyOf": [*submissions, body["schema"]]}
    return document


def _submission(administrations: list[str], number: int, form: dict[str, Any]) -> dict[str, Any]:
    form = {key: value for key, value in copy.deepcopy(form).items() if key != "$schema"}
    return {
        "type": "object",
        "properties": {
            "administration_id": {"enum": administrations},
            "service": {"const": number},
            "applicant": {"const": APPLICANT},
            "form": form,
        },
        "required": ["administration_id", "service", "applicant", "form"],
        "additionalProperties": False,
    }
