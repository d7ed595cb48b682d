"""A ceiling on the size of every request body, answered by 413 problem+json before a handler
reads (or a JSON parser builds) anything larger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_sdk.problems import problem_response

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyLimit:
    """ASGI middleware: a declared `Content-Length` over the limit is refused at once; a body sent
    without one (chunked) is read here up to the limit and handed on whole."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            # NOTE: the HTTP server has checked that the body matches the declared length.
            if declared.isdigit() and int(declared) > self.max_bytes:
                await _drain(receive, DRAIN_FACTOR * self.max_bytes)
                await self._refuse(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        if b"chunked" not in headers.get(b"transfer-encoding", b""):
            await self.app(scope, receive, send)
            return
        body, more = await self._read_within_limit(receive)
        if body is None:
            if more:
                await _drain(receive, DRAIN_FACTOR * self.max_bytes)
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_within_limit(self, receive: Receive) -> tuple[bytes | None, bool]:
        """The body, or None once it is over the limit; and whether more of it is still to come."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks), False
            chunk = message.get("body", b"")
            more = bool(message.get("more_body", False))
            size += len(chunk)
            if size > self.max_bytes:
                return None, more
            chunks.append(chunk)
            if not more:
                return b"".join(chunks), False

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(413, "Request too large", f"A request body may have at most {self.max_bytes} bytes")
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


DRAIN_FACTOR = 8


async def _drain(receive: Receive, up_to: int) -> None:
    """Read (and drop) the rest of a refused body, up to `up_to` bytes.

    NOTE: a client still writing its body when the connection closes may see a reset instead of
    the answer, so a body up to a few times the limit is read first; past that, the connection is
    closed after the answer rather than read to its end."""
    read = 0
    while read <= up_to:
        message = await receive()
        if message["type"] != "http.request":
            return
        read += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
