"""For tests that use the simulator, here or in other services: valid identifiers it answers in a
known way (see the rules in `people` and `companies`), and the journal of calls it received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from egov_regix_sim.companies import registered
from egov_schemas.identifiers import validate_egn, validate_eik

_CENTURY_MONTH_OFFSET = {18: 20, 19: 0, 20: 40}


def _with_check_digit(stem: str, validate: Callable[[str], str]) -> str:
    """`stem` and the one check digit that makes it valid."""
    for digit in "0123456789":
        try:
            return validate(stem + digit)
        except ValueError:
            continue
    raise AssertionError(f"no check digit makes {stem} valid")


def egn(born: dt.date, serial: int = 0) -> str:
    """A valid EGN of someone born on `born` (1800 to 2099), `serial` (0 to 999) its 7th to 9th
    digits: a man if `serial` is even, a woman if odd. Serial 0 may give an unknown EGN (…0000)."""
    if born.year // 100 not in _CENTURY_MONTH_OFFSET or not 0 <= serial <= 999:
        raise ValueError("an EGN encodes a birth from 1800 to 2099 and a serial from 0 to 999")
    month = born.month + _CENTURY_MONTH_OFFSET[born.year // 100]
    return _with_check_digit(f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}", validate_egn)


def living_egn() -> str:
    """A man born in 1985, alive."""
    return egn(dt.date(1985, 6, 21), serial=134)


def deceased_egn() -> str:
    """A man born in 1932, dead (as everyone born before 1940)."""
    return egn(dt.date(1932, 3, 14), serial=518)


def unknown_egn() -> str:
    """A valid EGN that belongs to nobody: it ends in 0000."""
    day = dt.date(1980, 1, 1)
    while not (candidate := egn(day)).endswith("0000"):
        day += dt.timedelta(days=1)
    return candidate


def _eiks() -> Iterator[str]:
    # NOTE: 9-digit EIKs from an arbitrary start, each with its check digit.
    for base in range(20_140_000, 30_000_000):
        yield _with_check_digit(f"{base:08d}", validate_eik)


def known_eik() -> str:
    """A valid EIK of a registered company."""
    return next(eik for eik in _eiks() if registered(eik))


def unknown_eik() -> str:
    """A valid EIK that the Commercial Register does not have (one in ten)."""
    return next(eik for eik in _eiks() if not registered(eik))


async def received_calls(base_url: str, *, transport: httpx.AsyncBaseTransport | None = None) -> list[dict[str, Any]]:
    """The calls the simulator at `base_url` received, newest first (`GET /simulator/calls`);
    `transport` to reach one running in process (`httpx.ASGITransport`)."""
    async with httpx.AsyncClient(base_url=base_url, transport=transport) as http:
        response = await http.get("/simulator/calls")
        response.raise_for_status()
        calls: list[dict[str, Any]] = response.json()
        return calls
