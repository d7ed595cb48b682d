"""The clamd client against a small in-process server that speaks clamd's TCP protocol: what
each answer means, how a stream is sent, and that every failure is ScannerUnavailable."""

import asyncio
import contextlib
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from egov_intake.adapters.clamav import ClamdScanner, ScannerUnavailable, ScanVerdict, parse_scan_reply

MARKER = b"INFECTED-FOR-THIS-TEST"


@dataclass
class FakeClamd:
    """clamd's INSTREAM and PING; a stream holding MARKER is infected, one over `limit` refused."""

    limit: int = 1024
    silent: bool = False
    chunks: list[int] = field(default_factory=list)
    received: bytes = b""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            command = await reader.readuntil(b"\0")
            if self.silent:
                await asyncio.sleep(10)
            elif command == b"zPING\0":
                writer.write(b"PONG\0")
            elif command == b"zINSTREAM\0":
                writer.write(await self._instream(reader))
            else:
                writer.write(b"UNKNOWN COMMAND\0")
            await writer.drain()
        finally:
            writer.close()

    async def _instream(self, reader: asyncio.StreamReader) -> bytes:
        data = b""
        while size := struct.unpack(">I", await reader.readexactly(4))[0]:
            self.chunks.append(size)
            if len(data) + size > self.limit:
                return b"INSTREAM size limit exceeded. ERROR\0"
            data += await reader.readexactly(size)
        self.received = data
        return b"stream: Test.Marker FOUND\0" if MARKER in data else b"stream: OK\0"


Serve = Callable[[FakeClamd], Awaitable[int]]


@pytest.fixture
async def serve() -> AsyncIterator[Serve]:
    """Start a fake clamd on a free loopback port; its port."""
    servers: list[asyncio.Server] = []

    async def start(fake: FakeClamd) -> int:
        server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for server in servers:
        server.close()
        with contextlib.suppress(Exception):
            await server.wait_closed()


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("stream: OK", ScanVerdict(infected=False)),
        ("stream: Eicar-Test-Signature FOUND", ScanVerdict(infected=True, signature="Eicar-Test-Signature")),
        (
            "stream: Eicar-Test-Signature.UNOFFICIAL FOUND",
            ScanVerdict(infected=True, signature="Eicar-Test-Signature.UNOFFICIAL"),
        ),
    ],
)
def test_a_verdict_is_read_from_the_reply(reply: str, verdict: ScanVerdict) -> None:
    assert parse_scan_reply(reply) == verdict


@pytest.mark.parametrize(
    "reply",
    [
        "INSTREAM size limit exceeded. ERROR",
        "stream: Can't allocate memory ERROR",
        "stream:  FOUND",
        "stream: ",
        "UNKNOWN COMMAND",
        "",
    ],
)
def test_an_error_or_an_unknown_reply_judges_nothing(reply: str) -> None:
    with pytest.raises(ScannerUnavailable):
        parse_scan_reply(reply)


async def test_a_clean_stream_arrives_whole_in_chunks(serve: Serve) -> None:
    fake = FakeClamd()
    scanner = ClamdScanner("127.0.0.1", await serve(fake), chunk_size=100)
    content = bytes(range(256)) * 2
    assert await scanner.scan(content) == ScanVerdict(infected=False)
    assert fake.received == content
    assert fake.chunks == [100, 100, 100, 100, 100, 12]


async def test_an_infected_stream_names_its_signature(serve: Serve) -> None:
    scanner = ClamdScanner("127.0.0.1", await serve(FakeClamd()), chunk_size=7)
    assert await scanner.scan(b"%PDF-1.4 " + MARKER) == ScanVerdict(infected=True, signature="Test.Marker")


async def test_an_empty_file_is_only_the_end_of_the_stream(serve: Serve) -> None:
    fake = FakeClamd()
    assert await ClamdScanner("127.0.0.1", await serve(fake)).scan(b"") == ScanVerdict(infected=False)
    assert fake.chunks == []


async def test_a_stream_over_clamds_limit_is_unavailable_with_its_reason(serve: Serve) -> None:
    scanner = ClamdScanner("127.0.0.1", await serve(FakeClamd(limit=1024)), chunk_size=512)
    # NOTE: clamd's answer is read when it arrives before the sending fails; else the failure says why.
    with pytest.raises(ScannerUnavailable, match=r"size limit exceeded|StreamMaxLength"):
        await scanner.scan(b"x" * 4 * 1024 * 1024)


async def test_a_silent_clamd_times_out(serve: Serve) -> None:
    scanner = ClamdScanner("127.0.0.1", await serve(FakeClamd(silent=True)), timeout_s=0.2)
    with pytest.raises(ScannerUnavailable, match="did not answer"):
        await scanner.scan(b"anything")
    assert await scanner.ping() is False


async def test_no_clamd_is_unavailable(serve: Serve) -> None:
    server = await asyncio.start_server(lambda _r, _w: None, "127.0.0.1", 0)
    port = int(server.sockets[0].getsockname()[1])
    server.close()
    await server.wait_closed()
    scanner = ClamdScanner("127.0.0.1", port, timeout_s=2)
    with pytest.raises(ScannerUnavailable):
        await scanner.scan(b"anything")
    assert await scanner.ping() is False


async def test_ping_is_answered_with_pong(serve: Serve) -> None:
    assert await ClamdScanner("127.0.0.1", await serve(FakeClamd())).ping() is True
