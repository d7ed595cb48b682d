"""Work a service does on a timer: routing's deadline check and payment desk, notifications'
deliveries.

A round that fails (the store or a national system away) is logged and tried again at the next tick; the
state it works from is in the store, so nothing is lost by a failed round or a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from egov_sdk.logging import get_logger

log = get_logger(__name__)


class Periodic:
    def __init__(self, name: str, work: Callable[[], Awaitable[object]], interval_s: float):
        self._name = name
        self._work = work
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self._name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self._work()
            except Exception:  # NOTE: one failed round must not end the loop
                log.exception("periodic_round_failed", work=self._name)
            await asyncio.sleep(self._interval_s)
