"""The inbox page: messages as a phone lists them, escaped, in Bulgarian and English."""

from typing import Any

import httpx


async def test_the_page_lists_messages_escaped_newest_first(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    await http.post("/bulknew", json={**sms, "text": "Първо съобщение"})
    await http.post("/bulknew", json={**sms, "text": 'Код <script>alert("x")</script> & още'})
    page = await http.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="bg">' in html
    assert "<script" not in html
    assert "Код &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; още" in html
    assert html.index("Код &lt;script&gt;") < html.index("Първо съобщение")
    assert "<h1>Получени SMS" in html
    assert "<caption>Съобщения: 2" in html
    assert html.count('<th scope="col">') == 5
    assert '<label for="msisdn">' in html
    assert '<input id="msisdn" name="msisdn"' in html
    assert "+359888123456" in html
    assert "1 (UCS-2)" in html
    assert "Received SMS" in html


async def test_the_page_filters_by_number_and_escapes_the_filter(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    await http.post("/bulknew", json={**sms, "msisdn": "+359888123456", "text": "за Иван"})
    await http.post("/bulknew", json={**sms, "msisdn": "+359899654321", "text": "за Мария"})
    html = (await http.get("/", params={"msisdn": "+359899654321"})).text
    assert "за Мария" in html
    assert "за Иван" not in html
    assert 'value="+359899654321"' in html
    forged = (await http.get("/", params={"msisdn": '"><script>x</script>'})).text
    assert "<script" not in forged
    assert 'value="+&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in forged


async def test_an_empty_inbox_says_so(http: httpx.AsyncClient) -> None:
    html = (await http.get("/")).text
    assert "Няма получени съобщения." in html
    assert "<table>" not in html
