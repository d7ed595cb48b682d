"""Drive an HTTP endpoint with wrk: exactly N POSTs of one JSON body at a fixed concurrency.

wrk only knows durations, so `submit.lua` counts: each wrk thread sends its share and stops. wrk's
main thread still sleeps for the whole `-d`, so the harness interrupts it (SIGINT, which wrk
handles by printing its summary) as soon as every thread has reported its share answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WRK_SCRIPT = Path(__file__).with_name("submit.lua")
RESULT_PREFIX = "BENCH_WRK "
POLL_INTERVAL_S = 0.02
# NOTE: wrk counts answers slower than its --timeout as errors and drops them from the latency
# histogram; a loaded platform can take seconds per request, which is exactly what we want to see.
WRK_TIMEOUT = "60s"


class WrkMissing(RuntimeError):
    """wrk is not installed."""


@dataclass(frozen=True)
class LoadSpec:
    url: str
    body: bytes
    requests: int
    concurrency: int
    threads: int = 2
    rate: float | None = None
    expected_status: int = 202
    max_seconds: float = 3600.0


@dataclass(frozen=True)
class LoadResult:
    requests: int
    responses: int
    unexpected_status: int
    socket_errors: int
    connections: int
    duration_s: float
    rps: float | None
    latency_p50_s: float | None
    latency_p99_s: float | None
    finished: bool
    """False when the run was cut at max_seconds before every request was answered."""

    @property
    def accepted(self) -> int:
        return self.responses - self.unexpected_status


def wrk_binary() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise WrkMissing("wrk is not installed: `apt-get install -y wrk` (or `make bench`, which installs it)")
    return path


async def run_load(spec: LoadSpec) -> LoadResult:
    # NOTE: wrk gives each thread connections // threads connections, so round down to a multiple;
    # no thread may have an empty share, or it would never report itself done.
    threads = max(1, min(spec.threads, spec.requests, spec.concurrency))
    connections = (spec.concurrency // threads) * threads
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        body_file, done_file = Path(tmp) / "body.json", Path(tmp) / "done"
        body_file.write_bytes(spec.body)
        done_file.touch()
        env = {
            **os.environ,
            "BENCH_WRK_BODY_FILE": str(body_file),
            "BENCH_WRK_DONE_FILE": str(done_file),
            "BENCH_WRK_REQUESTS": str(spec.requests),
            "BENCH_WRK_THREADS": str(threads),
            "BENCH_WRK_RATE": str(spec.rate or 0),
            "BENCH_WRK_EXPECTED_STATUS": str(spec.expected_status),
        }
        argv = [
            *("-t", str(threads), "-c", str(connections)),
            *("-d", f"{math.ceil(spec.max_seconds) + 5}s", "--timeout", WRK_TIMEOUT),
            *("-s", str(WRK_SCRIPT), spec.url),
        ]
        launched_at = time.time()
        process = await asyncio.create_subprocess_exec(
            wrk_binary(), *argv, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        finished = await _wait_for_threads(process, done_file, threads, launched_at + spec.max_seconds)
        interrupted_at = time.time()
        stdout, stderr = await _interrupt(process)
    output, errors = stdout.decode(errors="replace"), stderr.decode(errors="replace")
    return _result(output, errors, connections, finished, interrupted_at)


async def _wait_for_threads(
    process: asyncio.subprocess.Process, done_file: Path, threads: int, deadline: float
) -> bool:
    while time.time() < deadline:
        if process.returncode is not None:
            return False
        if _threads_done(done_file) >= threads:
            return True
        await asyncio.sleep(POLL_INTERVAL_S)
    return False


def _threads_done(done_file: Path) -> int:
    # NOTE: a read of a few bytes from a local file: not worth a worker thread every 20 ms.
    return len(done_file.read_text().split())


async def _interrupt(process: asyncio.subprocess.Process) -> tuple[bytes, bytes]:
    """SIGINT makes wrk join its threads and print its summary (and our done() line)."""
    output = asyncio.ensure_future(process.communicate())
    # NOTE: wrk ignores SIGINT until its threads are created, so one early signal can be lost.
    for _ in range(10):
        if process.returncode is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGINT)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(output), timeout=1.0)
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    return await output


def _result(stdout: str, stderr: str, connections: int, finished: bool, interrupted_at: float) -> LoadResult:
    line = next((line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result line.\nstdout:\n{stdout}\nstderr:\n{stderr}")
    raw = json.loads(line.removeprefix(RESULT_PREFIX))
    started, ended = float(raw["started_at"]), float(raw["finished_at"])
    # NOTE: the threads' own clocks bracket the requests exactly; when the run was cut short,
    # the cut is the end.
    end = ended if finished and ended > 0 else interrupted_at
    duration = end - started if started > 0 else 0.0
    responses = int(raw["responses"])
    return LoadResult(
        requests=int(raw["requests"]),
        responses=responses,
        unexpected_status=int(raw["unexpected_status"]),
        socket_errors=int(raw["socket_errors"]),
        connections=connections,
        duration_s=duration,
        rps=responses / duration if duration > 0 else None,
        latency_p50_s=_seconds(raw["latency_p50_us"]) if responses else None,
        latency_p99_s=_seconds(raw["latency_p99_us"]) if responses else None,
        finished=finished,
    )


def _seconds(microseconds: float) -> float:
    return float(microseconds) / 1e6
