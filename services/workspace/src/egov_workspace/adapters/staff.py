"""Who works for which administration, and in which role: kept by the workspace, changed by each
administration's admins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected
from egov_workspace.domain.staff import StaffMember

if TYPE_CHECKING:
    from egov_sdk.store import Store


class StaffDirectory:
    def __init__(self, store: Store):
        self._store = store

    async def member(self, person: str) -> StaffMember | None:
        row = await self._store.fetchrow(
            "SELECT administration_id, person, name, role FROM staff_members WHERE person = $1", person
        )
        return _member(row) if row is not None else None

    async def of(self, administration_id: str) -> list[StaffMember]:
        rows = await self._store.fetch(
            "SELECT administration_id, person, name, role FROM staff_members WHERE administration_id = $1 "
            "ORDER BY name, person",
            administration_id,
        )
        return [_member(row) for row in rows]

    async def put(self, member: StaffMember) -> bool:
        """Add the member or change their name and role; False when the person already works for
        another administration (they must be removed there first)."""
        status = await self._store.execute(
            """
            INSERT INTO staff_members (person, administration_id, name, role) VALUES ($1, $2, $3, $4)
            ON CONFLICT (person) DO UPDATE SET name = excluded.name, role = excluded.role
            WHERE staff_members.administration_id = excluded.administration_id
            """,
            member.person,
            member.administration_id,
            member.name,
            member.role,
        )
        return affected(status) == 1

    async def seed(self, member: StaffMember) -> bool:
        """Add the member unless the person is already known (then nothing changes)."""
        status = await self._store.execute(
            "INSERT INTO staff_members (person, administration_id, name, role) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (person) DO NOTHING",
            member.person,
            member.administration_id,
            member.name,
            member.role,
        )
        return affected(status) == 1

    async def remove(self, administration_id: str, person: str) -> bool:
        status = await self._store.execute(
            "DELETE FROM staff_members WHERE administration_id = $1 AND person = $2", administration_id, person
        )
        return affected(status) == 1


def _member(row: Any) -> StaffMember:
    return StaffMember(row["administration_id"], row["person"], row["name"], row["role"])
