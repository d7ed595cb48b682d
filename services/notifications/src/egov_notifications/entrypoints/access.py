"""Who may change an administration's notification settings: its own admins, and operators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_sdk.auth import OPERATOR

if TYPE_CHECKING:
    from egov_sdk.auth import Principal


def require_manager(caller: Principal, administration_id: str) -> None:
    if OPERATOR not in caller.roles:
        caller.require_admin_of(administration_id)
