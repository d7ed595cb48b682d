"""What a worklist shows: an administration's applications filtered by service, state, assignee
and due date, in due-date order, a page at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from egov_workspace.domain.cases import CaseState

StateFilter = CaseState | Literal["open", "all"]
AssigneeFilter = Literal["me", "unassigned"] | str | None
DueFilter = Literal["overdue", "due_soon"] | None
_STATES: dict[str, StateFilter] = {"open": "open", "all": "all", **{state.value: state for state in CaseState}}
MAX_PAGE = 100_000
EGN_LENGTH = 10


@dataclass(frozen=True)
class Scope:
    """Whose worklist: an administration's, seen by one employee (`me`) on one day."""

    administration_id: str
    me: str
    today: dt.date
    due_soon_days: int


@dataclass(frozen=True)
class WorklistQuery:
    state: StateFilter = "open"
    service: int | None = None
    assignee: AssigneeFilter = None
    due: DueFilter = None
    page: int = 1

    def without_state(self) -> WorklistQuery:
        """The same filters across every state: what the counts per state are counted over."""
        return replace(self, state="all", page=1)

    def params(self, **changed: object) -> dict[str, str]:
        """The query string of this query with `changed` (for links to pages and filters)."""
        values: dict[str, object] = {
            "state": self.state.value if isinstance(self.state, CaseState) else self.state,
            "service": self.service,
            "assignee": self.assignee,
            "due": self.due,
            "page": self.page,
            **changed,
        }
        defaults = {"service": None, "assignee": None, "due": None, "page": 1}
        return {key: str(value) for key, value in values.items() if value is not None and value != defaults.get(key)}


def parse_query(params: Mapping[str, str], services: set[int]) -> tuple[WorklistQuery, list[str]]:
    """The worklist query a page's parameters ask for, and the names of those that were not
    valid (left out of the query, and told)."""
    errors: list[str] = []
    state = _STATES.get(params.get("state") or "open")
    if state is None:
        errors.append("state")
        state = "open"
    service: int | None = None
    if raw := params.get("service"):
        if _number(raw) and int(raw) in services:
            service = int(raw)
        else:
            errors.append("service")
    assignee: AssigneeFilter = params.get("assignee") or None
    if (
        assignee is not None
        and assignee not in ("me", "unassigned")
        and not (_number(assignee) and len(assignee) == EGN_LENGTH)
    ):
        errors.append("assignee")
        assignee = None
    due: DueFilter = None
    raw_due = params.get("due") or None
    if raw_due in ("overdue", "due_soon"):
        due = raw_due  # type: ignore[assignment]
    elif raw_due is not None:
        errors.append("due")
    page = 1
    if raw_page := params.get("page"):
        if _number(raw_page) and 1 <= int(raw_page) <= MAX_PAGE:
            page = int(raw_page)
        else:
            errors.append("page")
    return WorklistQuery(state=state, service=service, assignee=assignee, due=due, page=page), errors


def _number(raw: str) -> bool:
    """Digits 0-9 only (`str.isdigit` also takes "²", which `int` refuses)."""
    return raw.isascii() and raw.isdigit()
