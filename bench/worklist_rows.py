"""A year of an administration's staff work as rows of the workspace's `cases`, COPYed in.

Each administration gets N cases in arrival order (due dates rising from 60 days ago to 60 days
ahead, with a week's jitter: the table's physical order follows the due date, as it does when
cases arrive one by one). About 85 % are closed; of the open ones about a third are the first
staff member's, a sixth the second's, the rest nobody's. Every row's `item` is a valid work item.

NOTE: the columns are those of migration workspace_0001; when it changes, change `COLUMNS` and `_row`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from egov_schemas.lifecycle import InformationNeeded
from egov_schemas.reference import reference_from_number
from egov_schemas.work import Applicant, InformationExchange, WorkItem
from egov_workspace.domain.cases import OPEN
from egov_workspace.domain.numbering import default_scheme

ELENA = "8807220079"
GEORGI = "7011050048"
NIKOLAY = "9104300027"
# NOTE: the demo staff (egov_eid_sim.identities) cases are given to: (first, second) per administration.
STAFF: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "sofia": ((ELENA, "Елена Иванова"), (GEORGI, "Георги Димитров")),
    "burgas": ((NIKOLAY, "Николай Тодоров"), (NIKOLAY, "Николай Тодоров")),
}
ADMINISTRATIONS = tuple(STAFF)
STATE_SHARES: tuple[tuple[str, float], ...] = (
    ("completed", 0.75),
    ("refused", 0.07),
    ("withdrawn", 0.03),
    ("new", 0.04),
    ("accepted", 0.06),
    ("awaiting_information", 0.03),
    ("information_provided", 0.02),
)
SERVICE_SHARES: tuple[tuple[int, float], ...] = ((2020, 0.4), (1998, 0.3), (2017, 0.2), (2036, 0.1))
OPEN_STATES = frozenset(state.value for state in OPEN)
NUMBERED = frozenset({"accepted", "awaiting_information", "information_provided", "completed"})
REVISIONS = {
    "new": 1,
    "accepted": 3,
    "awaiting_information": 4,
    "information_provided": 5,
    "completed": 4,
    "refused": 3,
    "withdrawn": 2,
}
DUE_SPREAD_DAYS = 60
DUE_JITTER_DAYS = 7
DEADLINE = dt.timedelta(days=14)
REFERENCE_NUMBERS = 2**40
COLUMNS = (
    "application_id",
    "administration_id",
    "service",
    "reference",
    "state",
    "assignee",
    "assignee_name",
    "due_date",
    "submitted_at",
    "received_at",
    "version",
    "revision",
    "registration_number",
    "document_id",
    "item",
)
FORMS: dict[int, dict[str, str]] = {
    2020: {"person_name": "Иван Петров", "person_egn": "7501010010", "relation": "лично", "purpose": "за работа"},
    1998: {"taxpayer_kind": "person", "purpose": "за банка"},
    2017: {
        "person_name": "Иван Петров",
        "person_egn": "7501010010",
        "fiance_name": "Анна Шмит",
        "marriage_country": "Германия",
    },
    2036: {
        "person_name": "Иван Петров",
        "person_egn": "7501010010",
        "spouse_name": "Мария Петрова",
        "purpose": "за съд",
    },
}
Row = tuple[Any, ...]


def pick(rng: random.Random, shares: Sequence[tuple[Any, float]]) -> Any:
    draw, total = rng.random(), 0.0
    for value, share in shares:
        total += share
        if draw < total:
            return value
    return shares[-1][0]


def _base_item(administration: str, service: int, state: str, today: dt.date) -> dict[str, Any]:
    """A valid work item of that administration, service and state, to be copied per row."""
    asked = dt.datetime.combine(today, dt.time(9), dt.UTC)
    information = []
    if state in ("awaiting_information", "information_provided"):
        answered = state == "information_provided"
        information.append(
            InformationExchange(
                request_sequence=3,
                requested_at=asked,
                message="Моля, приложете пълномощно.",
                needed=[InformationNeeded(key="power_of_attorney", kind="attachment", description="Пълномощно")],
                answered_at=asked if answered else None,
            )
        )
    item = WorkItem(
        application_id="00000000-0000-4000-8000-000000000000",
        reference=reference_from_number(0),
        administration_id=administration,
        service=service,
        service_version=1,
        submitted_at=asked,
        applicant=Applicant(identifier="7501010010", name="Иван Петров"),
        form=FORMS[service],
        version=2 if state == "information_provided" else 1,
        information=information,
        due_date=today,
        processing="staff",
    )
    return item.model_dump(mode="json")


def case_rows(n: int, today: dt.date, now: dt.datetime, seed: int | None) -> Iterator[Row]:
    """N cases for each administration, interleaved, in arrival order (COLUMNS' order)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    items = {
        (administration, service, state): _base_item(administration, service, state, today)
        for administration in ADMINISTRATIONS
        for service, _ in SERVICE_SHARES
        for state, _ in STATE_SHARES
    }
    start = rng.randrange(REFERENCE_NUMBERS - len(ADMINISTRATIONS) * n)
    for index in range(n):
        arrival = -DUE_SPREAD_DAYS + 2 * DUE_SPREAD_DAYS * index // max(1, n - 1)
        for offset, administration in enumerate(ADMINISTRATIONS):
            number = start + index * len(ADMINISTRATIONS) + offset
            yield _row(
                rng,
                items,
                administration=administration,
                number=number,
                counter=index + 1,
                arrival=arrival,
                today=today,
                now=now,
            )


def _row(
    rng: random.Random,
    items: dict[tuple[str, int, str], dict[str, Any]],
    *,
    administration: str,
    number: int,
    counter: int,
    arrival: int,
    today: dt.date,
    now: dt.datetime,
) -> Row:
    state: str = pick(rng, STATE_SHARES)
    service: int = pick(rng, SERVICE_SHARES)
    days = max(-DUE_SPREAD_DAYS, min(DUE_SPREAD_DAYS, arrival + rng.randint(-DUE_JITTER_DAYS, DUE_JITTER_DAYS)))
    due_date = today + dt.timedelta(days=days)
    earliest = dt.datetime.combine(due_date, dt.time(), dt.UTC) - DEADLINE + dt.timedelta(seconds=rng.randrange(86400))
    submitted_at = min(earliest, now - dt.timedelta(seconds=rng.randrange(60, 86400)))
    first, second = STAFF[administration]
    if state in OPEN_STATES:
        draw = rng.random()
        assignee = first if draw < 1 / 3 else second if draw < 1 / 2 else None
    elif state == "withdrawn":
        assignee = None
    else:
        assignee = first if rng.random() < 1 / 2 else second
    application_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    reference = reference_from_number(number)
    item = {
        **items[(administration, service, state)],
        "application_id": application_id,
        "reference": reference,
        "submitted_at": submitted_at.isoformat(),
        "due_date": due_date.isoformat(),
    }
    registration = default_scheme(administration).number(submitted_at.year, counter) if state in NUMBERED else None
    # NOTE: asyncpg's COPY takes jsonb as its JSON text.
    return (
        application_id,
        administration,
        service,
        reference,
        state,
        assignee[0] if assignee else None,
        assignee[1] if assignee else None,
        due_date,
        submitted_at,
        submitted_at + dt.timedelta(seconds=1),
        item["version"],
        REVISIONS[state],
        registration,
        None,
        json.dumps(item, ensure_ascii=False),
    )
