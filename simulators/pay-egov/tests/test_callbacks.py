"""Callbacks: accepted only on 2xx with `"success": true`, retried on pay.egov's schedule, in order."""

import asyncio
import time
from typing import Any

import httpx

from egov_pay_egov_sim.callbacks import retry_after_minutes
from egov_pay_egov_sim.settings import SimulatorSettings
from egov_pay_egov_sim.testing import Ais, CallbackReceiver, eventually, started


def test_the_retry_schedule_is_pay_egovs() -> None:
    waits = [retry_after_minutes(failures) for failures in range(1, 26)]
    assert waits == [1] * 5 + [15] * 4 + [60] * 5 + [180] * 6 + [360] * 4 + [None]


async def callbacks_of(http: httpx.AsyncClient, request_id: str) -> list[dict[str, Any]]:
    callbacks: list[dict[str, Any]] = (await http.get(f"/simulator/payments/{request_id}")).json()["callbacks"]
    return callbacks


async def test_a_failing_receiver_is_retried_until_it_answers_success(
    ais: Ais, http: httpx.AsyncClient, receiver: CallbackReceiver
) -> None:
    receiver.answers.extend([(503, {"success": True}), (200, {"success": False})])
    receipt = await ais.register()
    await http.post(f"/pay/{receipt['AccessCode']}/card")
    await eventually(lambda: len(receiver.received) == 3)
    [callback] = await callbacks_of(http, receipt["Id"])
    assert callback["state"] == "Sent"
    assert callback["failures"] == 2
    assert [attempt["accepted"] for attempt in callback["attempts"]] == [False, False, True]
    assert callback["attempts"][0]["outcome"] == "HTTP 503"
    await asyncio.sleep(0.1)
    assert len(receiver.received) == 3


async def test_a_2xx_answer_without_success_true_is_retried(
    ais: Ais, http: httpx.AsyncClient, receiver: CallbackReceiver
) -> None:
    receiver.answers.extend([(200, "OK"), (204, {}), (200, {"success": "yes"})])
    receipt = await ais.register()
    await http.post(f"/pay/{receipt['AccessCode']}/card")
    await eventually(lambda: len(receiver.received) == 4)
    [callback] = await callbacks_of(http, receipt["Id"])
    assert [attempt["accepted"] for attempt in callback["attempts"]] == [False, False, False, True]
    assert callback["state"] == "Sent"


async def test_success_is_read_as_dotnet_reads_it(
    ais: Ais, http: httpx.AsyncClient, receiver: CallbackReceiver
) -> None:
    receiver.answers.append((200, {"Success": "True"}))
    receipt = await ais.register()
    await http.post(f"/pay/{receipt['AccessCode']}/card")
    await eventually(lambda: len(receiver.received) == 1)
    await asyncio.sleep(0.05)
    [callback] = await callbacks_of(http, receipt["Id"])
    assert callback["state"] == "Sent"
    assert len(receiver.received) == 1


async def test_a_later_status_waits_for_an_earlier_one_being_retried(
    ais: Ais, http: httpx.AsyncClient, receiver: CallbackReceiver
) -> None:
    receiver.answers.extend([(500, {}), (500, {})])
    receipt = await ais.register()
    await http.post(f"/pay/{receipt['AccessCode']}/cancel")
    await ais.call("/api/v1/eService/suspendRequest", {"id": receipt["Id"]})
    await eventually(lambda: len(receiver.received) == 4)
    assert [payload["Status"] for payload in receiver.payloads()] == ["Canceled", "Canceled", "Canceled", "Suspended"]


async def test_delivery_stops_after_25_failures(ais: Ais) -> None:
    minute_s = 0.0005
    receiver = CallbackReceiver()
    receiver.answers.extend([(500, {})] * 30)
    settings = SimulatorSettings(clients={ais.client_id: ais.secret}, retry_minute_s=minute_s)
    async with (
        started(settings, receiver) as app,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pay-egov.test") as http,
    ):
        ais.http, ais.receiver = http, receiver
        receipt = await ais.register()
        began = time.monotonic()
        await http.post(f"/pay/{receipt['AccessCode']}/card")
        await eventually(lambda: len(receiver.received) == 25, timeout_s=10)
        [callback] = await callbacks_of(http, receipt["Id"])
        while callback["state"] != "Terminated" and time.monotonic() - began < 10:
            await asyncio.sleep(0.01)
            [callback] = await callbacks_of(http, receipt["Id"])
        assert callback["state"] == "Terminated"
        assert callback["failures"] == 25
        # NOTE: 5 x 1 + 4 x 15 + 5 x 60 + 6 x 180 + 4 x 360 = 2885 schedule minutes between the attempts.
        assert time.monotonic() - began >= 2885 * minute_s
        await asyncio.sleep(0.05)
        assert len(receiver.received) == 25
