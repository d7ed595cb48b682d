"""The durable retry schedule: how long to wait after each failed try (docs/notifications.md)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class RetrySchedule:
    def __init__(self, minutes: Sequence[float]):
        self._waits = tuple(dt.timedelta(minutes=m) for m in minutes)

    @property
    def attempts(self) -> int:
        """How many tries a delivery gets: the first, and one after each wait."""
        return len(self._waits) + 1

    def wait_after(self, attempt: int) -> dt.timedelta | None:
        """The wait after try number `attempt` (from 1) failed; None when it was the last."""
        return self._waits[attempt - 1] if attempt <= len(self._waits) else None

    def wait_capped(self, attempt: int) -> dt.timedelta:
        """The wait after try `attempt`, or the longest wait once the schedule has run out: for
        what must never be given up, like asking intake for contacts."""
        return self._waits[min(attempt, len(self._waits)) - 1] if self._waits else dt.timedelta(minutes=1)

    def span(self) -> dt.timedelta:
        """From the first try to the last."""
        return sum(self._waits, dt.timedelta())
