"""The SMTP side: aiosmtpd's SMTP protocol served from the application's own event loop (not
aiosmtpd's threaded Controller), so that one process serves SMTP and HTTP.

Every sender and recipient is accepted, with no authentication and no TLS (local development
only), unless a test injected a fault. Each message is stored with trace headers for its envelope.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import weakref
from email.utils import format_datetime

from aiosmtpd.smtp import SMTP, Envelope, Session

from egov_mail_sim.faults import Faults
from egov_mail_sim.mailbox_store import MailboxStore
from egov_mail_sim.parsing import ENVELOPE_TO, RECEIVED, RETURN_PATH

HOSTNAME = "egov-mail-sim"
ACCEPTED = "250 Message accepted for delivery"

log = logging.getLogger(__name__)


class MailHandler:
    """aiosmtpd's handler hooks (found by their names): RCPT may meet a fault; DATA may meet a fault
    and is otherwise stored."""

    def __init__(self, store: MailboxStore, faults: Faults) -> None:
        self._store = store
        self._faults = faults

    async def handle_RCPT(  # noqa: N802 (aiosmtpd calls the hooks by these names)
        self, server: SMTP, _session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if (reply := self._faults.take_for_recipient(address)) is not None:
            return _refuse(server, reply, address)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802 (as above)
        if (reply := self._faults.take_for_data()) is not None:
            return _refuse(server, reply, ", ".join(envelope.rcpt_tos))
        stored = self._store.deliver(trace_headers(session, envelope) + (envelope.original_content or b""))
        log.info(
            "message_received id=%s from=%s to=%s size=%d",
            stored.id,
            envelope.mail_from,
            ",".join(envelope.rcpt_tos),
            stored.size,
        )
        return ACCEPTED


def _refuse(server: SMTP, reply: str, to: str) -> str:
    log.info("fault_answered reply=%r to=%s", reply, to)
    if reply.startswith("421") and server.transport is not None:
        # NOTE: 421 closes the channel (RFC 5321 §3.8): closed once the reply has been written.
        server.loop.call_soon(server.transport.close)
    return reply


def trace_headers(session: Session, envelope: Envelope, now: dt.datetime | None = None) -> bytes:
    """Return-Path (MAIL FROM), one X-Envelope-To per RCPT TO and a Received header with the time."""
    peer = session.peer[0] if isinstance(session.peer, tuple) else session.peer
    protocol = "ESMTP" if session.extended_smtp else "SMTP"
    received = f"from {_one_line(session.host_name or 'unknown')} ([{peer}]) by {HOSTNAME} with {protocol}"
    lines = [
        f"{RETURN_PATH}: <{_one_line(envelope.mail_from or '')}>",
        *(f"{ENVELOPE_TO}: {_one_line(recipient)}" for recipient in envelope.rcpt_tos),
        f"{RECEIVED}: {received}; {format_datetime(now or dt.datetime.now(dt.UTC))}",
    ]
    # NOTE: UTF-8, as SMTPUTF8 allows addresses beyond ASCII.
    return "".join(f"{line}\r\n" for line in lines).encode()


def _one_line(text: str) -> str:
    """What a client sent, safe inside a header: no line breaks."""
    return " ".join(text.split())


class SmtpServer:
    """The listening server, started and stopped with the application."""

    def __init__(self, handler: MailHandler, host: str, port: int, max_message_bytes: int) -> None:
        self._handler = handler
        self._host = host
        self._port = port
        self._max_message_bytes = max_message_bytes
        self._server: asyncio.Server | None = None
        self._connections: weakref.WeakSet[SMTP] = weakref.WeakSet()

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.is_serving()

    @property
    def port(self) -> int:
        """The bound port (the one the system chose when the setting is 0)."""
        assert self._server is not None, "not started"
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._connect, self._host, self._port)
        log.info("smtp_listening host=%s port=%d", self._host, self.port)

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        # NOTE: the clients' open connections too, so that stopping never waits on an idle client.
        for connection in list(self._connections):
            if connection.transport is not None:
                connection.transport.close()
        await self._server.wait_closed()
        self._server = None

    def _connect(self) -> SMTP:
        connection = SMTP(
            self._handler,
            hostname=HOSTNAME,
            data_size_limit=self._max_message_bytes,
            enable_SMTPUTF8=True,
            loop=asyncio.get_running_loop(),
        )
        self._connections.add(connection)
        return connection
