"""Working days in Bulgaria: weekends and official holidays (Labour Code, art. 154) are not.

Fixed holidays: 1 Jan, 3 Mar, 1 May, 6 May, 24 May, 6 Sep, 22 Sep, 24-26 Dec. Easter holidays
follow the Orthodox calendar: Good Friday to Easter Monday. When a fixed holiday falls on a
weekend, the first working day after it is off too (art. 154(2)); the Council of Ministers'
ad-hoc swaps of working days are not modelled.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

BULGARIA = ZoneInfo("Europe/Sofia")

_FIXED = ((1, 1), (3, 3), (5, 1), (5, 6), (5, 24), (9, 6), (9, 22), (12, 24), (12, 25), (12, 26))


def orthodox_easter(year: int) -> dt.date:
    """Meeus' Julian algorithm, converted to the Gregorian calendar (valid 1900-2099)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return dt.date(year, month, day + 1) + dt.timedelta(days=13)


@cache
def holidays(year: int) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for month, day in _FIXED:
        holiday = dt.date(year, month, day)
        days.add(holiday)
    for month, day in _FIXED:
        holiday = dt.date(year, month, day)
        if holiday.weekday() >= 5:
            substitute = holiday + dt.timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in days:
                substitute += dt.timedelta(days=1)
            days.add(substitute)
    easter = orthodox_easter(year)
    days.update(easter + dt.timedelta(days=offset) for offset in (-2, -1, 0, 1))
    return frozenset(days)


def filing_date(moment: dt.datetime) -> dt.date:
    """The date an application counts as filed: the local date in Bulgaria, not UTC's (which is
    the day before for anything filed between midnight and 02:00 or 03:00 local time)."""
    return moment.astimezone(BULGARIA).date()


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the day of filing itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def due_date(start: dt.date, days: int, *, working_days: bool) -> dt.date:
    return add_working_days(start, days) if working_days else start + dt.timedelta(days=days)
