"""The worklist's query string: what each parameter may be, what is told when it is not, and the
links a page builds from its query."""

import itertools

import pytest

from egov_workspace.domain.cases import CaseState
from egov_workspace.domain.worklist import MAX_PAGE, WorklistQuery, parse_query

SERVICES = {2016, 2020}
EGN = "8807220079"


def test_no_parameters_ask_for_the_first_page_of_open_applications() -> None:
    assert parse_query({}, SERVICES) == (WorklistQuery(), [])
    assert WorklistQuery() == WorklistQuery(state="open", service=None, assignee=None, due=None, page=1)


def test_empty_parameters_are_as_if_not_given() -> None:
    empty = {"state": "", "service": "", "assignee": "", "due": "", "page": ""}

    assert parse_query(empty, SERVICES) == (WorklistQuery(), [])


def test_parameters_the_worklist_does_not_know_are_ignored() -> None:
    assert parse_query({"sort": "name", "q": "Иван"}, SERVICES) == (WorklistQuery(), [])


@pytest.mark.parametrize("state", ["open", "all"])
def test_open_and_all_are_states_to_filter_by(state: str) -> None:
    assert parse_query({"state": state}, SERVICES) == (WorklistQuery(state=state), [])  # type: ignore[arg-type]


@pytest.mark.parametrize("state", list(CaseState))
def test_each_case_state_is_a_state_to_filter_by(state: CaseState) -> None:
    query, errors = parse_query({"state": state.value}, SERVICES)

    assert errors == []
    assert query.state is state


@pytest.mark.parametrize("state", ["closed", "NEW", "Open", " open", "state_new"])
def test_an_unknown_state_is_told_and_open_applications_shown(state: str) -> None:
    assert parse_query({"state": state}, SERVICES) == (WorklistQuery(), ["state"])


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_service_the_administration_processes_is_a_filter(service: int) -> None:
    assert parse_query({"service": str(service)}, SERVICES) == (WorklistQuery(service=service), [])


@pytest.mark.parametrize("service", ["1997", "0", "-2016", "2016.0", "+2016", "two", " 2016", "99999999999999999999"])
def test_a_service_not_among_the_administrations_is_told_and_left_out(service: str) -> None:
    assert parse_query({"service": service}, SERVICES) == (WorklistQuery(), ["service"])


def test_no_service_is_valid_when_the_administration_has_none() -> None:
    assert parse_query({"service": "2016"}, set()) == (WorklistQuery(), ["service"])


@pytest.mark.parametrize("assignee", ["me", "unassigned", EGN, "0000000000"])
def test_me_unassigned_or_a_personal_number_is_an_assignee(assignee: str) -> None:
    assert parse_query({"assignee": assignee}, SERVICES) == (WorklistQuery(assignee=assignee), [])


@pytest.mark.parametrize("assignee", ["ME", "nobody", "880722007", "88072200791", "880722007x", "+880722007"])
def test_any_other_assignee_is_told_and_left_out(assignee: str) -> None:
    assert parse_query({"assignee": assignee}, SERVICES) == (WorklistQuery(), ["assignee"])


@pytest.mark.parametrize("due", ["overdue", "due_soon"])
def test_overdue_and_due_soon_are_due_filters(due: str) -> None:
    assert parse_query({"due": due}, SERVICES) == (WorklistQuery(due=due), [])  # type: ignore[arg-type]


@pytest.mark.parametrize("due", ["late", "OVERDUE", "soon"])
def test_any_other_due_filter_is_told_and_left_out(due: str) -> None:
    assert parse_query({"due": due}, SERVICES) == (WorklistQuery(), ["due"])


@pytest.mark.parametrize("page", [1, 2, 57, MAX_PAGE])
def test_a_page_from_one_to_the_last_is_shown(page: int) -> None:
    assert parse_query({"page": str(page)}, SERVICES) == (WorklistQuery(page=page), [])


@pytest.mark.parametrize("page", ["0", "00", str(MAX_PAGE + 1), "-1", "+2", "1.5", "two", "1e3", " 2"])
def test_a_page_out_of_bounds_is_told_and_the_first_shown(page: str) -> None:
    assert parse_query({"page": page}, SERVICES) == (WorklistQuery(), ["page"])


@pytest.mark.parametrize("name", ["page", "service"])
def test_a_number_written_with_a_superscript_digit_is_told_not_raised(name: str) -> None:
    # NOTE: `str.isdigit` holds for "²", which `int` refuses: the page would fail (500).
    assert parse_query({name: "²"}, SERVICES) == (WorklistQuery(), [name])


def test_every_bad_parameter_is_told_by_name_and_the_good_ones_kept() -> None:
    params = {"state": "x", "service": "1", "assignee": "x", "due": "x", "page": "0"}

    assert parse_query(params, SERVICES) == (WorklistQuery(), ["state", "service", "assignee", "due", "page"])
    assert parse_query({**params, "state": "accepted", "due": "overdue"}, SERVICES) == (
        WorklistQuery(state=CaseState.ACCEPTED, due="overdue"),
        ["service", "assignee", "page"],
    )


def _queries() -> list[WorklistQuery]:
    states: list[CaseState | str] = ["open", "all", *CaseState]
    return [
        WorklistQuery(state=state, service=service, assignee=assignee, due=due, page=page)  # type: ignore[arg-type]
        for state, service, assignee, due, page in itertools.product(
            states, [None, *sorted(SERVICES)], [None, "me", "unassigned", EGN], [None, "overdue", "due_soon"], [1, 2]
        )
    ]


def test_a_querys_parameters_give_the_query_back() -> None:
    for query in _queries():
        assert parse_query(query.params(), SERVICES) == (query, []), query


def test_the_parameters_of_a_service_numbered_one_give_it_back() -> None:
    query = WorklistQuery(service=1)

    assert query.params() == {"state": "open", "service": "1"}
    assert parse_query(query.params(), {1}) == (query, [])


def test_the_parameters_hold_the_state_and_only_the_filters_set() -> None:
    assert WorklistQuery().params() == {"state": "open"}
    assert WorklistQuery(state=CaseState.AWAITING_INFORMATION).params() == {"state": "awaiting_information"}
    query = WorklistQuery(state="all", service=2016, assignee=EGN, due="due_soon", page=3)
    assert query.params() == {"state": "all", "service": "2016", "assignee": EGN, "due": "due_soon", "page": "3"}


def test_the_parameters_of_a_link_change_what_is_asked() -> None:
    query = WorklistQuery(service=2016, assignee="me", page=4)

    assert query.params(page=5) == {"state": "open", "service": "2016", "assignee": "me", "page": "5"}
    assert query.params(page=1) == {"state": "open", "service": "2016", "assignee": "me"}
    assert query.params(state=CaseState.NEW, page=1) == {"state": "new", "service": "2016", "assignee": "me"}
    assert query.params(assignee=None) == {"state": "open", "service": "2016", "page": "4"}


def test_without_the_state_the_filters_stay_on_every_state_from_the_first_page() -> None:
    query = WorklistQuery(state=CaseState.ACCEPTED, service=2016, assignee="unassigned", due="overdue", page=7)

    assert query.without_state() == WorklistQuery(
        state="all", service=2016, assignee="unassigned", due="overdue", page=1
    )
    assert query.without_state().without_state() == query.without_state()
