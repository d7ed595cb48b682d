"""The citizen's inbox, the simulator's stand-in for the e-Delivery portal: type an identifier,
see the messages to it, open one (which records `dateReceived` as the API's open does) and read it.

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
NOTE: the real portal logs the citizen in (eAuth); the simulator's inbox is reached by the
identifier alone.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import datetime as dt
from html import escape
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from egov_e_delivery_sim.messages import Delivery, FieldValue, Mailbox, Message
from egov_e_delivery_sim.profiles import Profiles
from egov_e_delivery_sim.templates import FieldType

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: ССЕВ (симулатор)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #888; padding: .25rem .5rem; text-align: left; }}
caption {{ text-align: left; font-weight: bold; margin-bottom: .5rem; }}
dt {{ font-weight: bold; }} dd {{ margin: 0 0 .75rem 0; }}
pre {{ white-space: pre-wrap; background: #f4f4f4; padding: .5rem; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }} button, input {{ font-size: 1rem; padding: .25rem .5rem; }}
</style>
</head>
<body>
<main>
<p class="note">Симулатор на ССЕВ (e-Delivery): съобщенията не са истински.
<span lang="en">An e-Delivery (ССЕВ) simulator: the messages are not real.</span></p>
{content}
</main>
</body>
</html>
"""

_SEARCH = """<h1>Входяща кутия <span lang="en">/ Inbox</span></h1>
<form method="get" action="/simulator/inbox">
<label for="identifier">ЕГН, ЛНЧ или ЕИК <span lang="en">(personal or company identifier)</span></label>
<input id="identifier" name="identifier" value="{identifier}" inputmode="numeric" autocomplete="off" required>
<button type="submit">Покажи <span lang="en">/ Show</span></button>
</form>
{messages}"""

_TABLE = """<table>
<caption>Съобщения до {identifier} <span lang="en">/ Messages to {identifier}</span></caption>
<thead><tr>
<th scope="col">Заглавие <span lang="en">/ Subject</span></th>
<th scope="col">РНУ <span lang="en">/ Service reference</span></th>
<th scope="col">Подател <span lang="en">/ Sender</span></th>
<th scope="col">Изпратено <span lang="en">/ Sent</span></th>
<th scope="col">Отворено <span lang="en">/ Opened</span></th>
<th scope="col">Действие <span lang="en">/ Action</span></th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>"""

_ROW = """<tr>
<th scope="row" id="subject-{id}">{subject}</th>
<td>{rnu}</td>
<td>{sender}</td>
<td>{sent}</td>
<td>{opened}</td>
<td><form method="post" action="/simulator/inbox/messages/{id}/open">
<input type="hidden" name="identifier" value="{identifier}">
<button type="submit" aria-describedby="subject-{id}">Отвори <span lang="en">/ Open</span></button>
</form></td>
</tr>"""

_NONE = "<p>Няма съобщения до {identifier}. <span lang='en'>There are no messages to {identifier}.</span></p>"

_MESSAGE = """<p><a href="/simulator/inbox?identifier={identifier_url}">Към входящата кутия
<span lang="en">/ Back to the inbox</span></a></p>
<h1>{subject}</h1>
<dl>
<dt>Подател <span lang="en">(Sender)</span></dt><dd>{sender}</dd>
<dt>РНУ <span lang="en">(Service reference)</span></dt><dd>{rnu}</dd>
<dt>Изпратено <span lang="en">(Sent)</span></dt><dd>{sent}</dd>
<dt>Отворено <span lang="en">(Opened)</span></dt><dd>{opened}</dd>
</dl>
<h2>{template} <span lang="en">/ Content</span></h2>
<dl>
{fields}
</dl>"""

_NOT_OPENED = "не е отворено <span lang='en'>(not opened)</span>"
_NO_RNU = "няма <span lang='en'>(none)</span>"

NOT_FOUND_PAGE = _PAGE.format(
    title="Няма такова съобщение / No such message",
    content="<h1>Няма такова съобщение до този получател.</h1>"
    "<p lang='en'>There is no such message to this recipient.</p>"
    "<p><a href='/simulator/inbox'>Към входящата кутия <span lang='en'>/ To the inbox</span></a></p>",
)


