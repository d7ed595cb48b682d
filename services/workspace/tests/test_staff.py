"""What each role may do in the workspace, and a member kept in the session."""

from typing import Any

import pytest

from egov_workspace.domain.staff import ROLES, Role, StaffMember

MEMBER = StaffMember("sofia", "8807220079", "Мария Георгиева", "clerk")


def test_the_roles_are_clerk_head_of_unit_and_admin() -> None:
    assert ROLES == ("clerk", "head_of_unit", "admin")


@pytest.mark.parametrize(
    ("role", "processes", "distributes", "manages"),
    [
        ("clerk", True, False, False),
        ("head_of_unit", True, True, False),
        ("admin", False, False, True),
    ],
)
def test_what_each_role_may_do(role: Role, processes: bool, distributes: bool, manages: bool) -> None:
    member = StaffMember("sofia", "8807220079", "Мария Георгиева", role)

    assert (member.processes, member.distributes, member.manages) == (processes, distributes, manages)


@pytest.mark.parametrize("role", ROLES)
def test_a_member_comes_back_from_the_session_as_they_went_in(role: Role) -> None:
    member = StaffMember("burgas-district", "7011050048", "Петя Димитрова", role)

    assert StaffMember.from_session(member.as_session()) == member


def test_the_session_holds_plain_values() -> None:
    assert MEMBER.as_session() == {
        "administration_id": "sofia",
        "person": "8807220079",
        "name": "Мария Георгиева",
        "role": "clerk",
    }


@pytest.mark.parametrize("role", ["superuser", "Clerk", "", None, 1])
def test_a_session_with_an_unknown_role_is_refused(role: object) -> None:
    with pytest.raises(ValueError, match="unknown role"):
        StaffMember.from_session({**MEMBER.as_session(), "role": role})


@pytest.mark.parametrize("missing", ["administration_id", "person", "name", "role"])
def test_a_session_missing_a_value_is_refused(missing: str) -> None:
    data: dict[str, Any] = MEMBER.as_session()
    del data[missing]

    with pytest.raises(KeyError):
        StaffMember.from_session(data)
