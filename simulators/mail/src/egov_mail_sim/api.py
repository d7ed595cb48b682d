"""The API for reading what arrived, shaped like Mailpit's API v1 (its paths and PascalCase keys),
so that developers who know Mailpit feel at home."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse, Response

from egov_mail_sim.mailbox_store import MailboxStore, Page
from egov_mail_sim.parsing import Address, Detail, Summary
from egov_mail_sim.problems import Problem

MAX_LIMIT = 1000
Start = Annotated[int, Query(ge=0, description="How many of the newest messages to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many messages at most")]


def address_json(address: Address) -> dict[str, str]:
    return {"Name": address.name, "Address": address.address}


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "ID": summary.id,
        "MessageID": summary.message_id,
        "From": address_json(summary.sender) if summary.sender else None,
        "To": [address_json(address) for address in summary.to],
        "Subject": summary.subject,
        "Created": summary.created.isoformat(timespec="milliseconds"),
        "Size": summary.size,
        "Attachments": summary.attachments,
    }


def detail_json(detail: Detail) -> dict[str, Any]:
    return {
        **summary_json(detail.summary),
        "Cc": [address_json(address) for address in detail.summary.cc],
        "ReplyTo": [address_json(address) for address in detail.reply_to],
        "Date": detail.date.isoformat() if detail.date else None,
        "Text": detail.text,
        "HTML": detail.html,
        "Headers": detail.headers,
    }


def page_json(page: Page, start: int) -> dict[str, Any]:
    # NOTE: as in Mailpit, `total` counts every message and `messages_count` those matching a search.
    return {
        "total": page.total,
        "messages_count": page.matched,
        "count": len(page.messages),
        "start": start,
        "messages": [summary_json(summary) for summary in page.messages],
    }


def api_router(store: MailboxStore) -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["messages (Mailpit's API v1 shape)"])

    def not_found(key: str) -> Problem:
        return Problem(404, "Not found", f"There is no message {key!r}.")

    @router.get("/messages")
    async def messages(start: Start = 0, limit: Limit = 50) -> dict[str, Any]:
        """The messages, newest first."""
        return page_json(store.page(start, limit), start)

    @router.get("/search")
    async def search(
        query: Annotated[str, Query(max_length=1000, description='e.g. to:a@example.bg subject:"две думи"')],
        start: Start = 0,
        limit: Limit = 50,
    ) -> dict[str, Any]:
        """The messages matching every term of `query`, newest first."""
        return page_json(store.page(start, limit, query), start)

    @router.get("/message/{key}")
    async def message(key: str) -> dict[str, Any]:
        """One message: its summary, decoded text and HTML parts, and every header."""
        detail = store.detail(key)
        if detail is None:
            raise not_found(key)
        return detail_json(detail)

    @router.get("/message/{key}/raw", response_class=PlainTextResponse)
    async def raw(key: str) -> Response:
        """The message as stored."""
        content = store.raw(key)
        if content is None:
            raise not_found(key)
        return Response(content, media_type="text/plain; charset=utf-8")

    @router.delete("/messages", response_class=PlainTextResponse)
    async def delete_all() -> str:
        """Delete every message (answers `ok`, as Mailpit does)."""
        store.delete_all()
        return "ok"

    return router
