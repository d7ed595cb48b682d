"""A simulated outage, the simulator's own control endpoints, settings and health."""

import asyncio

import httpx
import pytest

from egov_e_delivery_sim.settings import LOCAL_SENDER_OID, LOCAL_SENDERS, EDeliverySimSettings
from egov_e_delivery_sim.testing import InformationSystem, seed_profile


async def test_an_outage_answers_every_api_call_503_until_it_is_ended(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    started = await http.post("/simulator/outage", json={"seconds": 60})
    assert started.status_code == 200
    assert started.json()["active"] is True
    for response in (
        await platform.get("/api/v1/templates"),
        await platform.post("/api/v1/messages", platform.message([1])),
        await http.get("/api/v1/templates"),
    ):
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == "Service Unavailable"
        assert 0 < int(response.headers["retry-after"]) <= 60
    for path in ("/health/live", "/health/ready"):
        assert (await http.get(path)).status_code == 200
    assert (await http.get("/simulator/inbox")).status_code == 200
    ended = await http.delete("/simulator/outage")
    assert ended.json() == {"active": False, "endsAt": None}
    assert (await platform.get("/api/v1/templates")).status_code == 200


async def test_an_outage_ends_by_itself(http: httpx.AsyncClient, platform: InformationSystem) -> None:
    await http.post("/simulator/outage", json={"seconds": 0.05})
    assert (await platform.get("/api/v1/templates")).status_code == 503
    await asyncio.sleep(0.1)
    assert (await platform.get("/api/v1/templates")).status_code == 200


@pytest.mark.parametrize("body", [{"seconds": 0}, {"seconds": -1}, {"seconds": "soon"}, {}, {"seconds": 1e9}])
async def test_an_outage_needs_a_positive_duration(http: httpx.AsyncClient, body: dict[str, object]) -> None:
    response = await http.post("/simulator/outage", json=body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["seconds"]


async def test_the_control_lists_a_recipients_messages_and_opens_one(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    citizen = await seed_profile(http, "7501010010")
    first = await platform.send([citizen["profileId"]], subject="Първо")
    second = await platform.send([citizen["profileId"]], subject="Второ")
    listed = (await http.get("/simulator/messages", params={"identifier": "7501010010"})).json()
    assert [(item["messageId"], item["dateReceived"]) for item in listed] == [(second, None), (first, None)]
    assert listed[0]["recipientProfileId"] == citizen["profileId"]

    opened = await http.post(f"/simulator/messages/{first}/open", params={"identifier": "7501010010"})
    assert opened.status_code == 200
    date = opened.json()["dateReceived"]
    assert date is not None
    view = (await platform.get(f"/api/v1/messages/{first}/view")).json()
    assert view["recipients"][0]["dateReceived"] == date
    relisted = (await http.get("/simulator/messages", params={"identifier": "7501010010"})).json()
    assert [item["dateReceived"] for item in relisted] == [None, date]

    stranger = await http.post(f"/simulator/messages/{first}/open", params={"identifier": "8001010011"})
    assert stranger.status_code == 404
    assert (await http.get("/simulator/messages", params={"identifier": "8001010011"})).json() == []
    assert (await http.get("/simulator/messages")).status_code == 400


async def test_unknown_routes_are_problems_too(http: httpx.AsyncClient, platform: InformationSystem) -> None:
    response = await platform.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"
    assert (await platform.http.delete("/api/v1/templates", headers=platform.headers())).status_code == 405


async def test_health(http: httpx.AsyncClient) -> None:
    for path in ("/health/live", "/health/ready"):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTP_PORT", raising=False)
    monkeypatch.delenv("EDELIVERY_SIM_SENDERS", raising=False)
    defaults = EDeliverySimSettings()
    assert (defaults.http_host, defaults.http_port, defaults.senders) == ("127.0.0.1", 8021, LOCAL_SENDERS)
    assert LOCAL_SENDERS == {LOCAL_SENDER_OID: "Платформа за електронни административни услуги (локална)"}
    monkeypatch.setenv("HTTP_PORT", "9121")
    monkeypatch.setenv("EDELIVERY_SIM_SENDERS", '{"2.16.100.1.1.1.1.5": "Община Русе"}')
    monkeypatch.setenv("EDELIVERY_SIM_LOG_LEVEL", "DEBUG")
    settings = EDeliverySimSettings()
    assert (settings.http_port, settings.senders, settings.log_level) == (
        9121,
        {"2.16.100.1.1.1.1.5": "Община Русе"},
        "DEBUG",
    )


@pytest.mark.parametrize("senders", ['{"not-an-oid": "Община"}', '{"2.16.100.1": " "}', "{}"])
def test_senders_must_be_oids_with_names(monkeypatch: pytest.MonkeyPatch, senders: str) -> None:
    monkeypatch.setenv("EDELIVERY_SIM_SENDERS", senders)
    with pytest.raises(ValueError, match="senders"):
        EDeliverySimSettings()
