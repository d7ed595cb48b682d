"""Which action each role may take on a case in each state, and the deadline marks of the worklist."""

import datetime as dt
from collections.abc import Callable
from typing import get_args

import pytest

from egov_schemas.lifecycle import ApplicationState
from egov_schemas.work import Applicant, WorkItem
from egov_workspace.domain.cases import (
    ALLOWED_FROM,
    OPEN,
    RESULTING_STATE,
    Case,
    CaseState,
    Decision,
    NotAllowed,
    deadline_mark,
)
from egov_workspace.domain.staff import StaffMember

NOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
TODAY = NOW.date()
CLERK = StaffMember("sofia", "8807220079", "Мария Георгиева", "clerk")
OTHER_CLERK = StaffMember("sofia", "7011050048", "Петя Димитрова", "clerk")
HEAD = StaffMember("sofia", "8503120002", "Георги Стоянов", "head_of_unit")
ADMIN = StaffMember("sofia", "9206150001", "Елена Колева", "admin")
ELSEWHERE = StaffMember("burgas", "6809200000", "Стоян Иванов", "clerk")
DECISIONS: tuple[Decision, ...] = get_args(Decision)
CLOSED = [CaseState.COMPLETED, CaseState.REFUSED, CaseState.WITHDRAWN]
ITEM = WorkItem(
    application_id="a1",
    reference="7K3M-9QXP-4",
    administration_id="sofia",
    service=2020,
    service_version=1,
    submitted_at=NOW,
    applicant=Applicant(identifier="7501010010", name="Иван Петров"),
    form={"purpose": "служебна"},
    processing="staff",
)
# NOTE: what the workspace may offer in each state, written out (not derived from ALLOWED_FROM).
OFFERED: dict[CaseState, list[Decision]] = {
    CaseState.NEW: ["accept", "refuse"],
    CaseState.ACCEPTED: ["request_info", "complete", "refuse"],
    CaseState.AWAITING_INFORMATION: ["refuse"],
    CaseState.INFORMATION_PROVIDED: ["request_info", "complete", "refuse"],
    CaseState.COMPLETED: [],
    CaseState.REFUSED: [],
    CaseState.WITHDRAWN: [],
}

# NOTE: routing's rules, copied from ALLOWED_FROM and RESULTING_STATE in
# services/routing/src/egov_routing/domain/lifecycle.py (keyed there by the reply each decision
# sends: AcceptReply, RequestInfoReply, CompleteReply, RefuseReply). Services never import each
# other, not even in tests: when routing's table changes, this copy and the workspace must follow.
ROUTING_ALLOWED_FROM: dict[Decision, frozenset[ApplicationState]] = {
    "accept": frozenset({ApplicationState.ROUTED, ApplicationState.PAID}),
    "request_info": frozenset({ApplicationState.ACCEPTED, ApplicationState.INFO_PROVIDED}),
    "complete": frozenset({ApplicationState.ACCEPTED, ApplicationState.INFO_PROVIDED}),
    "refuse": frozenset(
        {
            ApplicationState.ROUTED,
            ApplicationState.PAID,
            ApplicationState.ACCEPTED,
            ApplicationState.INFO_REQUESTED,
            ApplicationState.INFO_PROVIDED,
        }
    ),
}
ROUTING_RESULTING_STATE: dict[Decision, ApplicationState] = {
    "accept": ApplicationState.ACCEPTED,
    "request_info": ApplicationState.INFO_REQUESTED,
    "complete": ApplicationState.COMPLETED,
    "refuse": ApplicationState.REFUSED,
}
# NOTE: a work item reaches the workspace from `routed` (no fee) or `paid`: both are its `new`.
AS_ROUTING: dict[CaseState, frozenset[ApplicationState]] = {
    CaseState.NEW: frozenset({ApplicationState.ROUTED, ApplicationState.PAID}),
    CaseState.ACCEPTED: frozenset({ApplicationState.ACCEPTED}),
    CaseState.AWAITING_INFORMATION: frozenset({ApplicationState.INFO_REQUESTED}),
    CaseState.INFORMATION_PROVIDED: frozenset({ApplicationState.INFO_PROVIDED}),
    CaseState.COMPLETED: frozenset({ApplicationState.COMPLETED}),
    CaseState.REFUSED: frozenset({ApplicationState.REFUSED}),
    CaseState.WITHDRAWN: frozenset({ApplicationState.WITHDRAWN}),
}


def case(state: CaseState = CaseState.NEW, assignee: StaffMember | None = None) -> Case:
    return Case(
        application_id=ITEM.application_id,
        administration_id=ITEM.administration_id,
        service=ITEM.service,
        reference=ITEM.reference,
        state=state,
        assignee=assignee.person if assignee else None,
        assignee_name=assignee.name if assignee else None,
        due_date=TODAY + dt.timedelta(days=30),
        submitted_at=NOW,
        received_at=NOW,
        version=1,
        revision=1,
        registration_number=None,
        document_id=None,
        item=ITEM,
    )


def refusal(check: Callable[..., None], *args: object) -> str | None:
    """The reason a check gives, or None when the action is allowed."""
    try:
        check(*args)
    except NotAllowed as refused:
        return refused.reason
    return None


