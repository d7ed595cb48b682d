"""The inbox page: every accepted message, newest first, as a phone's inbox would list them.

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from egov_sms_sim.inbox import Inbox, Message, wanted_msisdn

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Получени SMS / Received SMS: SMS доставчик (симулатор)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }}
table {{ border-collapse: collapse; width: 100%; }} caption {{ text-align: left; font-weight: bold; }}
th, td {{ border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }}
.text {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
input, button {{ font-size: 1rem; padding: .3rem .5rem; }}
</style>
</head>
<body>
<main>
<p class="note">Симулатор на SMS доставчик: не се изпращат истински SMS.
<span lang="en">An SMS provider simulator: no real SMS is sent.</span></p>
<h1>Получени SMS <span lang="en">/ Received SMS</span></h1>
<form method="get" action="/">
<label for="msisdn">Телефонен номер <span lang="en">(Phone number)</span></label>
<input id="msisdn" name="msisdn" type="tel" value="{msisdn}" placeholder="+359888123456">
<button type="submit">Покажи <span lang="en">/ Show</span></button>
</form>
{content}
</main>
</body>
</html>
"""

_TABLE = """<table>
<caption>{caption}</caption>
<thead><tr>
<th scope="col">Получено <span lang="en">(Received)</span></th>
<th scope="col">До <span lang="en">(To)</span></th>
<th scope="col">Подател <span lang="en">(Sender)</span></th>
<th scope="col">Текст <span lang="en">(Text)</span></th>
<th scope="col">Части <span lang="en">(Parts)</span></th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>"""

_ROW = """<tr>
<td><time datetime="{at}">{at_text}</time></td>
<td>{msisdn}</td>
<td>{sc}</td>
<td class="text">{text}</td>
<td>{parts} ({encoding})</td>
</tr>"""

_EMPTY = "<p>Няма получени съобщения. <span lang='en'>No messages received.</span></p>"


def _row(message: Message) -> str:
    return _ROW.format(
        at=escape(message.received_at.isoformat(timespec="seconds")),
        at_text=escape(message.received_at.strftime("%d.%m.%Y %H:%M:%S UTC")),
        msisdn=escape(message.msisdn),
        sc=escape(message.sc),
        text=escape(message.text),
        parts=message.parts,
        encoding=escape(message.encoding.value),
    )


def render(messages: list[Message], msisdn: str | None) -> str:
    if messages:
        caption = f"Съобщения: {len(messages)} <span lang='en'>(messages, newest first)</span>"
        content = _TABLE.format(caption=caption, rows="\n".join(_row(message) for message in messages))
    else:
        content = _EMPTY
    return _PAGE.format(msisdn=escape(msisdn or ""), content=content)


def page_router(inbox: Inbox) -> APIRouter:
    router = APIRouter(tags=["inbox page"])

    @router.get("/", response_class=HTMLResponse)
    async def inbox_page(msisdn: str | None = None) -> HTMLResponse:
        return HTMLResponse(render(inbox.messages(msisdn), wanted_msisdn(msisdn)))

    return router
