"""With REGIX_SIM_ASYNC_DELAY_S, an Execute's result is not ready until the delay has passed."""

import asyncio

import pytest
from fastapi import FastAPI

from egov_regix_sim.app import create_app
from egov_regix_sim.settings import RegixSimSettings
from egov_regix_sim.testing import living_egn

PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"


@pytest.fixture
def app() -> FastAPI:
    return create_app(RegixSimSettings(async_delay_s=0.2))


async def test_a_result_is_not_ready_until_the_configured_delay_has_passed(regix) -> None:
    argument = regix.argument(PERSON_REQUEST, EGN=living_egn())
    call_id = (await regix.service.Execute(request=regix.request(PERSON, argument))).ServiceCallID
    pending = await regix.service.CheckResult(argument={"ServiceCallID": call_id})
    assert (pending.IsReady, pending.HasError, pending.ServiceCallID) == (False, False, call_id)
    assert pending.Data.Response is None  # NOTE: `Data xsi:nil`, which zeep reads as an empty DataContainer
    await asyncio.sleep(0.25)
    ready = await regix.service.CheckResult(argument={"ServiceCallID": call_id})
    assert ready.IsReady
    assert ready.Data.Response._value_1.tag == "{http://egov.bg/RegiX/GRAO/NBD/PersonDataResponse}PersonDataResponse"
