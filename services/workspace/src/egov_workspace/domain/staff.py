"""Who works in the workspace, for which administration, and what each role may do.

Modelled on Dimpact ZAC's roles, cut to what a municipality needs first: a clerk processes the
applications she claims or is given; a head of unit also distributes work; an admin manages who
holds which role and the administration's numbering, and processes nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

Role = Literal["clerk", "head_of_unit", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class StaffMember:
    administration_id: str
    person: str
    name: str
    role: Role

    @property
    def processes(self) -> bool:
        """Whether the member works on applications (an admin only manages)."""
        return self.role in ("clerk", "head_of_unit")

    @property
    def distributes(self) -> bool:
        """Whether the member may give applications to colleagues and take them back."""
        return self.role == "head_of_unit"

    @property
    def manages(self) -> bool:
        return self.role == "admin"

    def as_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> StaffMember:
        role = data["role"]
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return cls(
            administration_id=str(data["administration_id"]),
            person=str(data["person"]),
            name=str(data["name"]),
            role=role,
        )
