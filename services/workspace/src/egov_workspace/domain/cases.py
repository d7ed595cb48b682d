"""An application as its administration's staff process it: its state in the workspace, who has
it, and which action may follow which state.

The states follow routing's lifecycle (routing applies the decisions and is the judge): a new
application is accepted with a registration number, may be asked for information (any number of
times), and ends completed or refused; the citizen may withdraw it while it is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from egov_schemas.work import WorkItem
from egov_workspace.domain.staff import StaffMember


class CaseState(StrEnum):
    NEW = "new"
    ACCEPTED = "accepted"
    AWAITING_INFORMATION = "awaiting_information"
    INFORMATION_PROVIDED = "information_provided"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


OPEN = frozenset({CaseState.NEW, CaseState.ACCEPTED, CaseState.AWAITING_INFORMATION, CaseState.INFORMATION_PROVIDED})
Decision = Literal["accept", "request_info", "complete", "refuse"]
# NOTE: as routing's rules (egov_routing.domain.lifecycle) allow them: a decision the workspace
# would send and routing refuse would be lost on the citizen, so it is never offered.
ALLOWED_FROM: dict[Decision, frozenset[CaseState]] = {
    "accept": frozenset({CaseState.NEW}),
    "request_info": frozenset({CaseState.ACCEPTED, CaseState.INFORMATION_PROVIDED}),
    "complete": frozenset({CaseState.ACCEPTED, CaseState.INFORMATION_PROVIDED}),
    "refuse": OPEN,
}
RESULTING_STATE: dict[Decision, CaseState] = {
    "accept": CaseState.ACCEPTED,
    "request_info": CaseState.AWAITING_INFORMATION,
    "complete": CaseState.COMPLETED,
    "refuse": CaseState.REFUSED,
}
DeadlineMark = Literal["overdue", "due_soon"]


class NotAllowed(Exception):
    """An action the member may not take on the case now; `reason` is a message key."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Case:
    application_id: str
    administration_id: str
    service: int
    reference: str
    state: CaseState
    assignee: str | None
    assignee_name: str | None
    due_date: dt.date | None
    submitted_at: dt.datetime
    received_at: dt.datetime
    version: int
    revision: int
    registration_number: str | None
    document_id: str | None
    item: WorkItem

    @property
    def open(self) -> bool:
        return self.state in OPEN

    def decisions_for(self, member: StaffMember) -> list[Decision]:
        """The decisions the member may take now (none unless the case is theirs)."""
        if self.assignee != member.person or not member.processes:
            return []
        return [decision for decision, states in ALLOWED_FROM.items() if self.state in states]

    def check_decision(self, member: StaffMember, decision: Decision) -> None:
        if not member.processes:
            raise NotAllowed("not_processing_role")
        if self.assignee != member.person:
            raise NotAllowed("not_yours")
        if self.state not in ALLOWED_FROM[decision]:
            raise NotAllowed("not_in_this_state")

    def check_claim(self, member: StaffMember) -> None:
        if not member.processes:
            raise NotAllowed("not_processing_role")
        if not self.open:
            raise NotAllowed("closed")
        if self.assignee is not None:
            raise NotAllowed("already_assigned")

    def check_assign(self, member: StaffMember, to: StaffMember) -> None:
        if not member.distributes:
            raise NotAllowed("only_head_assigns")
        if not self.open:
            raise NotAllowed("closed")
        if to.administration_id != self.administration_id or not to.processes:
            raise NotAllowed("not_a_colleague")

    def check_release(self, member: StaffMember) -> None:
        if not self.open:
            raise NotAllowed("closed")
        if self.assignee is None or (self.assignee != member.person and not member.distributes):
            raise NotAllowed("not_yours")


def deadline_mark(
    state: CaseState, due_date: dt.date | None, today: dt.date, due_soon_days: int
) -> DeadlineMark | None:
    """Whether an open application is past its due date, or due within `due_soon_days`."""
    if state not in OPEN or due_date is None:
        return None
    if due_date < today:
        return "overdue"
    if due_date <= today + dt.timedelta(days=due_soon_days):
        return "due_soon"
    return None
