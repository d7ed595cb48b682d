"""ClamAV's daemon (clamd) over TCP: every attached file is streamed to it before an application
is accepted.

The protocol (`man clamd`): a command ends with NUL (the `z` prefix); `zINSTREAM` is followed by
chunks, each a 4-byte big-endian length and the data, and a zero-length chunk ends the stream.
clamd answers one NUL-terminated line and closes the connection, so each call opens its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass

_PING = b"zPING\0"
_INSTREAM = b"zINSTREAM\0"
_END_OF_STREAM = struct.pack(">I", 0)
_STREAM_PREFIX = "stream: "
_FOUND = " FOUND"


@dataclass(frozen=True)
class ScanVerdict:
    infected: bool
    signature: str | None = None
    """The name of the signature that matched, when infected."""


class ScannerUnavailable(Exception):
    """clamd is unreachable, timed out, or answered with an error: the upload cannot be judged now."""


def parse_scan_reply(reply: str) -> ScanVerdict:
    """The verdict in clamd's answer to INSTREAM (without its NUL)."""
    if reply.endswith(" ERROR") or not reply.startswith(_STREAM_PREFIX):
        raise ScannerUnavailable(f"clamd answered {reply!r}")
    result = reply.removeprefix(_STREAM_PREFIX)
    if result == "OK":
        return ScanVerdict(infected=False)
    if result.endswith(_FOUND) and (signature := result.removesuffix(_FOUND)):
        return ScanVerdict(infected=True, signature=signature)
    raise ScannerUnavailable(f"clamd answered {reply!r}")


class ClamdScanner:
    def __init__(self, host: str, port: int, timeout_s: float = 30.0, chunk_size: int = 64 * 1024):
        self._host = host
        self._port = port
        self._timeout_s = timeout_s
        self._chunk_size = chunk_size

    async def scan(self, content: bytes) -> ScanVerdict:
        return parse_scan_reply(await self._call(_INSTREAM, content))

    async def ping(self) -> bool:
        try:
            return await self._call(_PING) == "PONG"
        except ScannerUnavailable:
            return False

    async def _call(self, command: bytes, stream: bytes | None = None) -> str:
        """Send `command` (and `stream`, in chunks); clamd's one-line answer."""
        try:
            async with asyncio.timeout(self._timeout_s):
                reader, writer = await asyncio.open_connection(self._host, self._port)
                try:
                    return await self._exchange(reader, writer, command, stream)
                finally:
                    writer.close()
                    with contextlib.suppress(OSError):
                        await writer.wait_closed()
        except TimeoutError as error:
            raise ScannerUnavailable(f"clamd did not answer within {self._timeout_s}s") from error
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
            raise ScannerUnavailable(f"clamd at {self._host}:{self._port}: {error!r}") from error

    async def _exchange(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, command: bytes, stream: bytes | None
    ) -> str:
        try:
            writer.write(command)
            if stream is not None:
                await self._send_chunks(writer, memoryview(stream))
            await writer.drain()
        except ConnectionError as error:
            # NOTE: clamd stops reading a stream over its StreamMaxLength and closes; its answer,
            # which says so, is lost with the connection.
            raise ScannerUnavailable(
                "clamd closed the connection while the file was sent: is the file over its StreamMaxLength?"
            ) from error
        reply = await reader.readuntil(b"\0")
        return reply[:-1].decode("utf-8", errors="replace")

    async def _send_chunks(self, writer: asyncio.StreamWriter, stream: memoryview) -> None:
        for start in range(0, len(stream), self._chunk_size):
            chunk = stream[start : start + self._chunk_size]
            writer.write(struct.pack(">I", len(chunk)))
            writer.write(chunk)
            await writer.drain()
        writer.write(_END_OF_STREAM)
