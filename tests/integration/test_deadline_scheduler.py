"""The deadline scheduler on a real PostgreSQL: replicas checking at once send each reminder once,
a moved due date gets its reminders again, and paused or ended applications get none."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING

from egov_routing.adapters.decree_days import DecreeDays
from egov_routing.adapters.repository import ApplicationState, ApplicationStates, Deadlines
from egov_routing.bootstrap import MIGRATIONS
from egov_routing.service_layer.calendar import CalendarSource
from egov_routing.service_layer.deadlines import DeadlineScheduler
from egov_schemas.reference import new_reference
from egov_sdk.clock import Clock
from egov_sdk.migrate import upgrade_async
from egov_sdk.outbox import Outbox
from egov_sdk.store import Store

if TYPE_CHECKING:
    from pathlib import Path

DUE = dt.date(2026, 12, 10)  # a Thursday
APPROACHING, OVERDUE = "bg.egov.application.deadline_approaching.v2", "bg.egov.application.overdue.v2"


def application(application_id: str, state: str, due: dt.date | None = DUE) -> ApplicationState:
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    return ApplicationState(
        id=application_id,
        administration_id="sofia",
        service=2020,
        service_version=1,
        submitted_at=now,
        state=state,
        sequence=2,
        due_date=due,
        updated_at=now,
        reference=new_reference(),
    )


async def reminders(store: Store) -> list[tuple[str, str]]:
    rows = await store.fetch("SELECT key, headers->>'ce_type' AS ce_type FROM outbox ORDER BY id")
    return [(row["key"], row["ce_type"]) for row in rows if "deadline" in row["ce_type"] or "overdue" in row["ce_type"]]


async def test_replicas_send_each_reminder_once_and_a_moved_due_date_gets_its_own(settings, tmp_path: Path):
    await upgrade_async(settings.database_url, MIGRATIONS)
    clock_file = tmp_path / "now"
    stores = [Store(settings), Store(settings)]
    for store in stores:
        await store.open()
    try:
        outboxes = [Outbox(store) for store in stores]
        states = ApplicationStates(stores[0], outboxes[0])
        for app in (
            application("open", "accepted"),
            application("paused", "info_requested"),
            application("ended", "completed"),
            application("unpaid-yet", "awaiting_payment", None),
        ):
            await states.create(app, [])
        schedulers = [
            DeadlineScheduler(
                store,
                Deadlines(store),
                outbox,
                calendar=CalendarSource(DecreeDays(store)),
                clock=Clock(clock_file),
                source="/it",
                warn_working_days=3,
            )
            for store, outbox in zip(stores, outboxes, strict=True)
        ]

        async def check_everywhere() -> None:
            await asyncio.gather(*(scheduler.check() for scheduler in schedulers for _ in range(3)))

        clock_file.write_text("2026-12-07T10:00:00+02:00")  # Monday: due in three working days
        await check_everywhere()
        assert await reminders(stores[0]) == [("open", APPROACHING)]

        clock_file.write_text("2026-12-11T10:00:00+02:00")  # Friday: a day late
        await check_everywhere()
        assert await reminders(stores[0]) == [("open", APPROACHING), ("open", OVERDUE)]

        # An answer moved the due date (say): its reminders come again, once.
        await stores[0].execute("UPDATE applications SET due_date = $1 WHERE id = 'open'", DUE + dt.timedelta(days=7))
        clock_file.write_text("2026-12-16T10:00:00+02:00")
        await check_everywhere()
        clock_file.write_text("2026-12-18T10:00:00+02:00")
        await check_everywhere()
        assert await reminders(stores[0]) == [("open", APPROACHING), ("open", OVERDUE)] * 2
        sequences = await stores[0].fetchval("SELECT sequence FROM applications WHERE id = 'open'")
        assert sequences == 2 + 4

        [counts] = await schedulers[0].counts("sofia")
        assert (counts.open, counts.overdue, counts.due_soon) == (3, 1, 0)
    finally:
        for store in stores:
            await store.close()
