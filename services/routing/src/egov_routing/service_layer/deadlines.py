"""The deadline scheduler: `deadline_approaching` and `overdue`, each once per application and
due date, whoever runs it and however often it restarts.

Each check marks the application (the due date the reminder was for) and queues the event in
one transaction, and replicas skip the rows another one holds, so a reminder is never sent twice
and, once the store has it, never lost. A due date moved by a pause is a new due date: its
reminders come again. Nothing is kept in memory between checks but the calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_schemas.lifecycle import ApplicationOverdue, DeadlineApproaching, LifecycleEvent
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationState, DeadlineCounts, Deadlines
    from egov_routing.service_layer.calendar import CalendarSource
    from egov_sdk.clock import Clock
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

log = get_logger(__name__)
BATCH = 200


class DeadlineScheduler:
    def __init__(
        self,
        store: Store,
        deadlines: Deadlines,
        outbox: Outbox,
        *,
        calendar: CalendarSource,
        clock: Clock,
        source: str,
        warn_working_days: int,
    ):
        self._store = store
        self._deadlines = deadlines
        self._outbox = outbox
        self._calendar = calendar
        self._clock = clock
        self._source = source
        self._warn = warn_working_days

    def due_soon_until(self, today: dt.date) -> dt.date:
        """The last due date that counts as approaching today."""
        return self._calendar.current.add_working_days(today, self._warn)

    async def check(self) -> int:
        """Send what is due now; how many reminders were sent."""
        await self._calendar.reload()
        today = self._clock.today()
        sent = 0
        # NOTE: an application already overdue gets `overdue` only: it is past approaching.
        sent += await self._remind("approaching_for", today, self.due_soon_until(today), today)
        sent += await self._remind("overdue_for", dt.date.min, today - dt.timedelta(days=1), today)
        return sent

    async def counts(self, administration_id: str | None) -> list[DeadlineCounts]:
        today = self._clock.today()
        return await self._deadlines.counts(today, self.due_soon_until(today), administration_id)

    async def _remind(self, reminder: str, earliest: dt.date, latest: dt.date, today: dt.date) -> int:
        sent = 0
        while True:
            async with self._store.transaction():
                due = await self._deadlines.due(reminder, earliest, latest, BATCH)
                records = []
                for application in due:
                    sequence = await self._deadlines.mark(reminder, application.id)
                    event = self._event(reminder, application, sequence, today)
                    records.append(to_record(event, topic=topics.APPLICATIONS, source=self._source))
                await self._outbox.add(records)
            sent += len(due)
            if due:
                log.info("deadline_reminders_sent", reminder=reminder.removesuffix("_for"), count=len(due))
            if len(due) < BATCH:
                return sent

    def _event(self, reminder: str, application: ApplicationState, sequence: int, today: dt.date) -> LifecycleEvent:
        assert application.due_date is not None  # NOTE: the query selects by due date
        common = {
            **application.ids(),
            "sequence": sequence,
            "occurred_at": self._clock.now(),
            "due_date": application.due_date,
        }
        if reminder == "overdue_for":
            return ApplicationOverdue(**common)
        left = self._calendar.current.working_days_between(today, application.due_date)
        return DeadlineApproaching(**common, working_days_left=left)
