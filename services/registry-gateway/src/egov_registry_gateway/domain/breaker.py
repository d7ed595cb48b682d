"""A circuit breaker for calls to a national system: after `failures` failures in a row it opens
and no call is made for `open_s`; then one probe goes, and its outcome closes or reopens it.

NOTE: written here rather than taken from a library: the well-kept breakers (pybreaker) wrap
synchronous calls, and what the gateway needs is not to wrap a call but to decide whether to
take queued calls from the store at all (a request waits in the store while the breaker is open).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(self, failures: int, open_s: float, *, clock: Callable[[], float] = time.monotonic):
        self._threshold = failures
        self._open_s = open_s
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return BreakerState.CLOSED
        if self._clock() - self._opened_at < self._open_s:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def calls_allowed(self) -> int | None:
        """How many calls may go now: None (no limit) when closed, one probe when half-open,
        none when open. (A round's calls end before the next round asks.)"""
        match self.state:
            case BreakerState.CLOSED:
                return None
            case BreakerState.HALF_OPEN:
                return 1
            case _:
                return 0

    def succeeded(self) -> bool:
        """Record a call answered; True if that closed the breaker."""
        was_open = self._opened_at is not None
        self._failures, self._opened_at = 0, None
        return was_open

    def failed(self) -> bool:
        """Record a call not answered; True if that opened the breaker (it was closed)."""
        self._failures += 1
        was_closed = self._opened_at is None
        if not was_closed or self._failures >= self._threshold:
            self._opened_at = self._clock()
        return was_closed and self._opened_at is not None
