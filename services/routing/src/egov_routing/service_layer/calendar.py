"""The working calendar in force: Bulgaria's holidays with the decree days as last stored.

Every replica reloads the decree days at each deadline check, and at once after an operator
changes one through it, so a change reaches the whole service within one check interval.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_routing.domain.calendar import WorkingCalendar

if TYPE_CHECKING:
    from egov_routing.adapters.decree_days import DecreeDays


class CalendarSource:
    def __init__(self, days: DecreeDays):
        self._days = days
        self.current = WorkingCalendar()

    async def reload(self) -> None:
        decreed = {day.day: day.working for day in await self._days.all()}
        if decreed != dict(self.current.decree_days):
            self.current = WorkingCalendar(decreed)
