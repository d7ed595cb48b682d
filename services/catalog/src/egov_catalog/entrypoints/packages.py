"""Packages: public reads, diffs and export; an administration's admins change theirs."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from egov_catalog.domain.packages import InvalidFile
from egov_catalog.domain.templates import TEMPLATES, PackageSource
from egov_catalog.entrypoints.http_support import (
    AdministrationPath,
    IfMatch,
    PageParams,
    VersionPath,
    etag,
    page,
    page_params,
    required_revision,
)
from egov_catalog.service_layer.packages import Packages
from egov_schemas.catalog import PackageEntry, PackagePublished
from egov_sdk.auth import Principal
from egov_sdk.problems import unprocessable

YAML = "application/yaml"
# NOTE: the register lists some 2,000 services; no administration offers more than a fraction.
MAX_ENTRIES = 1000


class PackageBody(BaseModel):
    entries: list[PackageEntry] = Field(
        max_length=MAX_ENTRIES, description="The services offered, with this administration's overrides"
    )


def packages_router(packages: Packages, principal: Callable[..., Awaitable[Principal]]) -> APIRouter:
    router = APIRouter(prefix="/administrations/{administration_id}/package", tags=["packages"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    async def answer(package: PackagePublished, response: Response, changes: Any = None) -> dict[str, Any]:
        etag(response, package.version)
        offers = [item.model_dump(mode="json") for item in await packages.offers(package)]
        body = {**package.model_dump(mode="json"), "offers": offers}
        return body if changes is None else {**body, "diff": changes.model_dump(mode="json")}

    @router.get("", summary="The package, with each service's effective fees and deadlines after overrides")
    async def get_package(administration_id: AdministrationPath, response: Response) -> dict[str, Any]:
        return await answer(await packages.get(administration_id), response)

    @router.put("", summary="Replace the package's services: a new version, effective at once")
    async def put_package(
        administration_id: AdministrationPath,
        body: PackageBody,
        caller: Caller,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        caller.require_admin_of(administration_id)
        revision = (
            None if if_match is None and await _absent(packages, administration_id) else required_revision(if_match)
        )
        entries = [entry.model_dump() for entry in body.entries]
        package, changes = await packages.save(administration_id, entries, revision, by=caller.subject)
        return await answer(package, response, changes)

    @router.get("/versions", summary="The package's versions, oldest first: when and by whom")
    async def versions(
        administration_id: AdministrationPath, params: Annotated[PageParams, Depends(page_params)]
    ) -> dict[str, Any]:
        history = await packages.history(administration_id)
        return page(history[params.offset : params.offset + params.limit], len(history), params)

    @router.get("/versions/{version}", summary="One version of the package", response_model=PackagePublished)
    async def version(administration_id: AdministrationPath, version: VersionPath) -> PackagePublished:
        return await packages.version(administration_id, version)

    @router.get("/diff", summary="What changed between two versions")
    async def diff(
        administration_id: AdministrationPath,
        old: Annotated[int, Query(alias="from", ge=1, le=1_000_000)],
        new: Annotated[int, Query(alias="to", ge=1, le=1_000_000)],
    ) -> dict[str, Any]:
        return (await packages.diff(administration_id, old, new)).model_dump(mode="json")

    @router.get("/export", summary="The package as a YAML file", response_class=PlainTextResponse)
    async def export(administration_id: AdministrationPath) -> PlainTextResponse:
        text = await packages.export(administration_id)
        filename = f"package-{administration_id}.yaml"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return PlainTextResponse(text, media_type=YAML, headers=headers)

    @router.post(
        "/import",
        summary="Import a package file; with dry_run, only show what would change",
        openapi_extra={"requestBody": {"required": True, "content": {YAML: {"schema": {"type": "string"}}}}},
    )
    async def import_file(
        *,
        administration_id: AdministrationPath,
        request: Request,
        caller: Caller,
        if_match: IfMatch = None,
        response: Response,
        dry_run: Annotated[bool, Query(description="Validate and diff, change nothing")] = False,
    ) -> dict[str, Any]:
        caller.require_admin_of(administration_id)
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise unprocessable("Invalid package file", [{"field": "file", "detail": "not UTF-8 text"}]) from exc
        revision = None if dry_run or await _absent(packages, administration_id) else required_revision(if_match)
        try:
            package, changes = await packages.import_file(
                administration_id, text, revision, by=caller.subject, dry_run=dry_run
            )
        except InvalidFile as exc:
            raise unprocessable("Invalid package file", exc.errors) from exc
        return {**(await answer(package, response, changes)), "dry_run": dry_run}

    @router.post("/copy", summary="Start the package from a template, or from another administration's package")
    async def copy(
        administration_id: AdministrationPath,
        body: PackageSource,
        caller: Caller,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        caller.require_admin_of(administration_id)
        revision = None if await _absent(packages, administration_id) else required_revision(if_match)
        package, changes = await packages.copy(administration_id, body, revision, by=caller.subject)
        return await answer(package, response, changes)

    return router


def templates_router() -> APIRouter:
    router = APIRouter(prefix="/package-templates", tags=["packages"])

    @router.get("", summary="The templates a joining administration's package may start from")
    async def templates() -> list[dict[str, str]]:
        return [vars(template) for template in TEMPLATES.values()]

    return router


async def _absent(packages: Packages, administration_id: str) -> bool:
    return not await packages.exists(administration_id)
