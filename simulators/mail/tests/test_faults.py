"""Injected faults: temporary and permanent refusals at DATA, or at one recipient's RCPT, for a number
of transactions or until cleared."""

import asyncio
from typing import Any

import aiosmtplib
import httpx
import pytest
from fastapi import FastAPI


async def active_faults(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    faults: list[dict[str, Any]] = (await http.get("/simulator/faults")).json()["faults"]
    return faults


async def test_a_counted_fault_refuses_that_many_transactions_then_mail_goes_through(
    http: httpx.AsyncClient, sender
) -> None:
    added = await http.post("/simulator/faults", json={"code": 451, "count": 2})
    assert added.status_code == 201
    assert added.json() == {
        "code": 451,
        "message": "4.3.0 Local error in processing, try again later (simulated)",
        "count": 2,
        "recipient": None,
    }
    with pytest.raises(aiosmtplib.SMTPResponseException) as first:
        await sender.send(sender.letter())
    assert first.value.code == 451
    assert first.value.message.startswith("4.3.0 ")
    assert [fault["count"] for fault in await active_faults(http)] == [1]
    with pytest.raises(aiosmtplib.SMTPResponseException) as second:
        await sender.send(sender.letter())
    assert second.value.code == 451
    assert await active_faults(http) == []
    assert await sender.send(sender.letter()) == {}
    assert (await http.get("/api/v1/messages")).json()["total"] == 1


async def test_a_permanent_fault_with_its_own_text_lasts_until_cleared(http: httpx.AsyncClient, sender) -> None:
    await http.post("/simulator/faults", json={"code": 554, "message": "5.7.1 Rejected as spam"})
    for _ in range(3):
        with pytest.raises(aiosmtplib.SMTPResponseException) as refused:
            await sender.send(sender.letter())
        assert (refused.value.code, refused.value.message) == (554, "5.7.1 Rejected as spam")
    cleared = await http.delete("/simulator/faults")
    assert cleared.status_code == 204
    assert await active_faults(http) == []
    assert await sender.send(sender.letter()) == {}


async def test_a_recipient_fault_refuses_only_that_address(http: httpx.AsyncClient, sender) -> None:
    await http.post("/simulator/faults", json={"code": 550, "recipient": "<Maria.Ivanova@example.bg>"})
    refused = await sender.send(sender.letter(to=["ivan.petrov@example.bg", "maria.ivanova@example.bg"]))
    assert list(refused) == ["maria.ivanova@example.bg"]
    assert refused["maria.ivanova@example.bg"].code == 550
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    message = (await http.get(f"/api/v1/message/{summary['ID']}")).json()
    assert message["Headers"]["X-Envelope-To"] == ["ivan.petrov@example.bg"]

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as everyone_refused:
        await sender.send(sender.letter(to=["maria.ivanova@example.bg"]))
    assert [recipient.code for recipient in everyone_refused.value.recipients] == [550]
    assert await active_faults(http) == [
        {
            "code": 550,
            "message": "5.1.1 Mailbox unavailable (simulated)",
            "count": None,
            "recipient": "Maria.Ivanova@example.bg",
        }
    ]


async def test_a_counted_recipient_fault_is_used_up_by_that_recipient_only(http: httpx.AsyncClient, sender) -> None:
    await http.post("/simulator/faults", json={"code": 452, "count": 1, "recipient": "maria.ivanova@example.bg"})
    assert await sender.send(sender.letter(to=["ivan.petrov@example.bg"])) == {}
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await sender.send(sender.letter(to=["maria.ivanova@example.bg"]))
    assert refused.value.recipients[0].code == 452
    assert await sender.send(sender.letter(to=["maria.ivanova@example.bg"])) == {}
    assert (await http.get("/api/v1/messages")).json()["total"] == 2


async def _reply(reader: asyncio.StreamReader) -> bytes:
    """One SMTP reply, through its last line (`250 ...` after any `250-...`)."""
    while True:
        line = await asyncio.wait_for(reader.readline(), 5)
        if line[3:4] != b"-":
            return line


async def test_a_421_closes_the_connection_after_its_reply(http: httpx.AsyncClient, app: FastAPI) -> None:
    await http.post("/simulator/faults", json={"code": 421, "count": 1})
    reader, writer = await asyncio.open_connection("127.0.0.1", app.state.smtp_port)
    try:
        assert (await _reply(reader)).startswith(b"220 ")
        for command, expected in [
            (b"EHLO tests.example.bg", b"250 "),
            (b"MAIL FROM:<no-reply@example.bg>", b"250 "),
            (b"RCPT TO:<ivan.petrov@example.bg>", b"250 "),
            (b"DATA", b"354 "),
            (b"Subject: x\r\n\r\nbody\r\n.", b"421 4.3.2 "),
        ]:
            writer.write(command + b"\r\n")
            assert (await _reply(reader)).startswith(expected), command
        assert await asyncio.wait_for(reader.read(), 5) == b""
    finally:
        writer.close()


@pytest.mark.parametrize(
    "fault",
    [
        {"code": 250},
        {"code": "451"},
        {"code": 451, "count": 0},
        {"code": 451, "message": "4.3.0 busy\r\n250 OK"},
        {"code": 451, "message": "зает"},
        {"code": 451, "recipient": ""},
        {"code": 451, "after": 2},
    ],
)
async def test_an_invalid_fault_is_refused_as_a_problem(http: httpx.AsyncClient, fault: dict[str, Any]) -> None:
    response = await http.post("/simulator/faults", json=fault)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert await active_faults(http) == []