def test_a_refusal_says_its_reason() -> None:
    refused = NotAllowed("not_yours")

    assert (refused.reason, str(refused)) == ("not_yours", "not_yours")


def test_the_open_states_are_those_before_a_decision_ends_the_case() -> None:
    assert set(OPEN) == set(CaseState) - set(CLOSED)
    for state in CaseState:
        assert case(state).open is (state in OPEN)


@pytest.mark.parametrize("state", list(CaseState))
@pytest.mark.parametrize("member", [CLERK, HEAD], ids=["clerk", "head_of_unit"])
def test_the_assignee_is_offered_the_decisions_routing_allows_in_the_state(
    state: CaseState, member: StaffMember
) -> None:
    assert case(state, member).decisions_for(member) == OFFERED[state]


@pytest.mark.parametrize("state", list(CaseState))
def test_nobody_but_the_assignee_is_offered_a_decision(state: CaseState) -> None:
    assert case(state).decisions_for(CLERK) == []
    assert case(state).decisions_for(HEAD) == []
    assert case(state, OTHER_CLERK).decisions_for(CLERK) == []
    assert case(state, OTHER_CLERK).decisions_for(HEAD) == []


@pytest.mark.parametrize("state", list(CaseState))
def test_an_admin_is_offered_no_decision_even_on_a_case_in_their_name(state: CaseState) -> None:
    assert case(state, ADMIN).decisions_for(ADMIN) == []


@pytest.mark.parametrize("state", list(CaseState))
@pytest.mark.parametrize("decision", DECISIONS)
def test_the_assignee_may_take_a_decision_exactly_when_it_is_offered(state: CaseState, decision: Decision) -> None:
    taken = case(state, CLERK)

    expected = None if decision in taken.decisions_for(CLERK) else "not_in_this_state"
    assert refusal(taken.check_decision, CLERK, decision) == expected


@pytest.mark.parametrize("decision", DECISIONS)
def test_a_decision_on_a_colleagues_or_nobodys_case_is_not_yours(decision: Decision) -> None:
    for state in CaseState:
        assert refusal(case(state, OTHER_CLERK).check_decision, CLERK, decision) == "not_yours"
        assert refusal(case(state, OTHER_CLERK).check_decision, HEAD, decision) == "not_yours"
        assert refusal(case(state).check_decision, CLERK, decision) == "not_yours"


@pytest.mark.parametrize("decision", DECISIONS)
def test_an_admin_takes_no_decision(decision: Decision) -> None:
    for state in CaseState:
        assert refusal(case(state, ADMIN).check_decision, ADMIN, decision) == "not_processing_role"
        assert refusal(case(state).check_decision, ADMIN, decision) == "not_processing_role"


def test_a_decision_in_a_closed_state_is_refused_for_the_state() -> None:
    for state in CLOSED:
        for decision in DECISIONS:
            assert refusal(case(state, HEAD).check_decision, HEAD, decision) == "not_in_this_state"


@pytest.mark.parametrize("member", [CLERK, HEAD], ids=["clerk", "head_of_unit"])
@pytest.mark.parametrize("state", sorted(OPEN))
def test_a_clerk_or_head_claims_an_open_unassigned_case(member: StaffMember, state: CaseState) -> None:
    assert refusal(case(state).check_claim, member) is None


@pytest.mark.parametrize("state", CLOSED)
def test_a_closed_case_is_not_claimed(state: CaseState) -> None:
    assert refusal(case(state).check_claim, CLERK) == "closed"
    assert refusal(case(state, OTHER_CLERK).check_claim, CLERK) == "closed"


def test_a_case_someone_has_is_not_claimed() -> None:
    assert refusal(case(CaseState.NEW, OTHER_CLERK).check_claim, CLERK) == "already_assigned"
    assert refusal(case(CaseState.ACCEPTED, CLERK).check_claim, CLERK) == "already_assigned"
    assert refusal(case(CaseState.NEW, CLERK).check_claim, HEAD) == "already_assigned"


def test_an_admin_claims_nothing() -> None:
    assert refusal(case(CaseState.NEW).check_claim, ADMIN) == "not_processing_role"
    assert refusal(case(CaseState.COMPLETED).check_claim, ADMIN) == "not_processing_role"


@pytest.mark.parametrize("to", [CLERK, HEAD, OTHER_CLERK], ids=["clerk", "themselves", "other_clerk"])
@pytest.mark.parametrize("assignee", [None, OTHER_CLERK], ids=["unassigned", "reassigned"])
def test_a_head_of_unit_gives_an_open_case_to_a_colleague_who_processes(
    to: StaffMember, assignee: StaffMember | None
) -> None:
    for state in OPEN:
        assert refusal(case(state, assignee).check_assign, HEAD, to) is None


@pytest.mark.parametrize("member", [CLERK, ADMIN], ids=["clerk", "admin"])
def test_only_a_head_of_unit_assigns(member: StaffMember) -> None:
    assert refusal(case(CaseState.NEW).check_assign, member, OTHER_CLERK) == "only_head_assigns"
    assert refusal(case(CaseState.NEW, member).check_assign, member, member) == "only_head_assigns"
    assert refusal(case(CaseState.COMPLETED).check_assign, member, OTHER_CLERK) == "only_head_assigns"


