"""The messages the simulator has accepted, newest first, in memory (a restart forgets them)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from egov_sms_sim.segments import Encoding

# NOTE: the oldest messages are dropped beyond this, so a load test cannot exhaust the memory.
MAX_MESSAGES = 10_000


@dataclass(frozen=True)
class Message:
    msg_id: str
    msisdn: str
    sc: str
    text: str
    service_id: int
    priority: str | None
    received_at: dt.datetime
    parts: int
    encoding: Encoding
    api_key: str


class Inbox:
    def __init__(self, keep: int = MAX_MESSAGES) -> None:
        self._messages: deque[Message] = deque(maxlen=keep)

    def add(self, message: Message) -> None:
        self._messages.appendleft(message)

    def messages(self, msisdn: str | None = None) -> list[Message]:
        """Newest first; only those to `msisdn` if given (see `wanted_msisdn`)."""
        wanted = wanted_msisdn(msisdn)
        return [message for message in self._messages if wanted is None or message.msisdn == wanted]

    def clear(self) -> None:
        self._messages.clear()


def wanted_msisdn(query: str | None) -> str | None:
    """The number a filter asks for, or None for all.

    NOTE: a `+` left unencoded in a query string (`?msisdn=+359...`) arrives as a space, so
    surrounding spaces are dropped and a missing `+` is put back.
    """
    wanted = (query or "").strip()
    if not wanted:
        return None
    return wanted if wanted.startswith("+") else f"+{wanted}"
