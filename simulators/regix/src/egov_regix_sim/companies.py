"""The made-up traders behind the simulated Commercial Register (and the NRA's companies).

Rules, relied on by tests elsewhere (see `testing`): a valid EIK is registered unless a hash of it
falls in one tenth of the range (`registered`); a registered company's name, legal form, seat,
registration date and state are picked by hashes of its EIK.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from egov_regix_sim.made_up import PLACES, STREETS, Place, number, pick
from egov_regix_sim.soap import SoapFault
from egov_schemas.identifiers import validate_eik

FIRST_REGISTRATION = dt.date(1991, 1, 1)
LAST_REGISTRATION = dt.date(2024, 12, 31)

LEGAL_FORMS = ("ЕООД", "ООД", "АД", "ЕАД", "ЕТ")
NAME_STEMS = ("Балкан", "Родопи", "Тракия", "Странджа", "Пирин", "Дунав", "Витоша", "Черноморие")
NAME_TRADES = ("Трейд", "Консулт", "Строй", "Софт", "Агро", "Транс")


@dataclass(frozen=True)
class Company:
    eik: str
    name: str
    legal_form: str
    deed_status: str  # the register's: N (registered), C (deregistered)
    liquidation_or_insolvency: str | None  # the register's: Liquidation, Insolvency, or None
    registered_at: dt.datetime
    seat: Place
    street: str
    street_number: str


def checked_eik(eik: str | None) -> str:
    """`eik` if it is a valid EIK (9 digits, or 13 for a branch); SoapFault otherwise."""
    if eik is None:
        raise SoapFault("The argument has no EIK (UIC).")
    try:
        return validate_eik(eik)
    except ValueError as exc:
        raise SoapFault(f"Invalid EIK: {exc}.") from exc


def registered(eik: str) -> bool:
    """Whether a valid EIK is in the register: nine in ten are."""
    return number(eik, "registered") % 10 != 0


def company(eik: str) -> Company | None:
    if not registered(eik):
        return None
    legal_form = pick(LEGAL_FORMS, eik, "legal-form")
    stem = f"{pick(NAME_STEMS, eik, 'name-stem')} {pick(NAME_TRADES, eik, 'name-trade')}"
    days = number(eik, "registered-at") % (LAST_REGISTRATION - FIRST_REGISTRATION).days
    state = number(eik, "state") % 20  # NOTE: one in twenty each deregistered, in liquidation, insolvent
    return Company(
        eik=eik,
        name=f"ЕТ „{stem}“" if legal_form == "ЕТ" else f"{stem} {legal_form}",
        legal_form=legal_form,
        deed_status="C" if state == 0 else "N",
        liquidation_or_insolvency={1: "Liquidation", 2: "Insolvency"}.get(state),
        registered_at=dt.datetime.combine(FIRST_REGISTRATION + dt.timedelta(days=days), dt.time(10, 30)),
        seat=pick(PLACES, eik, "seat"),
        street=pick(STREETS, eik, "seat-street"),
        street_number=str(1 + number(eik, "seat-number") % 150),
    )
