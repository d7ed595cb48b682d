"""The store's schema says literally what the domain says in code: which states are open (its
partial indexes hold only those cases) and which roles there are."""

import re
from pathlib import Path

from egov_workspace.domain.cases import OPEN
from egov_workspace.domain.staff import ROLES

MIGRATION = Path(__file__).parents[1] / "src" / "egov_workspace" / "migrations" / "workspace_0001_workspace.py"
_QUOTED = re.compile(r"'(\w+)'")


def listed(sql_list: str) -> list[str]:
    return _QUOTED.findall(sql_list)


def test_the_partial_indexes_hold_exactly_the_open_states() -> None:
    source = MIGRATION.read_text(encoding="utf-8")
    (open_states,) = re.findall(r"open_states = \"state IN \(([^)]*)\)\"", source)

    assert set(listed(open_states)) == {state.value for state in OPEN}
    assert len(listed(open_states)) == len(OPEN)


def test_every_open_case_index_is_partial_on_the_open_states() -> None:
    source = MIGRATION.read_text(encoding="utf-8")
    indexes = re.findall(r"CREATE INDEX (cases_open\w*) ON cases \([^)]*\) \"?\s*f?\"?WHERE \{open_states\}", source)

    assert indexes == ["cases_open", "cases_open_by_assignee", "cases_open_by_service"]


def test_the_roles_the_store_allows_are_the_domains() -> None:
    source = MIGRATION.read_text(encoding="utf-8")
    (roles,) = re.findall(r"role text NOT NULL CHECK \(role IN \(([^)]*)\)\)", source)

    assert listed(roles) == list(ROLES)
