"""Mailpit-like search terms: to:, from:, subject:, message-id: and bare words, all of which must match."""

from typing import Any

import httpx

from egov_mail_sim.search import Term, parse_query


async def found(http: httpx.AsyncClient, query: str) -> list[str]:
    response = await http.get("/api/v1/search", params={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["messages_count"] == body["count"] == len(body["messages"])
    return [summary["Subject"] for summary in body["messages"]]


def test_a_query_is_read_into_terms() -> None:
    terms = parse_query('to:Ivan@Example.bg subject:"Две думи" message-id:<a@b> Пловдив https://x.bg/a "a phrase"')
    assert terms == [
        Term("to", "ivan@example.bg"),
        Term("subject", "две думи"),
        Term("message-id", "a@b"),
        Term("", "пловдив"),
        Term("", "https://x.bg/a"),
        Term("", "a phrase"),
    ]
    assert parse_query("  ") == []


async def test_each_term_finds_its_messages_and_all_terms_must_match(http: httpx.AsyncClient, sender) -> None:
    await sender.send(
        sender.letter(
            to=["ivan.petrov@example.bg"],
            subject="Заявление № 1: прието",
            text="Община Пловдив прие заявлението.",
            message_id="<first@plovdiv.example.bg>",
        )
    )
    await sender.send(
        sender.letter(
            to=["maria.ivanova@example.bg"],
            subject="Заявление № 2: отказ",
            text="Община Варна отказа.",
            message_id="<second@varna.example.bg>",
        )
    )
    await sender.send(
        sender.letter(to=["ivan.petrov@example.bg"], subject="Бюлетин", text="Новини."),
        recipients=["ivan.petrov@example.bg", "hidden.copy@example.bg"],
    )
    assert await found(http, "to:maria.ivanova@example.bg") == ["Заявление № 2: отказ"]
    assert await found(http, "to:IVAN.PETROV") == ["Бюлетин", "Заявление № 1: прието"]
    assert await found(http, "to:hidden.copy@example.bg") == ["Бюлетин"]
    assert await found(http, "from:no-reply@plovdiv") == ["Бюлетин", "Заявление № 2: отказ", "Заявление № 1: прието"]
    assert await found(http, 'subject:"заявление № 1"') == ["Заявление № 1: прието"]
    assert await found(http, "subject:отказ") == ["Заявление № 2: отказ"]
    assert await found(http, "message-id:<second@varna.example.bg>") == ["Заявление № 2: отказ"]
    assert await found(http, "message-id:first@plovdiv.example.bg") == ["Заявление № 1: прието"]
    assert await found(http, "message-id:first@plovdiv") == []
    assert await found(http, "ПЛОВДИВ") == ["Заявление № 1: прието"]
    assert await found(http, "to:ivan.petrov@example.bg новини") == ["Бюлетин"]
    assert await found(http, "to:maria.ivanova@example.bg пловдив") == []


async def test_search_answers_in_the_shape_of_the_message_list(http: httpx.AsyncClient, sender) -> None:
    for number in range(3):
        await sender.send(sender.letter(subject=f"Известие {number}"))
    await sender.send(sender.letter(subject="Друго"))
    body = (await http.get("/api/v1/search", params={"query": "известие", "start": 1, "limit": 1})).json()
    assert (body["total"], body["messages_count"], body["count"], body["start"]) == (4, 3, 1, 1)
    assert [summary["Subject"] for summary in body["messages"]] == ["Известие 1"]
    assert set(body["messages"][0]) == {"ID", "MessageID", "From", "To", "Subject", "Created", "Size", "Attachments"}
    missing = await http.get("/api/v1/search")
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "query"
