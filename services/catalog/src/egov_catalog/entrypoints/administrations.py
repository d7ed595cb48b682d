"""Administrations: public reads; operators register and change them."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response

from egov_catalog.entrypoints.http_support import IfMatch, PageParams, etag, page, page_params, required_revision
from egov_catalog.service_layer.administrations import Administrations
from egov_schemas.catalog import AdministrationUpserted
from egov_sdk.auth import Principal

_EXAMPLE = {
    "id": "plovdiv",
    "name_bg": "Община Пловдив",
    "name_en": "Plovdiv Municipality",
    "kind": "municipality",
    "eik": "000471504",
    "ekatte": "56784",
    "contacts": {"website": "https://www.plovdiv.bg"},
    "channels": ["email"],
}
AdministrationBody = Annotated[
    dict[str, Any],
    Body(description="An administration (the fields of AdministrationUpserted, without revision)", examples=[_EXAMPLE]),
]


def administrations_router(
    administrations: Administrations, principal: Callable[..., Awaitable[Principal]]
) -> APIRouter:
    router = APIRouter(prefix="/administrations", tags=["administrations"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("", summary="List the administrations on the platform")
    async def list_administrations(params: Annotated[PageParams, Depends(page_params)]) -> dict[str, Any]:
        items, total = await administrations.page(offset=params.offset, limit=params.limit)
        return page([item.model_dump(mode="json") for item in items], total, params)

    @router.get("/{administration_id}", summary="An administration", response_model=AdministrationUpserted)
    async def get_administration(administration_id: str, response: Response) -> AdministrationUpserted:
        administration = await administrations.get(administration_id)
        etag(response, administration.revision)
        return administration

    @router.post("", status_code=201, summary="Register an administration: creates its topics and announces it")
    async def register(body: AdministrationBody, caller: Caller, response: Response) -> AdministrationUpserted:
        caller.require_operator()
        administration = await administrations.register(body)
        response.headers["Location"] = f"/administrations/{administration.id}"
        etag(response, administration.revision)
        return administration

    @router.put("/{administration_id}", summary="Change an administration's details")
    async def update(
        administration_id: str, body: AdministrationBody, caller: Caller, response: Response, if_match: IfMatch = None
    ) -> AdministrationUpserted:
        caller.require_operator()
        administration = await administrations.update(administration_id, body, required_revision(if_match))
        etag(response, administration.revision)
        return administration

    return router
