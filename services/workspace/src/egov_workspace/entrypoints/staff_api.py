"""The staff directory's API, for joining: a new administration's first members (its first admin
above all, who then adds the others on the staff page) are named by the platform's operators."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field, field_validator

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN, Egn
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem
from egov_workspace.adapters.audit import AuditEntry, AuditLog
from egov_workspace.adapters.staff import StaffDirectory
from egov_workspace.domain.staff import Role, StaffMember


class StaffBody(BaseModel):
    # NOTE: the EGN in the body, not the path: paths end up in traces and access logs.
    person: Egn = Field(description="The person's EGN, as national eID identifies them")
    name: str = Field(min_length=1, max_length=200, description="The person's names, as the workspace shows them")
    role: Role = Field(description="clerk, head_of_unit or admin (who adds the others on the staff page)")

    @field_validator("name")
    @classmethod
    def _printable(cls, name: str) -> str:
        name = name.strip()
        if not name or not name.isprintable():
            raise ValueError("give the person's names, in printable characters")
        return name


def staff_api_router(staff: StaffDirectory, audit: AuditLog, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/administrations/{administration_id}/staff", tags=["staff"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.post("", summary="Name a member of an administration's staff, or change their role (operators)")
    async def put_member(
        administration_id: Annotated[str, Path(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN)],
        body: StaffBody,
        caller: Caller,
    ) -> dict[str, Any]:
        caller.require_operator()
        if not await staff.put(StaffMember(administration_id, body.person, body.name, body.role)):
            raise Problem(409, "Conflict", "the person works for another administration: remove them there first")
        by = f"operator {caller.subject}"
        details = {"person": body.name, "role": body.role}
        await audit.record(AuditEntry(administration_id, None, by, "staff_changed", details=details))
        return {"administration_id": administration_id, "name": body.name, "role": body.role}

    return router
