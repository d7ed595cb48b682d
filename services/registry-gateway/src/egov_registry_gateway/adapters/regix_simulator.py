"""A RegiX stand-in for development and tests: answers the operations the platform uses with data
derived from the identifier itself (no real registry data), in the shape adapters return."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from egov_schemas.identifiers import egn_birth_date, validate_egn, validate_eik
from egov_schemas.registry import RegistryStatus


@dataclass(frozen=True)
class RegistryAnswer:
    status: RegistryStatus
    data: dict[str, Any] | None = None
    error: str | None = None


class RegixSimulator:
    async def execute(self, operation: str, arguments: dict[str, str]) -> RegistryAnswer:
        if operation in {"grao.person", "grao.permanent_address"}:
            return self._person(operation, arguments.get("egn", ""))
        if operation == "commercial_register.actual_state":
            return self._company(arguments.get("eik", ""))
        return RegistryAnswer("error", error=f"operation {operation} is not supported")

    @staticmethod
    def _person(operation: str, egn: str) -> RegistryAnswer:
        try:
            validate_egn(egn)
        except ValueError as exc:
            return RegistryAnswer("error", error=str(exc))
        if egn.endswith("0000"):  # NOTE: a reserved shape the simulator treats as "no such person"
            return RegistryAnswer("not_found")
        data: dict[str, Any] = {
            "birth_date": egn_birth_date(egn).isoformat(),
            "sex": "male" if int(egn[8]) % 2 == 0 else "female",
            "alive": True,
        }
        if operation == "grao.permanent_address":
            data = {"ekatte": "68134", "settlement": "гр. София"}
        return RegistryAnswer("found", data)

    @staticmethod
    def _company(eik: str) -> RegistryAnswer:
        try:
            validate_eik(eik)
        except ValueError as exc:
            return RegistryAnswer("error", error=str(exc))
        return RegistryAnswer("found", {"eik": eik, "state": "active"})
