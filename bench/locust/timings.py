"""Timings that are not one HTTP request, entered in locust's statistics as if they were: a
citizen's whole eID login, and an application's way from its submission to the status the citizen
waits for (the platform's end-to-end time, as a citizen polling once a second sees it)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from locust.env import Environment

EID = "eid"
LIFECYCLE = "lifecycle"


class Failed(Exception):
    """What locust's failures table shows for a timing that did not end well."""


def record(environment: Environment, kind: str, name: str, started: float, failure: str | None = None) -> None:
    """Enter the time since `started` (time.perf_counter()) under `kind` and `name`."""
    # NOTE: locust leaves EventHook untyped; these are the keywords its statistics read.
    environment.events.request.fire(  # type: ignore[no-untyped-call]
        request_type=kind,
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=0,
        response=None,
        context={},
        exception=Failed(failure) if failure else None,
    )
