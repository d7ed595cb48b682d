"""The results of asynchronous calls (`Execute`), kept in memory until `CheckResult` asks for them
by their ServiceCallID. A restart forgets them; beyond `MAX_RESULTS` the oldest are dropped."""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict
from dataclasses import dataclass

from lxml import etree

MAX_RESULTS = 10_000
FIRST_CALL_ID = 1_000_001


@dataclass(frozen=True)
class Result:
    operation: str
    argument: etree._Element
    response: etree._Element
    ready_at: float  # time.monotonic()

    def ready(self) -> bool:
        return time.monotonic() >= self.ready_at


class Results:
    def __init__(self, delay_s: float, keep: int = MAX_RESULTS) -> None:
        self._delay_s = delay_s
        self._keep = keep
        self._ids = itertools.count(FIRST_CALL_ID)
        self._results: OrderedDict[int, Result] = OrderedDict()

    def add(self, operation: str, argument: etree._Element, response: etree._Element) -> int:
        """Keep an answer, ready after the configured delay; its ServiceCallID."""
        call_id = next(self._ids)
        self._results[call_id] = Result(operation, argument, response, time.monotonic() + self._delay_s)
        while len(self._results) > self._keep:
            self._results.popitem(last=False)
        return call_id

    def get(self, call_id: int) -> Result | None:
        return self._results.get(call_id)
