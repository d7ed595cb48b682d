"""The person the national eID vouched for: who may apply, at which level, and for whom."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from egov_schemas.catalog import ASSURANCE_LEVELS
from egov_schemas.identifiers import validate_egn
from egov_schemas.work import RepresentedEntity
from egov_sdk.auth import PERSON_PREFIX


class NotACitizen(Exception):
    """The eID's claims do not name a person in the national shape."""


@dataclass(frozen=True)
class Citizen:
    egn: str
    name: str
    acr: str
    represents: tuple[RepresentedEntity, ...] = ()

    def meets(self, minimum: str) -> bool:
        """Whether the citizen logged in at `minimum` or higher (an unknown level meets nothing)."""
        if self.acr not in ASSURANCE_LEVELS or minimum not in ASSURANCE_LEVELS:
            return False
        return ASSURANCE_LEVELS.index(self.acr) >= ASSURANCE_LEVELS.index(minimum)

    def representing(self, eik: str) -> RepresentedEntity | None:
        return next((entity for entity in self.represents if entity.eik == eik), None)

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Citizen:
        """From verified ID token claims: `sub` is `PNOBG-<EGN>`; `represents` is the empowerment
        claim (a list of {eik, name}); a malformed entry in it is left out, not trusted."""
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject.startswith(PERSON_PREFIX):
            raise NotACitizen("the ID token's subject is not a person identifier (PNOBG-<EGN>)")
        try:
            validate_egn(subject.removeprefix(PERSON_PREFIX))
        except ValueError as exc:
            raise NotACitizen("the ID token's subject is not a valid EGN") from exc
        represents = []
        claimed = claims.get("represents")
        for entry in claimed if isinstance(claimed, list) else []:
            try:
                represents.append(RepresentedEntity.model_validate({"eik": entry["eik"], "name": entry["name"]}))
            except (KeyError, TypeError, ValidationError):
                continue
        return cls(
            egn=subject.removeprefix(PERSON_PREFIX),
            name=str(claims.get("name") or ""),
            acr=str(claims.get("acr") or ""),
            represents=tuple(represents),
        )

    def as_session(self) -> dict[str, Any]:
        return {
            "egn": self.egn,
            "name": self.name,
            "acr": self.acr,
            "represents": [entity.model_dump() for entity in self.represents],
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Citizen:
        return cls(
            egn=data["egn"],
            name=data["name"],
            acr=data["acr"],
            represents=tuple(RepresentedEntity.model_validate(entity) for entity in data.get("represents", [])),
        )
