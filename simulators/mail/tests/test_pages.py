"""The web pages: the list of messages, one message with its parts, deleting all; everything escaped."""

from urllib.parse import quote

import httpx

HOSTILE_SUBJECT = 'Заявление <script>alert("x")</script> & още'


async def test_the_list_shows_each_message_escaped_in_bulgarian_and_english(http: httpx.AsyncClient, sender) -> None:
    await sender.send(sender.letter(subject=HOSTILE_SUBJECT, to=["ivan.petrov@example.bg"]))
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    page = await http.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert '<html lang="bg">' in html
    assert "<script>" not in html
    assert "Заявление &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; още" in html
    assert f'<a href="/view/{quote(summary["ID"], safe="")}">' in html
    assert "Община Пловдив &lt;no-reply@plovdiv.example.bg&gt;" in html
    assert '<th scope="col">' in html
    assert "<caption>Писма 1–1 от 1" in html
    assert '<label for="query">' in html
    assert "Изтрий всички" in html
    assert '<span lang="en">/ Delete all</span>' in html


async def test_the_list_is_searched_and_paged_without_javascript(http: httpx.AsyncClient, sender) -> None:
    for number in range(52):
        await sender.send(sender.letter(subject=f"Известие {number}", to=["ivan.petrov@example.bg"]))
    await sender.send(sender.letter(subject="Друго писмо", to=["maria.ivanova@example.bg"]))
    first = (await http.get("/")).text
    assert "Писма 1–50 от 53" in first
    assert '<a href="/?start=50">' in first
    searched = (await http.get("/", params={"query": "to:ivan.petrov"})).text
    assert "Писма 1–50 от 52" in searched
    assert "Друго писмо" not in searched
    assert 'value="to:ivan.petrov"' in searched
    assert '<a href="/?start=50&amp;query=to%3Aivan.petrov">' in searched
    rest = (await http.get("/", params={"query": "to:ivan.petrov", "start": 50})).text
    assert "Писма 51–52 от 52" in rest
    assert "Известие 0<" in rest
    assert '<a href="/?start=0&amp;query=to%3Aivan.petrov">' in rest


async def test_a_message_shows_its_headers_text_and_sandboxed_html(http: httpx.AsyncClient, sender) -> None:
    letter = sender.letter(
        subject=HOSTILE_SUBJECT,
        to=["Иван <ivan.petrov@example.bg>"],
        text="Ред 1 <не е таг>\nРед 2",
        html='<p onclick="x()">Здравейте, <b>Иван</b> &amp; "сие"</p><script>alert(1)</script>',
        Date="Mon, 02 Mar 2026 10:15:00 +0200",
    )
    await sender.send(letter)
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    page = await http.get(f"/view/{quote(summary['ID'], safe='')}")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="bg">' in html
    assert "<script>" not in html
    assert "<h1>Заявление &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; още</h1>" in html
    assert "Иван &lt;ivan.petrov@example.bg&gt;" in html
    assert '<time datetime="2026-03-02T10:15:00+02:00">' in html
    assert "<pre>Ред 1 &lt;не е таг&gt;\nРед 2\n</pre>" in html
    assert (
        '<iframe sandbox srcdoc="&lt;p onclick=&quot;x()&quot;&gt;Здравейте, &lt;b&gt;Иван&lt;/b&gt; '
        '&amp;amp; &quot;сие&quot;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n"'
    ) in html
    assert 'title="HTML частта на писмото / The HTML part of the message"' in html
    assert f'href="/api/v1/message/{quote(summary["ID"], safe="")}/raw"' in html


async def test_a_message_without_an_html_part_says_so(http: httpx.AsyncClient, sender) -> None:
    await sender.send(sender.letter(html=None))
    [summary] = (await http.get("/api/v1/messages")).json()["messages"]
    html = (await http.get(f"/view/{quote(summary['ID'], safe='')}")).text
    assert "Писмото няма HTML част." in html
    assert "<iframe" not in html


async def test_delete_all_redirects_to_an_empty_list(http: httpx.AsyncClient, sender) -> None:
    await sender.send(sender.letter())
    deleted = await http.post("/delete")
    assert deleted.status_code == 303
    assert deleted.headers["location"] == "/"
    html = (await http.get("/")).text
    assert "Няма писма." in html
    assert "<table>" not in html


async def test_an_unknown_message_is_a_404_page(http: httpx.AsyncClient) -> None:
    page = await http.get("/view/no-such-message")
    assert page.status_code == 404
    assert '<html lang="bg">' in page.text
    assert "Няма такова писмо." in page.text
