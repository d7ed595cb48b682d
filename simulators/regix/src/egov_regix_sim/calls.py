"""The journal of SOAP calls the simulator received, newest first, for tests and developers: what
was asked, on whose behalf (the CallContext) and how it ended.

NOTE: logs and lists must not hold personal numbers, so every 10-digit run (an EGN's or LNCh's
shape) in a recorded text is masked to its last digit before the call is kept. In memory only;
the newest `MAX_CALLS` are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from egov_schemas.identifiers import mask_personal_numbers

MAX_CALLS = 10_000

# NOTE: RegiX's CallContext fields → the journal's keys ("Aditional" is RegiX's spelling).
CONTEXT_FIELDS = {
    "ServiceURI": "service_uri",
    "ServiceType": "service_type",
    "EmployeeIdentifier": "employee_identifier",
    "EmployeeNames": "employee_names",
    "EmployeeAditionalIdentifier": "employee_additional_identifier",
    "EmployeePosition": "employee_position",
    "AdministrationOId": "administration_oid",
    "AdministrationName": "administration_name",
    "ResponsiblePersonIdentifier": "responsible_person_identifier",
    "LawReason": "law_reason",
    "Remark": "remark",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Call:
    """One SOAP call, filled in as the message is read (a malformed one leaves most fields None)."""

    soap_action: str | None
    received_at: dt.datetime = field(default_factory=_now)
    action: str | None = None  # the IRegiXEntryPoint operation: ExecuteSynchronous, Execute, CheckResult
    operation: str | None = None  # the registry operation asked for
    argument: str | None = None  # the argument's values, space-separated
    service_call_id: int | None = None
    call_context: dict[str, str | None] = field(default_factory=dict)
    citizen_egn: str | None = None
    employee_egn: str | None = None
    fault: str | None = None

    def view(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "received_at": self.received_at.isoformat()}


def _masked(text: str | None) -> str | None:
    return None if text is None else mask_personal_numbers(text)


class Calls:
    def __init__(self, keep: int = MAX_CALLS) -> None:
        self._calls: deque[Call] = deque(maxlen=keep)

    def record(self, call: Call) -> None:
        """Keep a copy of `call` with its personal numbers masked."""
        self._calls.appendleft(
            dataclasses.replace(
                call,
                argument=_masked(call.argument),
                call_context={key: _masked(value) for key, value in call.call_context.items()},
                citizen_egn=_masked(call.citizen_egn),
                employee_egn=_masked(call.employee_egn),
                fault=_masked(call.fault),
            )
        )

    def calls(self) -> list[Call]:
        """Newest first."""
        return list(self._calls)

    def clear(self) -> None:
        self._calls.clear()
