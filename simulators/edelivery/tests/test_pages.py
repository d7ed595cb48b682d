"""The citizen's inbox pages: the identifier form, the table of messages, opening a message by a
form POST (which records dateReceived) and reading it, everything escaped."""

import httpx

from egov_e_delivery_sim.templates import MESSAGE_ATTACHMENTS_FIELD, MESSAGE_BODY_FIELD
from egov_e_delivery_sim.testing import InformationSystem, seed_profile

CITIZEN = "7501010010"


async def test_the_inbox_asks_for_an_identifier(http: httpx.AsyncClient) -> None:
    page = await http.get("/simulator/inbox")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="bg">' in html
    assert '<label for="identifier">' in html
    assert '<input id="identifier" name="identifier" value=""' in html
    assert "<table" not in html
    assert "<script" not in html


async def test_the_inbox_lists_the_messages_to_an_identifier(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    citizen = await seed_profile(http, CITIZEN)
    message_id = await platform.send([citizen["profileId"]])
    html = (await http.get("/simulator/inbox", params={"identifier": CITIZEN})).text
    assert f"<caption>Съобщения до {CITIZEN}" in html
    assert '<th scope="col">Заглавие' in html
    assert f'<th scope="row" id="subject-{message_id}">Издадено удостоверение за наследници</th>' in html
    assert "SOF-2026-000123" in html
    assert "Платформа за електронни административни услуги" in html
    assert "не е отворено" in html
    assert f'action="/simulator/inbox/messages/{message_id}/open"' in html
    assert f'<input type="hidden" name="identifier" value="{CITIZEN}">' in html
    assert 'Отвори <span lang="en">/ Open</span>' in html
    empty = (await http.get("/simulator/inbox", params={"identifier": "8001010011"})).text
    assert "Няма съобщения до 8001010011" in empty


async def test_opening_from_the_inbox_records_the_date_and_shows_the_message(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    citizen = await seed_profile(http, CITIZEN)
    fields = {MESSAGE_BODY_FIELD: "Ред 1\n**Ред 2**", MESSAGE_ATTACHMENTS_FIELD: [7, 8]}
    message_id = await platform.send([citizen["profileId"]], fields=fields)
    response = await http.post(f"/simulator/inbox/messages/{message_id}/open", data={"identifier": CITIZEN})
    assert response.status_code == 303
    assert response.headers["location"] == f"/simulator/inbox/messages/{message_id}?identifier={CITIZEN}"
    view = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    date = view["recipients"][0]["dateReceived"]
    assert date is not None

    html = (await http.get(response.headers["location"])).text
    assert "<h1>Издадено удостоверение за наследници</h1>" in html
    assert f'<time datetime="{date}">' in html
    assert "<dt>Съдържание</dt><dd><pre>Ред 1\n**Ред 2**</pre></dd>" in html
    assert "<dt>Прикачени файлове</dt>" in html
    assert "7, 8" in html
    listed = (await http.get("/simulator/inbox", params={"identifier": CITIZEN})).text
    assert "не е отворено" not in listed

    again = await http.post(f"/simulator/inbox/messages/{message_id}/open", data={"identifier": CITIZEN})
    assert again.status_code == 303
    assert (await platform.get(f"/api/v1/messages/{message_id}/view")).json()["recipients"][0]["dateReceived"] == date


async def test_someone_else_can_neither_open_nor_read_a_message(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    citizen = await seed_profile(http, CITIZEN)
    await seed_profile(http, "8001010011")
    message_id = await platform.send([citizen["profileId"]])
    refused = await http.post(f"/simulator/inbox/messages/{message_id}/open", data={"identifier": "8001010011"})
    assert refused.status_code == 404
    assert "Няма такова съобщение" in refused.text
    assert (await http.post(f"/simulator/inbox/messages/{message_id}/open")).status_code == 404
    page = await http.get(f"/simulator/inbox/messages/{message_id}", params={"identifier": "8001010011"})
    assert page.status_code == 404
    assert (await http.get("/simulator/inbox/messages/999", params={"identifier": CITIZEN})).status_code == 404
    view = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    assert view["recipients"][0]["dateReceived"] is None


async def test_everything_a_sender_or_a_visitor_wrote_is_escaped(
    http: httpx.AsyncClient, platform: InformationSystem
) -> None:
    citizen = await seed_profile(http, CITIZEN)
    hostile = '<script>alert("x")</script> & още'
    message_id = await platform.send(
        [citizen["profileId"]], subject=hostile, rnu="<b>R</b>", fields={MESSAGE_BODY_FIELD: f"<img src=x> {hostile}"}
    )
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; още"
    listed = (await http.get("/simulator/inbox", params={"identifier": CITIZEN})).text
    await http.post(f"/simulator/inbox/messages/{message_id}/open", data={"identifier": CITIZEN})
    shown = (await http.get(f"/simulator/inbox/messages/{message_id}", params={"identifier": CITIZEN})).text
    for html in (listed, shown):
        assert "<script" not in html
        assert escaped in html
        assert "&lt;b&gt;R&lt;/b&gt;" in html
    assert f"<pre>&lt;img src=x&gt; {escaped}</pre>" in shown
    assert "<img" not in shown
    visitor = (await http.get("/simulator/inbox", params={"identifier": '"><script>x</script>'})).text
    assert "<script" not in visitor
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in visitor
