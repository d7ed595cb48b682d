"""The helpers other tests rely on: EGNs and EIKs the simulator answers in a known way, and the
journal read over HTTP."""

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI

from egov_regix_sim.companies import registered
from egov_regix_sim.people import person
from egov_regix_sim.testing import deceased_egn, egn, known_eik, living_egn, received_calls, unknown_egn, unknown_eik
from egov_schemas.identifiers import egn_birth_date, validate_egn, validate_eik


@pytest.mark.parametrize(
    ("born", "serial", "expected"),
    [
        (dt.date(1885, 3, 4), 1, "852304001"),
        (dt.date(1975, 1, 1), 1, "750101001"),
        (dt.date(2005, 12, 31), 999, "055231999"),
    ],
)
def test_egn_encodes_the_birth_date_in_every_century(born: dt.date, serial: int, expected: str) -> None:
    number = egn(born, serial)
    assert number[:9] == expected
    assert validate_egn(number) == number
    assert egn_birth_date(number) == born


@pytest.mark.parametrize(
    ("born", "serial"), [(dt.date(1799, 12, 31), 0), (dt.date(2100, 1, 1), 0), (dt.date(1990, 1, 1), 1000)]
)
def test_egn_refuses_what_an_egn_cannot_hold(born: dt.date, serial: int) -> None:
    with pytest.raises(ValueError, match="from 1800 to 2099"):
        egn(born, serial)


def test_the_named_people_follow_the_simulators_rules() -> None:
    alive, dead, nobody = person(living_egn()), person(deceased_egn()), unknown_egn()
    assert alive is not None
    assert alive.death_date is None
    assert dead is not None
    assert dead.death_date is not None
    assert validate_egn(nobody).endswith("0000")
    assert person(nobody) is None


def test_the_named_eiks_follow_the_simulators_rules() -> None:
    assert registered(validate_eik(known_eik()))
    assert not registered(validate_eik(unknown_eik()))


async def test_received_calls_reads_the_journal(app: FastAPI, regix) -> None:
    argument = regix.argument("{http://egov.bg/RegiX/AV/TR/ActualStateRequestV3}ActualStateRequestV3", UIC=known_eik())
    await regix.execute_synchronous("TechnoLogica.RegiX.AVTRAdapter.APIService.ITRAPI.GetActualStateV3", argument)
    [call] = await received_calls("http://regix.test", transport=httpx.ASGITransport(app=app))
    assert (call["action"], call["argument"]) == ("ExecuteSynchronous", known_eik())
