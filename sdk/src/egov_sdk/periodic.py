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
    def __init__(
        self, name: str, work: Callable[[], Awaitable[object]], interval_s: float, *, full_batch: int | None = None
    ):
        """`full_batch`: when a round returns a count this large, more is waiting and the next
        round starts at once, so that a backlog is worked off without waiting for the tick."""
        self._name = name
        self._work = work
        self._interval_s = interval_s
        self._full_batch = full_batch
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._woken = asyncio.Event()

    async def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name=self._name)

    def wake(self) -> None:
        """Start the next round now instead of at the tick: new work is waiting (a round under
        way is not interrupted; the next one follows it at once)."""
        self._woken.set()

    async def stop(self, grace_s: float = 10.0) -> None:
        """Let the round under way finish (up to `grace_s`), then stop: a round cut short would
        repeat, after a restart, what it had done but not yet recorded."""
        if self._task is None:
            return
        self._stopping.set()
        self._woken.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace_s)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while not self._stopping.is_set():
            self._woken.clear()
            try:
                done = await self._work()
            except Exception:  # NOTE: one failed round must not end the loop
                log.exception("periodic_round_failed", work=self._name)
                done = None
            if self._full_batch is None or not isinstance(done, int) or done < self._full_batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._woken.wait(), self._interval_s)
