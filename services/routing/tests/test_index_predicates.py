"""The scheduler's and the deadline view's statements repeat the predicates of the partial indexes
that serve them word for word (the planner matches them as text): a change to one side only would
leave the statements scanning the whole table without any test failing."""

import importlib.util
import re

from egov_routing.adapters import repository
from egov_routing.bootstrap import MIGRATIONS
from egov_schemas.lifecycle import FINAL_STATES, ApplicationState

_spec = importlib.util.spec_from_file_location("routing_0002", MIGRATIONS / "routing_0002_lifecycle.py")
assert _spec is not None
assert _spec.loader is not None
migration = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(migration)


def states_in(predicate: str) -> set[str]:
    return set(re.findall(r"'([a-z_]+)'", predicate))


def test_the_statements_use_the_indexes_predicates():
    assert repository._REMINDERS == {"approaching_for": migration.REMINDER_DUE, "overdue_for": migration.OVERDUE_DUE}


def test_open_means_not_ended_and_the_term_runs_while_no_one_waits_for_the_citizen():
    assert states_in(repository._OPEN) == {state.value for state in FINAL_STATES}
    assert states_in(migration.TERM_RUNS) == {
        ApplicationState.ROUTED.value,
        ApplicationState.PAID.value,
        ApplicationState.ACCEPTED.value,
        ApplicationState.INFO_PROVIDED.value,
    }
