"""Working days in Bulgaria, which statutory terms count (АПК чл. 57 and the like).

A working day is Monday to Friday, less Bulgaria's public holidays, as the `holidays` package
keeps them: the Labour Code's list (чл. 154), Orthodox Easter from Good Friday to Easter Monday,
and a holiday that falls on a weekend moved to the next working day. Over that lie the days the
Council of Ministers moves by decree (a Saturday worked to bridge a holiday, a Friday given off):
those cannot be computed, so operators keep them in routing's editable list of decree days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

import holidays

from egov_sdk.clock import BULGARIA


def filing_date(moment: dt.datetime) -> dt.date:
    """The date an application counts as filed: the local date in Bulgaria, not UTC's (which is
    the day before for anything filed between midnight and 02:00 or 03:00 local time)."""
    return moment.astimezone(BULGARIA).date()


class WorkingCalendar:
    def __init__(self, decree_days: Mapping[dt.date, bool] | None = None):
        """`decree_days`: day → whether it is a working day, as a decree made it."""
        self.decree_days = MappingProxyType(dict(decree_days or {}))
        self._holidays = holidays.country_holidays("BG")

    def is_working_day(self, day: dt.date) -> bool:
        decreed = self.decree_days.get(day)
        if decreed is not None:
            return decreed
        return day.weekday() < 5 and day not in self._holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date `days` working days after `start` (the day of filing itself does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days follow `start` up to and including `end` (0 when end ≤ start)."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def due_date(self, start: dt.date, days: int, *, working_days: bool) -> dt.date:
        return self.add_working_days(start, days) if working_days else start + dt.timedelta(days=days)
