"""The cases in the store: kept from the work items routing delivers, changed by staff actions
(each naming the revision it was taken on), listed for the worklist from its indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egov_schemas.work import WorkItem
from egov_sdk.store import affected
from egov_workspace.domain.cases import OPEN, Case, CaseState

if TYPE_CHECKING:
    from egov_sdk.store import Store
    from egov_workspace.domain.worklist import Scope, WorklistQuery

_COLUMNS = (
    "application_id, administration_id, service, reference, state, assignee, assignee_name, due_date, "
    "submitted_at, received_at, version, revision, registration_number, document_id"
)
_OPEN = sorted(state.value for state in OPEN)
_IS_OPEN = "state IN ({})".format(", ".join(f"'{state}'" for state in _OPEN))


@dataclass(frozen=True)
class Received:
    """What a work item did to its case: made it (`new`), brought the citizen's answer
    (`answered`), or nothing (an older or repeated version)."""

    new: bool
    answered: bool
    case: Case | None


@dataclass(frozen=True)
class WorklistRow:
    application_id: str
    service: int
    reference: str
    state: CaseState
    assignee: str | None
    assignee_name: str | None
    due_date: dt.date | None
    submitted_at: dt.datetime


class CaseRepository:
    def __init__(self, store: Store):
        self._store = store

    async def receive(self, item: WorkItem, received_at: dt.datetime) -> Received:
        """Keep a work item: a new case, or a newer version of one (the citizen's answer moves
        a case waiting for it to `information_provided`); an older version changes nothing."""
        row = await self._store.fetchrow(
            f"""
            INSERT INTO cases (application_id, administration_id, service, reference, state, due_date,
                               submitted_at, received_at, version, item)
            VALUES ($1, $2, $3, $4, 'new', $5, $6, $7, $8, $9)
            ON CONFLICT (application_id) DO UPDATE SET
                item = excluded.item,
                version = excluded.version,
                due_date = excluded.due_date,
                revision = cases.revision + 1,
                state = CASE WHEN cases.state = 'awaiting_information' THEN 'information_provided' ELSE cases.state END
            WHERE cases.version < excluded.version
            RETURNING {_COLUMNS}, item, (xmax = 0) AS inserted, (state = 'information_provided') AS answered
            """,
            item.application_id,
            item.administration_id,
            item.service,
            item.reference,
            item.due_date,
            item.submitted_at,
            received_at,
            item.version,
            item.model_dump(mode="json"),
        )
        if row is None:
            return Received(new=False, answered=False, case=None)
        return Received(new=row["inserted"], answered=not row["inserted"] and row["answered"], case=_case(row))

    async def withdraw(self, application_id: str) -> Case | None:
        """Mark an open case withdrawn; None when there is none open."""
        row = await self._store.fetchrow(
            f"""
            UPDATE cases SET state = 'withdrawn', revision = revision + 1
            WHERE application_id = $1 AND state = ANY($2::text[])
            RETURNING {_COLUMNS}, item
            """,
            application_id,
            _OPEN,
        )
        return _case(row) if row is not None else None

    async def get(self, application_id: str, administration_id: str) -> Case | None:
        """The case if it is that administration's (another's is as good as missing)."""
        row = await self._store.fetchrow(
            f"SELECT {_COLUMNS}, item FROM cases WHERE application_id = $1 AND administration_id = $2",
            application_id,
            administration_id,
        )
        return _case(row) if row is not None else None

    async def set_assignee(self, case: Case, person: str | None, name: str | None) -> bool:
        """Give the case to `person` (None: to nobody) unless it changed since `case` was read."""
        status = await self._store.execute(
            """
            UPDATE cases SET assignee = $3, assignee_name = $4, revision = revision + 1
            WHERE application_id = $1 AND revision = $2
            """,
            case.application_id,
            case.revision,
            person,
            name,
        )
        return affected(status) == 1

    async def decide(
        self,
        case: Case,
        state: CaseState,
        *,
        registration_number: str | None = None,
        document_id: str | None = None,
    ) -> bool:
        """Move the case to `state` unless it changed since `case` was read."""
        status = await self._store.execute(
            """
            UPDATE cases SET state = $3, revision = revision + 1,
                registration_number = coalesce($4, registration_number), document_id = coalesce($5, document_id)
            WHERE application_id = $1 AND revision = $2
            """,
            case.application_id,
            case.revision,
            state.value,
            registration_number,
            document_id,
        )
        return affected(status) == 1

    async def worklist(self, scope: Scope, query: WorklistQuery, size: int) -> tuple[list[WorklistRow], int]:
        """A page of the worklist in due-date order, and how many match in all. A page past the
        middle is read from the end, backwards: an offset costs the rows it skips, so the last
        page of 75,000 completed cases costs what the first does."""
        where, args = _filters(scope, query)
        total = int(await self._store.fetchval(f"SELECT count(*) FROM cases WHERE {where}", *args))
        start = (query.page - 1) * size
        end = min(start + size, total)
        if start >= total:
            return [], total
        if start <= total - end:
            order, skip, take = "due_date, application_id", start, end - start
        else:
            order, skip, take = "due_date DESC, application_id DESC", total - end, end - start
        rows = await self._store.fetch(
            f"""
            SELECT application_id, service, reference, state, assignee, assignee_name, due_date, submitted_at
            FROM cases WHERE {where}
            ORDER BY {order}
            LIMIT {take} OFFSET {skip}
            """,
            *args,
        )
        if order.endswith("DESC"):
            rows.reverse()
        return [
            WorklistRow(
                application_id=row["application_id"],
                service=row["service"],
                reference=row["reference"],
                state=CaseState(row["state"]),
                assignee=row["assignee"],
                assignee_name=row["assignee_name"],
                due_date=row["due_date"],
                submitted_at=row["submitted_at"],
            )
            for row in rows
        ], total

    async def counts(self, scope: Scope, query: WorklistQuery) -> dict[CaseState, int]:
        """How many applications are in each state under the query's other filters."""
        where, args = _filters(scope, query.without_state())
        rows = await self._store.fetch(f"SELECT state, count(*) AS n FROM cases WHERE {where} GROUP BY state", *args)
        found = {CaseState(row["state"]): int(row["n"]) for row in rows}
        return {state: found.get(state, 0) for state in CaseState}


