"""Python child processes of the harness (the bare endpoint, the relay stages), started and stopped."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

# NOTE: children run `python -m bench.<module>`, so they need the folder that holds bench/ as
# their working directory whichever directory the harness itself was started from.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


async def start_module(module: str, *args: str, stdout: int | None = None) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        cwd=PROJECT_ROOT,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=stdout,
    )


async def stop(process: asyncio.subprocess.Process, grace_s: float = 10.0) -> None:
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), timeout=grace_s)
    except TimeoutError:
        process.kill()
        await process.wait()
