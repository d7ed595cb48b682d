"""The made-up population behind the simulated GRAO registers: who an EGN belongs to.

Rules, relied on by tests elsewhere (see `testing`):

- an EGN whose last four digits are `0000` belongs to nobody (not found);
- everyone else was born on the date the EGN encodes, is a man if its ninth digit is even and a
  woman if odd (as EGNs are issued), and has names and a birth place picked by a hash of the EGN;
- a person born before 1940 is dead, having died after their 60th birthday and before 2025; anyone
  born later is alive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov_regix_sim.made_up import PLACES, number, pick
from egov_regix_sim.soap import SoapFault
from egov_schemas.identifiers import egn_birth_date, validate_egn

DEATHS_BEFORE = dt.date(1940, 1, 1)
LAST_DEATH = dt.date(2024, 12, 31)

MEN = ("Иван", "Георги", "Димитър", "Петър", "Николай", "Христо", "Стоян", "Тодор")
WOMEN = ("Мария", "Елена", "Иванка", "Йорданка", "Десислава", "Гергана", "Росица", "Виолета")
FATHERS = ("Иванов", "Георгиев", "Димитров", "Петров", "Николов", "Христов", "Стоянов", "Тодоров")
FAMILIES = ("Попов", "Колев", "Маринов", "Василев", "Ангелов", "Костов", "Илиев", "Стефанов")


@dataclass(frozen=True)
class Person:
    egn: str
    first_name: str
    surname: str
    family_name: str
    male: bool
    birth_date: dt.date
    birth_place: str
    death_date: dt.date | None

    def full_name(self) -> str:
        return f"{self.first_name} {self.surname} {self.family_name}"


def checked_egn(egn: str | None) -> str:
    """`egn` if it is a valid EGN; SoapFault otherwise (the message never repeats the number)."""
    if egn is None:
        raise SoapFault("The argument has no EGN.")
    try:
        return validate_egn(egn)
    except ValueError as exc:
        raise SoapFault(f"Invalid EGN: {exc}.") from exc


def person(egn: str) -> Person | None:
    """Who a valid EGN belongs to; None for nobody (it ends in 0000)."""
    if egn.endswith("0000"):
        return None
    male = int(egn[8]) % 2 == 0
    suffix = "" if male else "а"
    born = egn_birth_date(egn)
    return Person(
        egn=egn,
        first_name=pick(MEN if male else WOMEN, egn, "first-name"),
        surname=pick(FATHERS, egn, "surname") + suffix,
        family_name=pick(FAMILIES, egn, "family-name") + suffix,
        male=male,
        birth_date=born,
        birth_place=pick(PLACES, egn, "birth-place").name,
        death_date=_death_date(egn, born),
    )


def _death_date(egn: str, born: dt.date) -> dt.date | None:
    if born >= DEATHS_BEFORE:
        return None
    # NOTE: 1 January after the 60th birthday's year is past that birthday even for 29 February.
    earliest = dt.date(born.year + 61, 1, 1)
    return earliest + dt.timedelta(days=number(egn, "death") % (LAST_DEATH - earliest).days)
