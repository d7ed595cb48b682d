"""What the simulated citizens apply for, and what each of those applications should come to."""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

from bench.application_body import SAMPLE_APPLICATION
from egov_schemas.lifecycle import FINAL_STATES, ApplicationState

# NOTE: the demo citizen of the eID simulator whose EGN the bench's body names as the applicant:
# a logged-in citizen may only apply in their own name.
CITIZEN = "ivan-petrov"
CITIZEN_EGN = SAMPLE_APPLICATION["applicant"]["identifier"]


@dataclass(frozen=True)
class Application:
    """One kind of application: its body, and until when its applicant follows it."""

    service: int
    body: dict[str, Any]
    # NOTE: an automatic service ends within seconds, so the citizen waits for its end; a staff
    # one waits for a clerk (the scenario's staff users, or nobody), so the citizen waits only
    # until it has reached the administration.
    automatic: bool

    def followed_until(self, status: str) -> bool:
        """Whether the citizen stops polling at this status."""
        if self.automatic:
            return status in FINAL_STATES
        return status != ApplicationState.SUBMITTED

    def wrong_outcome(self, status: str) -> str | None:
        """Why the status the citizen stopped at is not what this application should come to."""
        if self.automatic and status != ApplicationState.COMPLETED:
            return f"service {self.service} ended {status}, not completed"
        if not self.automatic and status == ApplicationState.REJECTED:
            return f"service {self.service} was rejected"
        return None

    @property
    def milestone(self) -> str:
        """The name under which the time to the stopping status is counted."""
        reached = "final status" if self.automatic else "routed"
        return f"{self.service}: submitted → {reached}"


# NOTE: Sofia's certificate of heirs (2016) is the bench's body: the example handler completes it.
HEIRS = Application(service=2016, body=SAMPLE_APPLICATION, automatic=True)
# NOTE: Sofia's certified copy of a registration card (2020) is processed by Sofia's staff (its
# package entry keeps the default `processing: staff`): it feeds the staff users' worklist.
CERTIFIED_COPY = Application(
    service=2020,
    body={
        "administration_id": "sofia",
        "service": 2020,
        "applicant": copy.deepcopy(SAMPLE_APPLICATION["applicant"]),
        "form": {"person_name": "Иван Петров", "person_egn": CITIZEN_EGN, "purpose": "служебна необходимост"},
    },
    automatic=False,
)
APPLICATIONS = (HEIRS, CERTIFIED_COPY)
# NOTE: a citizen's page polls quickly at first and then once a second: the quick polls time an
# application that ends within a second to a quarter of one, rather than all to "1 s".
FIRST_POLL_DELAYS_S = (0.25, 0.25, 0.5)
POLL_INTERVAL_S = 1.0


def poll_delay(polls_done: int) -> float:
    """Seconds to wait after the `polls_done`-th status read before the next."""
    return FIRST_POLL_DELAYS_S[polls_done - 1] if polls_done <= len(FIRST_POLL_DELAYS_S) else POLL_INTERVAL_S


def choose(rng: random.Random, staff_share: float) -> Application:
    """A certified copy (for staff) with probability `staff_share`, else a certificate of heirs."""
    return CERTIFIED_COPY if rng.random() < staff_share else HEIRS


# NOTE: what a citizen types in the portal's search, and the service each should find.
SEARCHES: tuple[tuple[str, int], ...] = (
    ("наследници", 2016),
    ("heirs", 2016),
    ("регистрационен картон", 2020),
    ("registration card", 2020),
)
