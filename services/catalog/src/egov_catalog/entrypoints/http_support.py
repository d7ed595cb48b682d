"""What every catalog route shares: pages, ETags and If-Match preconditions."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Header, Path, Query, Response
from pydantic import BaseModel

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_sdk.problems import Problem

MAX_PAGE_SIZE = 200
# NOTE: deep pages of a catalog (hundreds of entries) are never needed; the bound keeps an
# offset within PostgreSQL's bigint and the scan it asks for small.
MAX_OFFSET = 100_000
# NOTE: revisions are PostgreSQL integers; nine ASCII digits always fit one.
_REVISION = re.compile(r"[0-9]{1,9}")

AdministrationPath = Annotated[
    str, Path(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN, description="e.g. `sofia`")
]
IisdaPath = Annotated[int, Path(gt=0, le=99_999, description="The service's IISDA number")]
VersionPath = Annotated[int, Path(ge=1, le=1_000_000, description="A version number")]


class PageParams(BaseModel):
    offset: int = 0
    limit: int = 20


def page_params(
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many matches to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many matches to return")] = 20,
) -> PageParams:
    return PageParams(offset=offset, limit=limit)


def page(items: list[Any], total: int, params: PageParams) -> dict[str, Any]:
    return {"items": items, "total": total, "offset": params.offset, "limit": params.limit}


def etag(response: Response, revision: int) -> None:
    response.headers["ETag"] = f'"{revision}"'


IfMatch = Annotated[
    str | None,
    Header(description="The ETag of the resource as last read; a stale one gets 412 and changes nothing"),
]


def required_revision(if_match: str | None) -> int:
    """The revision an If-Match names; a change without one is refused (428), not applied blindly."""
    if if_match is None:
        raise Problem(428, "Precondition required", "Send If-Match with the ETag you read, so no change is lost")
    value = if_match.strip().removeprefix("W/").strip('"')
    if not _REVISION.fullmatch(value):
        raise Problem(412, "Precondition failed", f"If-Match {if_match} is not an ETag of this resource")
    return int(value)
