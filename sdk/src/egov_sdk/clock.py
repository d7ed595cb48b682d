"""What time it is for deadlines and retry schedules: the system's clock, or in tests one they set.

Deadline and retry tests must see hours and days pass in seconds, and across a restart of a
service, so the test clock is a file (its whole content an ISO 8601 time) read on every look: a
test moves time by writing it, and a restarted process reads the same time. Without the file, it is the system's clock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from pathlib import Path


BULGARIA = ZoneInfo("Europe/Sofia")
"""Where terms are counted: a day is a day in Bulgaria."""


class Clock:
    def __init__(self, test_file: Path | None = None):
        self._file = test_file

    def now(self) -> dt.datetime:
        if self._file is not None:
            try:
                text = self._file.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                text = ""
            if text:
                return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        """Today in Bulgaria, the day terms are counted in."""
        return self.now().astimezone(BULGARIA).date()
