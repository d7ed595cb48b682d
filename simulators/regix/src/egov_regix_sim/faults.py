"""Failures the simulator is told to inject, NOT part of RegiX: an outage of the SOAP endpoint for a
while (HTTP 503), and a slowness during which every SOAP answer is delayed."""

from __future__ import annotations

import time


class Faults:
    def __init__(self) -> None:
        # NOTE: the monotonic clock, so that a change of the wall clock neither ends nor extends a fault.
        self._outage_until: float | None = None
        self._slow_until: float | None = None
        self._delay_s = 0.0

    def start_outage(self, seconds: float) -> None:
        self._outage_until = time.monotonic() + seconds

    def in_outage(self) -> bool:
        return self._outage_until is not None and time.monotonic() < self._outage_until

    def start_slowness(self, seconds: float, delay_s: float) -> None:
        self._slow_until = time.monotonic() + seconds
        self._delay_s = delay_s

    def delay_s(self) -> float:
        """How long to hold the SOAP answer being made now: 0 outside a slowness."""
        if self._slow_until is None or time.monotonic() >= self._slow_until:
            return 0.0
        return self._delay_s

    def clear(self) -> None:
        self._outage_until = None
        self._slow_until = None
