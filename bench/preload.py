"""Fill the services' databases with N completed applications by COPY, so a run starts at scale.

Each preloaded application looks like one the platform carried through: submitted, routed,
accepted and completed by Sofia's handler, with the rows every service keeps for it (intake's
application and history, routing's record, the notifications, and every consumer's record of the
events it handled). Only the databases given in `database_urls` are filled.

NOTE: the tables are those of the services' first migrations; when a migration changes them,
change `TABLES` below (one entry per table: its database, columns and rows per application).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.application_body import SAMPLE_APPLICATION
from bench.postgres import connect
from egov_schemas.reference import reference_from_number

REFERENCE_NUMBERS = 2**40
CHUNK = 20_000
"""Applications per COPY: bounds memory whatever N is."""
SPACING = dt.timedelta(seconds=1)
"""Between two preloaded submissions, so their history reaches back N seconds."""
STEP = dt.timedelta(milliseconds=50)
"""Between two transitions of one application."""
SERVICE_VERSION = 1
DUE_AFTER = dt.timedelta(days=14)
LIFECYCLE = ("submitted", "routed", "accepted", "completed")
NOTIFIED = ("routed", "accepted", "completed")
"""The lifecycle states notifications records a notification for (egov_notifications.service_layer.notify)."""

Row = tuple[Any, ...]


@dataclass(frozen=True)
class PreloadedApplication:
    id: str
    submitted_at: dt.datetime
    reference: str

    def at(self, state: str) -> dt.datetime:
        return self.submitted_at + STEP * LIFECYCLE.index(state)

    def event_id(self, label: str) -> str:
        return f"{self.id}.{label}"

    @property
    def registration_number(self) -> str:
        return f"СО-{self.submitted_at:%Y%m%d}-{self.id[:8].upper()}"

    @property
    def completed_at(self) -> dt.datetime:
        return self.at("completed")


@dataclass(frozen=True)
class Table:
    database: str
    name: str
    columns: tuple[str, ...]
    rows: Callable[[PreloadedApplication], Iterable[Row]]


_APPLICANT = json.dumps(SAMPLE_APPLICATION["applicant"], ensure_ascii=False)
_FORM = json.dumps(SAMPLE_APPLICATION["form"], ensure_ascii=False)
_ADMINISTRATION = str(SAMPLE_APPLICATION["administration_id"])
_SERVICE = int(SAMPLE_APPLICATION["service"])


def _intake_application(app: PreloadedApplication) -> Iterable[Row]:
    # NOTE: asyncpg's COPY takes jsonb as its JSON text.
    yield (
        app.id,
        _ADMINISTRATION,
        _SERVICE,
        SERVICE_VERSION,
        "ordinary",
        _APPLICANT,
        _FORM,
        app.submitted_at,
        "completed",
        len(LIFECYCLE),
        app.reference,
    )


def _status_history(app: PreloadedApplication) -> Iterable[Row]:
    details = {
        "accepted": {"registration_number": app.registration_number},
        "completed": {"document_id": f"heirs-{app.id}"},
    }
    for sequence, state in enumerate(LIFECYCLE, start=1):
        yield (app.id, sequence, state, app.at(state), json.dumps(details.get(state, {}), ensure_ascii=False))


def _routing_application(app: PreloadedApplication) -> Iterable[Row]:
    yield (
        app.id,
        _ADMINISTRATION,
        _SERVICE,
        SERVICE_VERSION,
        app.submitted_at,
        "completed",
        len(LIFECYCLE),
        (app.submitted_at + DUE_AFTER).date(),
        app.completed_at,
        app.reference,
    )


def _notifications(app: PreloadedApplication) -> Iterable[Row]:
    for state in NOTIFIED:
        yield (
            app.event_id(state),
            app.id,
            _ADMINISTRATION,
            state,
            f"application.{state}",
            "bg",
            "portal",
            "recorded",
            app.at(state),
        )


def _processed(consumer: str, labels: Sequence[str]) -> Callable[[PreloadedApplication], Iterable[Row]]:
    """One row per event `consumer` handled for an application; labels name those events."""

    def rows(app: PreloadedApplication) -> Iterable[Row]:
        for label in labels:
            yield (consumer, app.event_id(label), app.completed_at)

    return rows


_PROCESSED_EVENTS = ("consumer", "event_id", "handled_at")
TABLES: tuple[Table, ...] = (
    Table(
        "intake",
        "applications",
        (
            "id",
            "administration_id",
            "service",
            "service_version",
            "tier",
            "applicant",
            "form",
            "submitted_at",
            "status",
            "sequence",
            "reference",
        ),
        _intake_application,
    ),
    Table("intake", "status_history", ("application_id", "sequence", "state", "at", "detail"), _status_history),
    Table("intake", "processed_events", _PROCESSED_EVENTS, _processed("intake.status", LIFECYCLE)),
    Table(
        "routing",
        "applications",
        (
            "id",
            "administration_id",
            "service",
            "service_version",
            "submitted_at",
            "state",
            "sequence",
            "due_date",
            "updated_at",
            "reference",
        ),
        _routing_application,
    ),
    Table("routing", "processed_events", _PROCESSED_EVENTS, _processed("routing.submissions", ("received",))),
    Table("routing", "processed_events", _PROCESSED_EVENTS, _processed("routing.replies", ("accept", "complete"))),
    Table("handler-sofia", "processed_events", _PROCESSED_EVENTS, _processed("handler.sofia", ("work_item",))),
    Table(
        "notifications",
        "notifications",
        (
            "id",
            "application_id",
            "administration_id",
            "state",
            "template",
            "language",
            "channel",
            "status",
            "created_at",
        ),
        _notifications,
    ),
    Table("notifications", "processed_events", _PROCESSED_EVENTS, _processed("notifications.lifecycle", LIFECYCLE)),
)


def preloaded_applications(n: int, now: dt.datetime) -> Iterable[PreloadedApplication]:
    first = now - SPACING * n
    # NOTE: consecutive reference numbers from a random start: unique among the preloaded ones.
    start = secrets.randbelow(REFERENCE_NUMBERS - n)
    for number in range(n):
        yield PreloadedApplication(str(uuid.uuid4()), first + SPACING * number, reference_from_number(start + number))


def _chunks(applications: Iterable[PreloadedApplication], size: int) -> Iterable[list[PreloadedApplication]]:
    chunk: list[PreloadedApplication] = []
    for application in applications:
        chunk.append(application)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def preload(database_urls: dict[str, str], n: int) -> None:
    """COPY `n` completed applications into every database of `database_urls` (keys as in TABLES)."""
    if n <= 0:
        return
    tables = [table for table in TABLES if table.database in database_urls]
    connections = {database: await connect(database_urls[database]) for database in {t.database for t in tables}}
    try:
        for chunk in _chunks(preloaded_applications(n, dt.datetime.now(dt.UTC)), CHUNK):
            # NOTE: tables in TABLES order, so intake's applications exist before their history.
            for table in tables:
                records = [row for application in chunk for row in table.rows(application)]
                await connections[table.database].copy_records_to_table(
                    table.name, records=records, columns=table.columns
                )
    finally:
        for connection in connections.values():
            await connection.close()
