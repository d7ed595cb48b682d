"""Shadow mode's comparison: what the handler would have decided against what staff decided.

A handler in shadow mode gets copies of its staff's work items; its decisions are recorded, never
applied. An application counts once both sides have ended it (completed or refused): they agree
when they ended it the same way. Until then it is pending (staff have not decided) or undecided
(the handler has not: it accepted it, or asked for information the citizen never saw).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["agree", "disagree", "pending", "undecided", "not_comparable"]
VERDICTS: tuple[Verdict, ...] = ("agree", "disagree", "pending", "undecided", "not_comparable")
DECISION_KINDS = {"accept": "accepted", "request_info": "info_requested", "complete": "completed", "refuse": "refused"}
"""Each decision a handler replies with, and the outcome it stands for."""
_ENDINGS = ("completed", "refused")
_ENDED_OTHERWISE = ("withdrawn", "unpaid", "rejected")


@dataclass(frozen=True)
class Comparison:
    application_id: str
    reference: str
    shadow: str
    """The handler's outcome: its ending if it ended the application, else its last decision's."""
    real: str
    """The application's state, as staff's decisions made it."""
    verdict: Verdict


def shadow_outcome(decisions: list[str]) -> str:
    """The handler's outcome from its decisions in order (`accept`, `request_info`, ...)."""
    outcomes = [DECISION_KINDS[decision] for decision in decisions]
    return next((outcome for outcome in reversed(outcomes) if outcome in _ENDINGS), outcomes[-1])


def verdict(shadow: str, real: str) -> Verdict:
    if real in _ENDED_OTHERWISE:
        return "not_comparable"
    if real not in _ENDINGS:
        return "pending"
    if shadow not in _ENDINGS:
        return "undecided"
    return "agree" if shadow == real else "disagree"


def compare(application_id: str, reference: str, decisions: list[str], real: str) -> Comparison:
    shadow = shadow_outcome(decisions)
    return Comparison(application_id, reference, shadow, real, verdict(shadow, real))


def summary(comparisons: list[Comparison]) -> dict[str, int]:
    """How many applications had each verdict (every verdict listed, zero or not)."""
    counted = Counter(comparison.verdict for comparison in comparisons)
    return {name: counted[name] for name in VERDICTS}