@pytest.mark.parametrize("state", CLOSED)
def test_a_closed_case_is_not_assigned(state: CaseState) -> None:
    assert refusal(case(state).check_assign, HEAD, CLERK) == "closed"


@pytest.mark.parametrize("to", [ADMIN, ELSEWHERE], ids=["admin", "other_administration"])
def test_a_case_goes_only_to_a_colleague_of_its_administration_who_processes(to: StaffMember) -> None:
    assert refusal(case(CaseState.NEW).check_assign, HEAD, to) == "not_a_colleague"
    assert refusal(case(CaseState.ACCEPTED, CLERK).check_assign, HEAD, to) == "not_a_colleague"


@pytest.mark.parametrize("member", [CLERK, HEAD], ids=["clerk", "head_of_unit"])
@pytest.mark.parametrize("state", sorted(OPEN))
def test_the_assignee_releases_their_open_case(member: StaffMember, state: CaseState) -> None:
    assert refusal(case(state, member).check_release, member) is None


@pytest.mark.parametrize("state", sorted(OPEN))
def test_a_head_of_unit_releases_a_colleagues_case(state: CaseState) -> None:
    assert refusal(case(state, CLERK).check_release, HEAD) is None


@pytest.mark.parametrize("state", sorted(OPEN))
def test_a_clerk_or_admin_does_not_release_a_colleagues_case(state: CaseState) -> None:
    assert refusal(case(state, OTHER_CLERK).check_release, CLERK) == "not_yours"
    assert refusal(case(state, CLERK).check_release, ADMIN) == "not_yours"


@pytest.mark.parametrize("member", [CLERK, HEAD, ADMIN], ids=["clerk", "head_of_unit", "admin"])
def test_a_case_nobody_has_is_not_released(member: StaffMember) -> None:
    assert refusal(case(CaseState.NEW).check_release, member) == "not_yours"


@pytest.mark.parametrize("state", CLOSED)
def test_a_closed_case_is_not_released(state: CaseState) -> None:
    assert refusal(case(state, CLERK).check_release, CLERK) == "closed"
    assert refusal(case(state, CLERK).check_release, HEAD) == "closed"
    assert refusal(case(state).check_release, HEAD) == "closed"


@pytest.mark.parametrize("decision", DECISIONS)
def test_each_decision_is_allowed_from_the_states_routing_allows_it_from(decision: Decision) -> None:
    as_routing = {routing for state in ALLOWED_FROM[decision] for routing in AS_ROUTING[state]}

    assert as_routing == ROUTING_ALLOWED_FROM[decision]


def test_every_decision_routing_knows_is_in_the_workspace_and_no_other() -> None:
    assert set(ALLOWED_FROM) == set(ROUTING_ALLOWED_FROM) == set(DECISIONS) == set(RESULTING_STATE)


@pytest.mark.parametrize("decision", DECISIONS)
def test_each_decision_leads_to_the_state_routing_moves_the_application_to(decision: Decision) -> None:
    assert AS_ROUTING[RESULTING_STATE[decision]] == {ROUTING_RESULTING_STATE[decision]}


def test_the_state_map_covers_every_state_once() -> None:
    assert set(AS_ROUTING) == set(CaseState)
    mapped = [routing for states in AS_ROUTING.values() for routing in states]
    assert len(mapped) == len(set(mapped))


@pytest.mark.parametrize(
    ("due_in_days", "mark"),
    [(-30, "overdue"), (-1, "overdue"), (0, "due_soon"), (1, "due_soon"), (3, "due_soon"), (4, None), (90, None)],
)
@pytest.mark.parametrize("state", sorted(OPEN))
def test_an_open_case_is_marked_overdue_or_due_within_the_days_given(
    due_in_days: int, mark: str | None, state: CaseState
) -> None:
    assert deadline_mark(state, TODAY + dt.timedelta(days=due_in_days), TODAY, 3) == mark


def test_with_no_days_of_warning_only_today_is_due_soon() -> None:
    assert deadline_mark(CaseState.NEW, TODAY, TODAY, 0) == "due_soon"
    assert deadline_mark(CaseState.NEW, TODAY + dt.timedelta(days=1), TODAY, 0) is None
    assert deadline_mark(CaseState.NEW, TODAY - dt.timedelta(days=1), TODAY, 0) == "overdue"


@pytest.mark.parametrize("state", CLOSED)
@pytest.mark.parametrize("due_in_days", [-30, 0, 2, 90])
def test_a_closed_case_has_no_mark(state: CaseState, due_in_days: int) -> None:
    assert deadline_mark(state, TODAY + dt.timedelta(days=due_in_days), TODAY, 3) is None


@pytest.mark.parametrize("state", list(CaseState))
def test_a_case_without_a_due_date_has_no_mark(state: CaseState) -> None:
    assert deadline_mark(state, None, TODAY, 3) is None
