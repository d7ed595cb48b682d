"""Faults that tests inject (the simulator's control, not part of SMTP): the next transactions, or the
RCPT of one address, are answered with a chosen temporary (4xx) or permanent (5xx) reply, so that a
sender's retries and bounces can be tested without stopping the server."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FaultCode = Literal[421, 450, 451, 452, 550, 551, 552, 553, 554]

# NOTE: RFC 5321 reply texts, each with an RFC 3463 enhanced status code.
DEFAULT_TEXTS: dict[int, str] = {
    421: "4.3.2 Service not available, closing transmission channel",
    450: "4.2.1 Mailbox unavailable, try again later",
    451: "4.3.0 Local error in processing, try again later",
    452: "4.3.1 Insufficient system storage",
    550: "5.1.1 Mailbox unavailable",
    551: "5.1.6 User not local",
    552: "5.2.2 Exceeded storage allocation",
    553: "5.1.3 Mailbox name not allowed",
    554: "5.0.0 Transaction failed",
}


class FaultRequest(BaseModel):
    """The body of `POST /simulator/faults`."""

    model_config = ConfigDict(extra="forbid")

    code: FaultCode
    message: str | None = Field(
        None, min_length=1, max_length=200, pattern=r"^[ -~]*$", description="Reply text (one line of printable ASCII)"
    )
    count: int | None = Field(None, ge=1, description="How many transactions fail; omitted: until cleared")
    recipient: str | None = Field(
        None, min_length=1, max_length=320, description="Only RCPT TO of this address fails; omitted: DATA fails"
    )


@dataclass
class Fault:
    code: int
    message: str
    remaining: int | None
    recipient: str | None

    @property
    def reply(self) -> str:
        return f"{self.code} {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "count": self.remaining, "recipient": self.recipient}


class Faults:
    """The active faults, in the order they were added; the first that applies answers."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, request: FaultRequest) -> Fault:
        recipient = request.recipient.strip().strip("<>") if request.recipient else None
        message = request.message or f"{DEFAULT_TEXTS[request.code]} (simulated)"
        fault = Fault(request.code, message, request.count, recipient)
        self._faults.append(fault)
        return fault

    def clear(self) -> None:
        self._faults.clear()

    def active(self) -> list[Fault]:
        return list(self._faults)

    def take_for_recipient(self, address: str) -> str | None:
        """The reply to RCPT TO of `address` if a fault names it (one transaction of it used up)."""
        return self._take(lambda fault: fault.recipient is not None and fault.recipient.lower() == address.lower())

    def take_for_data(self) -> str | None:
        """The reply to DATA if a fault names no recipient (one transaction of it used up)."""
        return self._take(lambda fault: fault.recipient is None)

    def _take(self, applies: Callable[[Fault], bool]) -> str | None:
        fault = next((fault for fault in self._faults if applies(fault)), None)
        if fault is None:
            return None
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining == 0:
                self._faults.remove(fault)
        return fault.reply