def _filters(scope: Scope, query: WorklistQuery) -> tuple[str, list[Any]]:
    """The WHERE clause and its arguments: only bound values, never text from the query."""
    clauses = ["administration_id = $1"]
    args: list[Any] = [scope.administration_id]
    if query.state == "open":
        # NOTE: written out, not bound, so that the planner uses the partial indexes of open cases.
        clauses.append(_IS_OPEN)
    elif query.state != "all":
        args.append(query.state.value)
        clauses.append(f"state = ${len(args)}")
    if query.service is not None:
        args.append(query.service)
        clauses.append(f"service = ${len(args)}")
    if query.assignee == "unassigned":
        clauses.append("assignee IS NULL")
    elif query.assignee is not None:
        args.append(scope.me if query.assignee == "me" else query.assignee)
        clauses.append(f"assignee = ${len(args)}")
    if query.due == "overdue":
        args.append(scope.today)
        clauses.append(f"due_date < ${len(args)}")
    elif query.due == "due_soon":
        args.extend([scope.today, scope.today + dt.timedelta(days=scope.due_soon_days)])
        clauses.append(f"due_date BETWEEN ${len(args) - 1} AND ${len(args)}")
    return " AND ".join(clauses), args


def _case(row: Any) -> Case:
    return Case(
        application_id=row["application_id"],
        administration_id=row["administration_id"],
        service=row["service"],
        reference=row["reference"],
        state=CaseState(row["state"]),
        assignee=row["assignee"],
        assignee_name=row["assignee_name"],
        due_date=row["due_date"],
        submitted_at=row["submitted_at"],
        received_at=row["received_at"],
        version=row["version"],
        revision=row["revision"],
        registration_number=row["registration_number"],
        document_id=row["document_id"],
        item=WorkItem.model_validate(row["item"]),
    )