class PageNotFound(Exception):
    """No such message to this identifier (answered with a small 404 page)."""


def _time(at: dt.datetime | None) -> str:
    if at is None:
        return _NOT_OPENED
    return f'<time datetime="{escape(at.isoformat())}">{escape(at.strftime("%d.%m.%Y %H:%M:%S UTC"))}</time>'


def _value(kind: FieldType, value: FieldValue) -> str:
    if isinstance(value, bool):
        return "да <span lang='en'>(yes)</span>" if value else "не <span lang='en'>(no)</span>"
    if isinstance(value, list):
        return f"блобове <span lang='en'>(blob ids)</span>: {escape(', '.join(str(blob) for blob in value))}"
    if kind in (FieldType.MARKDOWN, FieldType.TEXTAREA):
        # NOTE: shown as the text it is, not rendered: markdown from a sender is not trusted HTML.
        return f"<pre>{escape(value)}</pre>"
    return escape(value)


def render_inbox(identifier: str, received: list[tuple[Message, Delivery]] | None) -> str:
    shown = escape(identifier)
    if received is None:
        messages = ""
    elif not received:
        messages = _NONE.format(identifier=shown)
    else:
        rows = "\n".join(
            _ROW.format(
                id=message.message_id,
                subject=escape(message.subject),
                rnu=escape(message.rnu) if message.rnu else _NO_RNU,
                sender=escape(message.sender.name),
                sent=_time(message.date_sent),
                opened=_time(delivery.date_received),
                identifier=shown,
            )
            for message, delivery in received
        )
        messages = _TABLE.format(identifier=shown, rows=rows)
    content = _SEARCH.format(identifier=shown, messages=messages)
    return _PAGE.format(title="Входяща кутия / Inbox", content=content)


def render_message(identifier: str, message: Message, delivery: Delivery) -> str:
    fields = "\n".join(
        f"<dt>{escape(field.label)}</dt><dd>{_value(field.type, message.fields[field.id])}</dd>"
        for field in message.template.content
        if field.id in message.fields
    )
    content = _MESSAGE.format(
        identifier_url=escape(quote(identifier, safe="")),
        subject=escape(message.subject),
        sender=escape(message.sender.name),
        rnu=escape(message.rnu) if message.rnu else _NO_RNU,
        sent=_time(message.date_sent),
        opened=_time(delivery.date_received),
        template=escape(message.template.name),
        fields=fields,
    )
    return _PAGE.format(title=f"{escape(message.subject)} / Message", content=content)


def page_router(profiles: Profiles, mailbox: Mailbox) -> APIRouter:
    router = APIRouter(tags=["citizen's inbox (not part of e-Delivery's API)"])

    def ids_of(identifier: str) -> set[int]:
        return {profile.profile_id for profile in profiles.with_identifier(identifier)}

    @router.get("/simulator/inbox", response_class=HTMLResponse)
    async def inbox(identifier: str | None = None) -> HTMLResponse:
        wanted = (identifier or "").strip()
        return HTMLResponse(render_inbox(wanted, mailbox.received_by(ids_of(wanted)) if wanted else None))

    @router.post("/simulator/inbox/messages/{message_id}/open", response_class=RedirectResponse, status_code=303)
    async def open_message(message_id: int, request: Request) -> RedirectResponse:
        """The inbox's "Open" button: records `dateReceived` as the API's open does, then shows the message."""
        # NOTE: the form is read by hand: it has one field, and python-multipart is not a dependency.
        form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
        identifier = form.get("identifier", [""])[0].strip()
        if mailbox.open(message_id, ids_of(identifier)) is None:
            raise PageNotFound
        return RedirectResponse(
            f"/simulator/inbox/messages/{message_id}?identifier={quote(identifier, safe='')}", status_code=303
        )

    @router.get("/simulator/inbox/messages/{message_id}", response_class=HTMLResponse)
    async def message_page(message_id: int, identifier: str = "") -> HTMLResponse:
        message = mailbox.get(message_id)
        delivery = message.delivery_to(ids_of(identifier.strip())) if message is not None else None
        if message is None or delivery is None:
            raise PageNotFound
        return HTMLResponse(render_message(identifier.strip(), message, delivery))

    return router
