"""Failures the simulator is told to inject, NOT part of msghub: an outage of the whole API for
a while, and permanent refusals of particular numbers (an invalid or blacklisted number)."""

from __future__ import annotations

import time


class Faults:
    def __init__(self) -> None:
        self._outage_until: float | None = None
        self._refusals: dict[str, int] = {}

    def start_outage(self, seconds: float) -> None:
        # NOTE: the monotonic clock, so that a change of the wall clock neither ends nor extends it.
        self._outage_until = time.monotonic() + seconds

    def end_outage(self) -> None:
        self._outage_until = None

    def in_outage(self) -> bool:
        return self._outage_until is not None and time.monotonic() < self._outage_until

    def refuse(self, msisdn: str, status: int) -> None:
        self._refusals[msisdn] = status

    def refusal(self, msisdn: str) -> int | None:
        """The HTTP status every message to `msisdn` is answered with, or None to accept it."""
        return self._refusals.get(msisdn)

    def refusals(self) -> dict[str, int]:
        return dict(self._refusals)

    def clear_refusals(self) -> None:
        self._refusals.clear()
