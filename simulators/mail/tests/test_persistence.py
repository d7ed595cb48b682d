"""Messages survive a restart: the Maildir is read again and indexed when the simulator starts."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

from egov_mail_sim.settings import MailSimSettings
from egov_mail_sim.testing import started


@contextlib.asynccontextmanager
async def running(settings: MailSimSettings, sender_for: Any) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    async with (
        started(settings) as app,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mail.test") as http,
    ):
        yield http, sender_for(app)


async def subjects(http: httpx.AsyncClient) -> list[str]:
    return [summary["Subject"] for summary in (await http.get("/api/v1/messages")).json()["messages"]]


async def test_a_message_is_still_there_after_a_restart_and_new_ones_come_first(
    settings: MailSimSettings, sender_for
) -> None:
    async with running(settings, sender_for) as (http, sender):
        await sender.send(sender.letter(subject="Преди рестарта"))
        await sender.send(sender.letter(subject="Също преди рестарта"))
        before = (await http.get("/api/v1/messages")).json()["messages"]

    async with running(settings, sender_for) as (http, sender):
        assert (await http.get("/api/v1/messages")).json()["messages"] == before
        detail = (await http.get(f"/api/v1/message/{before[1]['ID']}")).json()
        assert detail["Subject"] == "Преди рестарта"
        assert detail["Text"].startswith("Здравейте,")
        await sender.send(sender.letter(subject="След рестарта"))
        assert await subjects(http) == ["След рестарта", "Също преди рестарта", "Преди рестарта"]
        found = (await http.get("/api/v1/search", params={"query": 'subject:"също преди"'})).json()
        assert [summary["ID"] for summary in found["messages"]] == [before[0]["ID"]]
        await http.delete("/api/v1/messages")

    async with running(settings, sender_for) as (http, _):
        assert await subjects(http) == []
