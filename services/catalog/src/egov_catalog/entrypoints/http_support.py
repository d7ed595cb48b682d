"""What every catalog route shares: pages, ETags and If-Match preconditions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Query, Response
from pydantic import BaseModel

from egov_sdk.problems import Problem


class PageParams(BaseModel):
    offset: int = 0
    limit: int = 20


def page_params(
    offset: Annotated[int, Query(ge=0, description="How many matches to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=200, description="How many matches to return")] = 20,
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
    if not value.isdigit():
        raise Problem(412, "Precondition failed", f"If-Match {if_match} is not an ETag of this resource")
    return int(value)
