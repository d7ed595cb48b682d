"""Web pages to read what arrived: the list of messages (with a search) and one message, with its
text part and its HTML part in a sandboxed frame.

Server-rendered, Bulgarian first with English beside it, no JavaScript. Every value is escaped.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import datetime as dt
from html import escape
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse

from egov_mail_sim.mailbox_store import MailboxStore
from egov_mail_sim.parsing import Address, Detail, Summary

PAGE_SIZE = 50
# NOTE: no script may run on these pages, nor in a message's HTML shown inside them.
HEADERS = {"Content-Security-Policy": "script-src 'none'; object-src 'none'; base-uri 'none'"}

_PAGE = """<!doctype html>
<html lang="bg">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: пощенски симулатор / mail simulator</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
table {{ border-collapse: collapse; width: 100%; }} caption {{ text-align: left; font-weight: bold; }}
th, td {{ text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #ccc; }}
.note {{ background: #fff4ce; padding: .5rem .75rem; }} form {{ margin: 1rem 0; }}
dt {{ font-weight: bold; }} dd {{ margin: 0 0 .5rem 0; }}
pre {{ white-space: pre-wrap; background: #f4f4f4; padding: .75rem; }}
iframe {{ width: 100%; height: 32rem; border: 1px solid #ccc; }}
</style>
</head>
<body>
<main>
<p class="note">Пощенски симулатор за локална разработка: писмата не се изпращат никъде.
<span lang="en">A mail simulator for local development: messages go nowhere else.</span></p>
{content}
</main>
</body>
</html>
"""

_LIST = """<h1>Получени писма <span lang="en">/ Received messages</span></h1>
<form method="get" action="/">
<label for="query">Търсене <span lang="en">/ Search</span></label>
<input id="query" name="query" type="search" value="{query}" size="40">
<button type="submit">Търси <span lang="en">/ Search</span></button>
</form>
{listing}
<form method="post" action="/delete">
<button type="submit">Изтрий всички <span lang="en">/ Delete all</span></button>
</form>"""

_TABLE = """<table>
<caption>Писма {first}–{last} от {matched}, най-новите първи
<span lang="en">(messages {first}–{last} of {matched}, newest first)</span></caption>
<thead><tr>
<th scope="col">Получено <span lang="en">/ Received</span></th>
<th scope="col">От <span lang="en">/ From</span></th>
<th scope="col">До <span lang="en">/ To</span></th>
<th scope="col">Тема <span lang="en">/ Subject</span></th>
<th scope="col">Размер <span lang="en">/ Size</span></th>
</tr></thead>
<tbody>
{rows}
</tbody>
</table>
{pages}"""

_ROW = """<tr><td>{created}</td><td>{sender}</td><td>{to}</td>
<th scope="row"><a href="/view/{key}">{subject}</a></th><td>{size}&nbsp;B</td></tr>"""

_MESSAGE = """<p><a href="/">Всички писма <span lang="en">/ All messages</span></a></p>
<h1>{subject}</h1>
<dl>
<dt>От <span lang="en">(From)</span></dt><dd>{sender}</dd>
<dt>До <span lang="en">(To)</span></dt><dd>{to}</dd>
{cc}
<dt>Тема <span lang="en">(Subject)</span></dt><dd>{subject}</dd>
<dt>Дата <span lang="en">(Date)</span></dt><dd>{date}</dd>
</dl>
<p><a href="/api/v1/message/{key}/raw">Писмото както е получено <span lang="en">/ Raw message</span></a></p>
<h2>Текст <span lang="en">/ Text</span></h2>
{text}
<h2>HTML</h2>
{html}"""

_FRAME = '<iframe sandbox srcdoc="{html}" title="HTML частта на писмото / The HTML part of the message"></iframe>'
_NO_PART = '<p>Писмото няма {bg} част. <span lang="en">The message has no {en} part.</span></p>'
_NO_SUBJECT = '(без тема <span lang="en">/ no subject</span>)'


def _time(at: dt.datetime) -> str:
    return f'<time datetime="{escape(at.isoformat())}">{escape(at.strftime("%d.%m.%Y %H:%M:%S %z"))}</time>'


def _addresses(addresses: tuple[Address, ...] | list[Address]) -> str:
    return escape(", ".join(str(address) for address in addresses)) or "—"


def _subject(summary: Summary) -> str:
    return escape(summary.subject) if summary.subject else _NO_SUBJECT


def _pages(start: int, shown: int, matched: int, query: str) -> str:
    def link(to: int, text: str) -> str:
        parameters = urlencode({"start": to, **({"query": query} if query else {})})
        return f'<a href="/?{escape(parameters)}">{text}</a>'

    links = []
    if start > 0:
        links.append(link(max(start - PAGE_SIZE, 0), 'По-нови <span lang="en">/ Newer</span>'))
    if start + shown < matched:
        links.append(link(start + shown, 'По-стари <span lang="en">/ Older</span>'))
    return f'<nav aria-label="Страници / Pages">{" | ".join(links)}</nav>' if links else ""


def render_list(store: MailboxStore, start: int, query: str) -> str:
    page = store.page(start, PAGE_SIZE, query)
    rows = "\n".join(
        _ROW.format(
            created=_time(summary.created),
            sender=_addresses([summary.sender] if summary.sender else []),
            to=_addresses(summary.to),
            key=escape(quote(summary.id, safe="")),
            subject=_subject(summary),
            size=summary.size,
        )
        for summary in page.messages
    )
    listing = (
        _TABLE.format(
            first=start + 1,
            last=start + len(page.messages),
            matched=page.matched,
            rows=rows,
            pages=_pages(start, len(page.messages), page.matched, query),
        )
        if page.messages
        else '<p>Няма писма. <span lang="en">No messages.</span></p>'
    )
    content = _LIST.format(query=escape(query), listing=listing)
    return _PAGE.format(title="Получени писма / Received messages", content=content)


def _text_part(text: str) -> str:
    return f"<pre>{escape(text)}</pre>" if text else _NO_PART.format(bg="текстова", en="text")


def _html_part(html: str) -> str:
    # NOTE: `sandbox` with no permissions: the message's HTML runs no script and cannot reach this page.
    return _FRAME.format(html=escape(html, quote=True)) if html else _NO_PART.format(bg="HTML", en="HTML")


def render_message(detail: Detail) -> str:
    summary = detail.summary
    cc = f'<dt>Копие <span lang="en">(Cc)</span></dt><dd>{_addresses(summary.cc)}</dd>' if summary.cc else ""
    content = _MESSAGE.format(
        subject=_subject(summary),
        sender=_addresses([summary.sender] if summary.sender else []),
        to=_addresses(summary.to),
        cc=cc,
        date=_time(detail.date) if detail.date else "—",
        key=escape(quote(summary.id, safe="")),
        text=_text_part(detail.text),
        html=_html_part(detail.html),
    )
    return _PAGE.format(title=escape(summary.subject) or "Писмо / Message", content=content)


def page_router(store: MailboxStore) -> APIRouter:
    router = APIRouter(tags=["web pages"])

    @router.get("/", response_class=HTMLResponse)
    async def messages(
        start: Annotated[int, Query(ge=0)] = 0, query: Annotated[str, Query(max_length=1000)] = ""
    ) -> HTMLResponse:
        return HTMLResponse(render_list(store, start, query.strip()), headers=HEADERS)

    @router.get("/view/{key}", response_class=HTMLResponse)
    async def message(key: str) -> HTMLResponse:
        detail = store.detail(key)
        if detail is None:
            return HTMLResponse(NOT_FOUND_PAGE, status_code=404, headers=HEADERS)
        return HTMLResponse(render_message(detail), headers=HEADERS)

    @router.post("/delete", response_class=RedirectResponse, status_code=303)
    async def delete_all() -> RedirectResponse:
        store.delete_all()
        return RedirectResponse("/", status_code=303)

    return router


NOT_FOUND_PAGE = """<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><title>Няма такова писмо / No such message</title></head>
<body><main><h1>Няма такова писмо.</h1>
<p lang="en">There is no such message.</p><p><a href="/">Всички писма <span lang="en">/ All messages</span></a></p>
</main></body></html>
"""
