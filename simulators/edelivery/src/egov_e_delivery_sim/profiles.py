"""e-Delivery's profiles, in memory: one per institution registered as a sender (target group 3),
and individuals' profiles, registered passively by a sender or seeded by tests.

Nothing is persisted: a restart forgets every profile but the senders' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic.alias_generators import to_camel

from egov_e_delivery_sim.problems import Problem


@dataclass(frozen=True)
class TargetGroup:
    target_group_id: int
    name: str
    can_select_recipients: bool


INDIVIDUALS = TargetGroup(1, "Физически лица", can_select_recipients=False)
LEGAL_ENTITIES = TargetGroup(2, "Юридически лица", can_select_recipients=False)
PUBLIC_ADMINISTRATION = TargetGroup(3, "Публична администрация", can_select_recipients=True)
SOCIAL_ORGANIZATIONS = TargetGroup(4, "Социални организации", can_select_recipients=True)
TARGET_GROUPS = (INDIVIDUALS, LEGAL_ENTITIES, PUBLIC_ADMINISTRATION, SOCIAL_ORGANIZATIONS)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=255, pattern=r"^[^@\s]+@[^@\s]+$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9]{6,15}$")]
CountryIso = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Z]{2}$")]


class _Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, frozen=True)


class AddressData(_Camel):
    residence: Text
    city: Text | None = None
    state: Text | None = None
    country_iso: CountryIso | None = None


class IndividualData(_Camel):
    """The body of `POST /api/v1/profiles/passive-individual`."""

    # NOTE: an individual is named by an ЕГН or ЛНЧ, both 10 digits.
    identifier: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{10}$")]
    first_name: Text
    middle_name: Text | None = None
    last_name: Text
    email: Email | None = None
    phone: Phone | None = None
    # NOTE: optional, as e-Delivery's ESB document has it.
    address: AddressData | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_name, self.last_name) if part)


class SeededIndividualData(IndividualData):
    """The body of the simulator's `POST /simulator/profiles`."""

    passive: bool = False
    activated: bool = True


@dataclass(frozen=True)
class Address:
    address_id: int
    residence: str
    city: str | None
    state: str | None
    country_iso: str | None


@dataclass
class Profile:
    profile_id: int
    identifier: str
    name: str
    target_group: TargetGroup
    email: str | None = None
    phone: str | None = None
    address: Address | None = None
    is_activated: bool = True
    is_passive: bool = False


class Profiles:
    def __init__(self, senders: dict[str, str]):
        self._by_id: dict[int, Profile] = {}
        self._institutions: dict[str, Profile] = {}
        self._addresses = 0
        for oid, name in senders.items():
            # NOTE: e-Delivery names an institution's profile by its ЕИК and binds the OID to its
            # integration login; the simulator knows only the OID and uses it as the identifier.
            self._institutions[oid] = self._add(Profile(self._next_id(), oid, name, PUBLIC_ADMINISTRATION))

    def institution(self, oid: str) -> Profile:
        """The profile of the institution whose information system has this OID (a configured sender)."""
        return self._institutions[oid]

    def get(self, profile_id: int) -> Profile | None:
        return self._by_id.get(profile_id)

    def with_identifier(self, identifier: str) -> list[Profile]:
        return [profile for profile in self._by_id.values() if profile.identifier == identifier]

    def register_individual(self, data: IndividualData, *, passive: bool, activated: bool = True) -> Profile:
        """A new individual's profile; 409 if the identifier already has a profile."""
        if self.with_identifier(data.identifier):
            raise Problem(409, f"A profile with identifier {data.identifier} already exists.")
        address = None
        if data.address is not None:
            self._addresses += 1
            given = data.address
            address = Address(self._addresses, given.residence, given.city, given.state, given.country_iso)
        profile = Profile(
            self._next_id(),
            data.identifier,
            data.name,
            INDIVIDUALS,
            email=data.email,
            phone=data.phone,
            address=address,
            is_activated=activated,
            is_passive=passive,
        )
        return self._add(profile)

    def _next_id(self) -> int:
        return len(self._by_id) + 1

    def _add(self, profile: Profile) -> Profile:
        self._by_id[profile.profile_id] = profile
        return profile
