"""Service definitions: public search and reads; operators write drafts, publish and retire."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response

from egov_catalog.adapters.repository import Document
from egov_catalog.entrypoints.http_support import IfMatch, PageParams, etag, page, page_params, required_revision
from egov_catalog.service_layer.errors import not_found
from egov_catalog.service_layer.services import Services, public_view, version_body
from egov_schemas.catalog import AdministrationKind
from egov_sdk.auth import Principal

DraftBody = Annotated[
    dict[str, Any],
    Body(description="The fields of a ServiceDefinition; a draft may leave some out, publishing needs them all"),
]


def services_router(services: Services, principal: Callable[..., Awaitable[Principal]]) -> APIRouter:
    router = APIRouter(prefix="/services", tags=["services"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    def answer(document: Document, response: Response) -> dict[str, Any]:
        etag(response, document["revision"])
        return public_view(document)

    @router.get("", summary="Search the published services")
    async def search(
        params: Annotated[PageParams, Depends(page_params)],
        q: Annotated[str, Query(max_length=200, description="Words of the name, in Bulgarian or English")] = "",
        category: Annotated[str | None, Query(description="e.g. civil_status, local_taxes")] = None,
        provider_kind: Annotated[AdministrationKind | None, Query(description="Who may provide it")] = None,
    ) -> dict[str, Any]:
        documents, total = await services.search(
            text=q, category=category, provider_kind=provider_kind, offset=params.offset, limit=params.limit
        )
        items = [
            {key: document[key] for key in ("iisda_number", "name_bg", "name_en", "category", "provider_kinds")}
            | {"version": document["current"]}
            for document in documents
        ]
        return page(items, total, params)

    @router.get("/{iisda_number}", summary="A service: its published definition and its versions")
    async def get_service(iisda_number: int, response: Response) -> dict[str, Any]:
        document = await services.get(iisda_number)
        if document["status"] == "draft":
            raise not_found(f"service {iisda_number}")
        return answer(document, response)

    @router.get("/{iisda_number}/versions/{version}", summary="A published or retired version")
    async def get_version(iisda_number: int, version: int) -> dict[str, Any]:
        return await _released(services, iisda_number, version)

    @router.get("/{iisda_number}/versions/{version}/form", summary="The application form (JSON Schema) of a version")
    async def get_form(iisda_number: int, version: int) -> dict[str, Any]:
        form: dict[str, Any] = (await _released(services, iisda_number, version))["form_schema"]
        return form

    @router.post("", status_code=201, summary="Create a new service as a draft")
    async def create(body: DraftBody, caller: Caller, response: Response) -> dict[str, Any]:
        caller.require_operator()
        document = await services.create_draft(body)
        response.headers["Location"] = f"/services/{document['iisda_number']}/draft"
        return answer_draft(document, response)

    @router.get("/{iisda_number}/draft", summary="The draft of a service's next version")
    async def get_draft(iisda_number: int, caller: Caller, response: Response) -> dict[str, Any]:
        caller.require_operator()
        return answer_draft(await services.get(iisda_number), response)

    @router.put("/{iisda_number}/draft", summary="Write the draft (starting the next version if there is none)")
    async def save_draft(
        iisda_number: int, body: DraftBody, caller: Caller, response: Response, if_match: IfMatch = None
    ) -> dict[str, Any]:
        caller.require_operator()
        document = await services.save_draft(iisda_number, body, required_revision(if_match))
        return answer_draft(document, response)

    @router.delete("/{iisda_number}/draft", summary="Discard the draft")
    async def discard_draft(
        iisda_number: int, caller: Caller, response: Response, if_match: IfMatch = None
    ) -> dict[str, Any]:
        caller.require_operator()
        return answer(await services.discard_draft(iisda_number, required_revision(if_match)), response)

    @router.post("/{iisda_number}/publish", summary="Publish the draft; the version before it is retired")
    async def publish(
        iisda_number: int, caller: Caller, response: Response, if_match: IfMatch = None
    ) -> dict[str, Any]:
        caller.require_operator()
        return answer(await services.publish(iisda_number, required_revision(if_match)), response)

    @router.post("/{iisda_number}/retire", summary="Retire the published version: no new applications")
    async def retire(iisda_number: int, caller: Caller, response: Response, if_match: IfMatch = None) -> dict[str, Any]:
        caller.require_operator()
        return answer(await services.retire(iisda_number, required_revision(if_match)), response)

    return router


def answer_draft(document: Document, response: Response) -> dict[str, Any]:
    if document["draft"] is None:
        raise not_found(f"a draft of service {document['iisda_number']}")
    etag(response, document["revision"])
    return {
        "iisda_number": document["iisda_number"],
        "version": document["draft"],
        "fields": version_body(document, document["draft"]),
    }


async def _released(services: Services, iisda_number: int, version: int) -> dict[str, Any]:
    document = await services.get(iisda_number)
    entry = next((v for v in document["versions"] if v["version"] == version and v["status"] != "draft"), None)
    body = version_body(document, version) if entry else None
    if entry is None or body is None:
        raise not_found(f"version {version} of service {iisda_number}")
    return {**body, "version": version, "status": entry["status"], "published_at": entry.get("published_at")}
