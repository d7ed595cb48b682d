"""Start the bare FastAPI endpoint in its own process and load it exactly as intake is loaded."""

from __future__ import annotations

import asyncio
import socket
import time

from bench.application_body import sample_body
from bench.child_processes import start_module, stop
from bench.load import LoadResult, LoadSpec, run_load
from egov_localstack.processes import answers_ok

READY_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def bare_http_load(
    requests: int, concurrency: int, threads: int, rate: float | None, max_seconds: float
) -> LoadResult:
    port = free_port()
    process = await start_module("bench.bare_http_app", "--port", str(port))
    try:
        await _wait_ready(f"http://127.0.0.1:{port}/health/live", process)
        spec = LoadSpec(
            url=f"http://127.0.0.1:{port}/applications",
            body=sample_body(),
            requests=requests,
            concurrency=concurrency,
            threads=threads,
            rate=rate,
            max_seconds=max_seconds,
        )
        return await run_load(spec)
    finally:
        await stop(process)


async def _wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"the bare HTTP endpoint exited with {process.returncode} during start")
        if await asyncio.to_thread(answers_ok, url, 1.0):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"the bare HTTP endpoint did not answer {url} within {READY_TIMEOUT_S:.0f}s")
