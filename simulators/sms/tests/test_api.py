"""msghub's /bulknew: the signature, the validation of each field, and the answer to a good call."""

import json
import uuid
from typing import Any

import httpx
import pytest

from egov_sms_sim.signing import sign


async def stored(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = (await http.get("/simulator/messages")).json()
    return messages


async def test_a_signed_message_is_accepted_with_its_id_parts_and_encoding(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    response = await http.post("/bulknew", json=sms)
    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["message"], body["parts"], body["encoding"]) == (0, "OK", 1, "UCS-2")
    assert uuid.UUID(body["msg_id"]).version == 4
    [message] = await stored(http)
    assert message["msg_id"] == body["msg_id"]
    assert message["text"] == sms["text"]
    assert message["api_key"] == "notifications"


async def test_a_long_latin_text_is_counted_in_gsm7_parts(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    response = await http.post("/bulknew", json={**sms, "text": "Vashiyat kod e 123456. " * 7})
    assert (response.json()["parts"], response.json()["encoding"]) == (2, "GSM-7")


async def test_each_client_signs_with_its_own_secret(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    response = await http.post("/bulknew", json=sms, headers={"x-api-key": "other-service"})
    assert response.status_code == 200
    assert [message["api_key"] for message in await stored(http)] == ["other-service"]


async def test_a_signature_under_another_clients_secret_is_refused(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    body = json.dumps(sms).encode()
    headers = {"x-api-key": "other-service", "x-api-sign": sign("notifications-secret", body)}
    response = await http.post("/bulknew", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == 401
    assert "x-api-sign" in response.json()["message"]
    assert await stored(http) == []


async def test_the_signature_covers_the_raw_bytes_not_a_reserialisation(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    signature = sign("notifications-secret", json.dumps(sms, separators=(",", ":")).encode())
    spaced = json.dumps(sms, indent=2).encode()
    headers = {"x-api-key": "notifications", "x-api-sign": signature}
    assert (await http.post("/bulknew", content=spaced, headers=headers)).status_code == 401
    headers["x-api-sign"] = sign("notifications-secret", spaced)
    assert (await http.post("/bulknew", content=spaced, headers=headers)).status_code == 200


async def test_an_unknown_key_is_refused(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    response = await http.post("/bulknew", json=sms, headers={"x-api-key": "nobody"})
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Unknown x-api-key 'nobody'."}


@pytest.mark.parametrize(
    "headers", [{}, {"x-api-key": "notifications"}, {"x-api-sign": "00" * 64}], ids=["none", "no-sign", "no-key"]
)
async def test_missing_headers_are_refused(
    unsigned: httpx.AsyncClient, sms: dict[str, Any], headers: dict[str, str]
) -> None:
    response = await unsigned.post("/bulknew", json=sms, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "The headers x-api-key and x-api-sign are required."}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("msisdn", "0888123456"),
        ("msisdn", "+0359888123456"),
        ("msisdn", "+359 888 123456"),
        ("msisdn", "+3598881"),
        ("msisdn", "+3598881234567890"),
        ("msisdn", "+359888123456\n"),
        ("msisdn", 359888123456),
        ("sc", ""),
        ("sc", "A" * 17),
        ("sc", "eAuth-2FA"),
        ("sc", 1917),
        ("text", ""),
        ("text", "x" * 1531),
        ("text", None),
        ("service_id", 0),
        ("service_id", "7"),
        ("service_id", 7.5),
        ("service_id", True),
        ("priority", "low"),
        ("priority", "HIGH"),
    ],
)
async def test_an_invalid_field_is_refused_naming_it(
    http: httpx.AsyncClient, sms: dict[str, Any], field: str, value: Any
) -> None:
    response = await http.post("/bulknew", json={**sms, field: value})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 400
    assert body["message"].startswith(f"Invalid '{field}': expected ")
    assert await stored(http) == []


@pytest.mark.parametrize("field", ["msisdn", "sc", "text", "service_id"])
async def test_a_missing_field_is_refused_naming_it(http: httpx.AsyncClient, sms: dict[str, Any], field: str) -> None:
    response = await http.post("/bulknew", json={name: value for name, value in sms.items() if name != field})
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"Missing '{field}': expected ")


async def test_every_wrong_field_is_named_and_an_unknown_one_too(http: httpx.AsyncClient) -> None:
    response = await http.post("/bulknew", json={"msisdn": "0888", "message": "hi", "service_id": 0})
    assert response.status_code == 400
    message = response.json()["message"]
    named = ["Invalid 'msisdn'", "Missing 'sc'", "Missing 'text'", "Invalid 'service_id'", "Unknown field 'message'"]
    assert [part for part in named if part in message] == named


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b""])
async def test_a_body_that_is_not_a_json_object_is_refused(http: httpx.AsyncClient, body: bytes) -> None:
    response = await http.post("/bulknew", content=body)
    assert response.status_code == 400
    assert response.json()["message"].startswith("The body is not a JSON object")


async def test_the_limits_themselves_and_high_priority_are_accepted(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    limits = {"msisdn": "+359888123456789", "sc": "A" * 16, "text": "x" * 1530, "priority": "high"}
    response = await http.post("/bulknew", json={**sms, **limits})
    assert response.status_code == 200
    assert (response.json()["parts"], response.json()["encoding"]) == (10, "GSM-7")
    [message] = await stored(http)
    assert {name: message[name] for name in limits} == limits
