"""A simulated outage of e-Delivery: for a while every `/api/v1` call is answered 503, so that the
platform's retries and fallbacks can be tested. The simulator itself stays up (health is 200)."""

from __future__ import annotations

import datetime as dt
import time


class Outage:
    def __init__(self) -> None:
        self._until: float | None = None  # time.monotonic() at which it ends

    def start(self, seconds: float) -> dt.datetime:
        """e-Delivery is "down" for `seconds` from now (replacing any outage under way); its end."""
        self._until = time.monotonic() + seconds
        return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)

    def end(self) -> None:
        self._until = None

    def remaining_s(self) -> float:
        """Seconds left of the outage; 0 when there is none."""
        if self._until is None:
            return 0.0
        left = self._until - time.monotonic()
        if left <= 0:
            self._until = None
            return 0.0
        return left
