"""Routing's shadow decisions on PostgreSQL: recorded once, read by Sofia's day, newest first."""

from __future__ import annotations

import datetime as dt

from egov_routing.adapters.repository import ApplicationState, ApplicationStates
from egov_routing.adapters.shadow_decisions import ShadowDecisions
from egov_routing.bootstrap import MIGRATIONS
from egov_schemas.reference import new_reference
from egov_schemas.work import AcceptReply, CompleteReply, RefuseReply
from egov_sdk.migrate import upgrade_async
from egov_sdk.outbox import Outbox

SOFIA = dt.timezone(dt.timedelta(hours=2))  # NOTE: December: Sofia is at UTC+2
DAY = dt.date(2026, 12, 1)


async def application(store, application_id: str, state: str) -> None:
    at = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    stored = ApplicationState(application_id, "gabrovo", 2039, 1, at, state, 5, None, at, new_reference())
    async with store.transaction():
        await ApplicationStates(store, Outbox(store)).create(stored, [])


def reply(kind: type, application_id: str, at: dt.datetime, **fields: object):
    common = {"application_id": application_id, "administration_id": "gabrovo", "decided_at": at, "shadow": True}
    return kind(**common, reply_id=f"{application_id}-{kind.__name__}", **fields)


async def test_decisions_are_kept_once_and_read_by_sofias_day_newest_first(settings, store):
    await upgrade_async(settings.database_url, MIGRATIONS)
    decisions = ShadowDecisions(store)
    # NOTE: 23:30 UTC on 30 November is already 1 December in Sofia; 21:30 UTC is not.
    first_in_sofia = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)
    for application_id, started, state in (
        ("before", dt.datetime(2026, 11, 30, 21, 30, tzinfo=dt.UTC), "completed"),
        ("early", first_in_sofia, "refused"),
        ("later", dt.datetime(2026, 12, 2, 9, tzinfo=SOFIA), "completed"),
    ):
        await application(store, application_id, state)
        await decisions.record(reply(AcceptReply, application_id, started, registration_number="Г-1"), 2039, "accept")
        finished = started + dt.timedelta(hours=3)
        await decisions.record(reply(CompleteReply, application_id, finished), 2039, "complete")
    await decisions.record(reply(CompleteReply, "later", dt.datetime(2026, 12, 2, 12, tzinfo=SOFIA)), 2039, "complete")
    await decisions.record(
        reply(RefuseReply, "later", dt.datetime(2026, 12, 3, tzinfo=SOFIA), reasons=["r"]), 2039, "refuse"
    )

    found, total = await decisions.of_service("gabrovo", 2039, DAY, limit=10)
    assert total == 2
    assert [(a.application_id, a.state, a.decisions) for a in found] == [
        ("later", "completed", ["accept", "complete", "refuse"]),
        ("early", "refused", ["accept", "complete"]),
    ]
    newest, total = await decisions.of_service("gabrovo", 2039, None, limit=1)
    assert ([a.application_id for a in newest], total) == (["later"], 3)
    assert await decisions.of_service("gabrovo", 2016, None, limit=10) == ([], 0)
    assert await decisions.of_service("sofia", 2039, None, limit=10) == ([], 0)
