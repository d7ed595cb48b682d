"""A message sent over real SMTP, read back through the Mailpit-shaped API: listed, decoded, raw, deleted."""

import datetime as dt

import httpx


async def test_a_multipart_message_to_two_recipients_is_listed_and_read_back_decoded(
    http: httpx.AsyncClient, sender
) -> None:
    letter = sender.letter(
        to=["Иван Петров <ivan.petrov@example.bg>", "maria.ivanova@example.bg"],
        subject="Заявление № 42: прието",
        text="Здравейте,\nвашето заявление е прието в Община Пловдив.",
        html="<p>Вашето заявление е <b>прието</b>.</p>",
        message_id="<notice-42@plovdiv.example.bg>",
        Cc="Деловодство <office@plovdiv.example.bg>",
        Reply_To="office@plovdiv.example.bg",
        Date="Mon, 02 Mar 2026 10:15:00 +0200",
    )
    assert await sender.send(letter) == {}

    listing = (await http.get("/api/v1/messages")).json()
    assert (listing["total"], listing["messages_count"], listing["count"], listing["start"]) == (1, 1, 1, 0)
    [summary] = listing["messages"]
    assert summary["MessageID"] == "notice-42@plovdiv.example.bg"
    assert summary["From"] == {"Name": "Община Пловдив", "Address": "no-reply@plovdiv.example.bg"}
    assert summary["To"] == [
        {"Name": "Иван Петров", "Address": "ivan.petrov@example.bg"},
        {"Name": "", "Address": "maria.ivanova@example.bg"},
    ]
    assert summary["Subject"] == "Заявление № 42: прието"
    assert summary["Attachments"] == 0
    assert summary["Size"] > 300
    created = dt.datetime.fromisoformat(summary["Created"])
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)

    response = await http.get(f"/api/v1/message/{summary['ID']}")
    assert response.status_code == 200
    message = response.json()
    assert {key: message[key] for key in summary} == summary
    assert message["Text"] == "Здравейте,\nвашето заявление е прието в Община Пловдив.\n"
    assert message["HTML"] == "<p>Вашето заявление е <b>прието</b>.</p>\n"
    assert message["Cc"] == [{"Name": "Деловодство", "Address": "office@plovdiv.example.bg"}]
    assert message["ReplyTo"] == [{"Name": "", "Address": "office@plovdiv.example.bg"}]
    assert message["Date"] == "2026-03-02T10:15:00+02:00"
    headers = message["Headers"]
    assert headers["Return-Path"] == ["<no-reply@plovdiv.example.bg>"]
    assert headers["X-Envelope-To"] == [
        "ivan.petrov@example.bg",
        "maria.ivanova@example.bg",
        "office@plovdiv.example.bg",
    ]
    assert headers["Received"][0].startswith("from tests.example.bg ([127.0.0.1]) by egov-mail-sim with ESMTP; ")
    assert headers["Subject"] == ["Заявление № 42: прието"]


async def test_envelope_recipients_beyond_the_headers_and_attachments_are_recorded(
    http: httpx.AsyncClient, sender
) -> None:
    letter = sender.letter(to=["ivan.petrov@example.bg"])
    letter.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf", filename="удостоверение.pdf")
    await sender.send(letter, recipients=["ivan.petrov@example.bg", "archive@example.bg"])
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    assert summary["Attachments"] == 1
    message = (await http.get(f"/api/v1/message/{summary['ID']}")).json()
    assert message["Headers"]["X-Envelope-To"] == ["ivan.petrov@example.bg", "archive@example.bg"]
    assert "прието" in message["Text"]
    assert message["Date"] is None


async def test_raw_utf8_headers_sent_with_smtputf8_come_out_right(http: httpx.AsyncClient, sender) -> None:
    raw = (
        "From: Иван Петров <ivan.petrov@example.bg>\r\n"
        "To: Мария <maria.ivanova@example.bg>\r\n"
        "Subject: Писмо без кодиране\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        "Текст на кирилица.\r\n"
    ).encode()
    await sender.send(
        raw, sender="ivan.petrov@example.bg", recipients=["maria.ivanova@example.bg"], mail_options=["SMTPUTF8"]
    )
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    assert summary["From"] == {"Name": "Иван Петров", "Address": "ivan.petrov@example.bg"}
    assert summary["To"] == [{"Name": "Мария", "Address": "maria.ivanova@example.bg"}]
    assert summary["Subject"] == "Писмо без кодиране"
    message = (await http.get(f"/api/v1/message/{summary['ID']}")).json()
    assert message["Text"] == "Текст на кирилица.\n"
    assert message["HTML"] == ""


async def test_messages_are_listed_newest_first_a_page_at_a_time(http: httpx.AsyncClient, sender) -> None:
    for number in range(1, 4):
        await sender.send(sender.letter(subject=f"Писмо {number}"))
    first = (await http.get("/api/v1/messages", params={"limit": 2})).json()
    assert [summary["Subject"] for summary in first["messages"]] == ["Писмо 3", "Писмо 2"]
    assert (first["total"], first["count"]) == (3, 2)
    rest = (await http.get("/api/v1/messages", params={"start": 2, "limit": 2})).json()
    assert [summary["Subject"] for summary in rest["messages"]] == ["Писмо 1"]
    assert (rest["total"], rest["count"], rest["start"]) == (3, 1, 2)
    refused = await http.get("/api/v1/messages", params={"limit": 0})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"


async def test_the_raw_message_is_served_as_stored_text(http: httpx.AsyncClient, sender) -> None:
    await sender.send(sender.letter(subject="Изходен текст"))
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    raw = await http.get(f"/api/v1/message/{summary['ID']}/raw")
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "text/plain; charset=utf-8"
    assert raw.text.startswith("Return-Path: <no-reply@plovdiv.example.bg>\nX-Envelope-To: ivan.petrov@example.bg\n")
    assert "Subject: =?utf-8?" in raw.text
    assert len(raw.content) == summary["Size"]


async def test_delete_all_empties_the_mailbox(http: httpx.AsyncClient, sender, settings) -> None:
    await sender.send(sender.letter())
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    deleted = await http.delete("/api/v1/messages")
    assert (deleted.status_code, deleted.text) == (200, "ok")
    assert (await http.get("/api/v1/messages")).json()["total"] == 0
    assert (await http.get(f"/api/v1/message/{summary['ID']}")).status_code == 404
    assert not any((settings.directory / "new").iterdir())


async def test_an_unknown_or_malformed_id_is_a_404_problem_and_reaches_no_file(
    http: httpx.AsyncClient, sender, settings
) -> None:
    await sender.send(sender.letter())
    secret = settings.directory.parent / "secret.txt"
    secret.write_text("not mail")
    (settings.directory / "new" / "dropped-later").write_text("Subject: not indexed\n\nx\n")
    for key in ["no-such-message", "..%2Fsecret.txt", "%2E%2E", "new", "cur", ".hidden", "dropped-later", "a%5C..%5Cb"]:
        for path in (f"/api/v1/message/{key}", f"/api/v1/message/{key}/raw"):
            response = await http.get(path)
            assert response.status_code == 404, path
            assert response.headers["content-type"] == "application/problem+json", path
            assert response.json()["status"] == 404
            assert "not mail" not in response.text
