"""The worklist: the administration's applications its staff process, filtered, counted per state,
in due-date order, a page at a time. Without a login: the way in."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

import math
from urllib.parse import urlencode

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from egov_sdk.catalog_view import CatalogView
from egov_sdk.clock import Clock
from egov_sdk.web_pages import see_other
from egov_workspace.adapters.cases import CaseRepository
from egov_workspace.adapters.staff import StaffDirectory
from egov_workspace.domain.cases import CaseState, deadline_mark
from egov_workspace.domain.worklist import Scope, parse_query
from egov_workspace.entrypoints.web import current_member, lang_of, render
from egov_workspace.settings import WorkspaceSettings


def staff_services(catalog: CatalogView, administration_id: str, lang: str) -> list[tuple[int, str]]:
    """The services the administration's staff process (its package says so), with their names."""
    package = catalog.package(administration_id)
    numbers = sorted(entry.service for entry in package.entries if entry.processing == "staff") if package else []
    return [(number, service_title(catalog, number, lang)) for number in numbers]


def service_title(catalog: CatalogView, number: int, lang: str) -> str:
    service = catalog.service(number)
    if service is None:
        return str(number)
    return service.name_en if lang == "en" else service.name_bg


def worklist_router(
    cases: CaseRepository, staff: StaffDirectory, catalog: CatalogView, clock: Clock, settings: WorkspaceSettings
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/")
    async def worklist(request: Request) -> Response:
        member = await current_member(request)
        if member is None:
            return render(request, "login.html")
        if not member.processes:
            return see_other("/staff")  # NOTE: an admin processes nothing: their page is the staff
        lang = lang_of(request)
        services = staff_services(catalog, member.administration_id, lang)
        query, bad = parse_query(dict(request.query_params), {number for number, _ in services})
        today = clock.today()
        scope = Scope(member.administration_id, member.person, today, settings.due_soon_days)
        rows, total = await cases.worklist(scope, query, settings.worklist_page_size)
        counts = await cases.counts(scope, query)

        def query_with(**changed: object) -> str:
            return urlencode(query.params(**changed))

        colleagues = [colleague for colleague in await staff.of(member.administration_id) if colleague.processes]
        return render(
            request,
            "worklist.html",
            administration_name=_administration_name(catalog, member.administration_id, lang),
            query=query,
            query_state=query.state.value if isinstance(query.state, CaseState) else query.state,
            bad_filters=bad,
            states=[state.value for state in CaseState],
            services=services,
            service_titles=dict(services),
            colleagues=colleagues,
            rows=[(row, deadline_mark(row.state, row.due_date, today, settings.due_soon_days)) for row in rows],
            counts=[(state.value, count) for state, count in counts.items()],
            total=total,
            pages=max(1, math.ceil(total / settings.worklist_page_size)),
            query_with=query_with,
        )

    return router


def _administration_name(catalog: CatalogView, administration_id: str, lang: str) -> str:
    administration = catalog.administration(administration_id)
    if administration is None:
        return administration_id
    return administration.name_en if lang == "en" else administration.name_bg
