"""Shadow mode's comparison, and a shadow decision recorded without touching the lifecycle."""

import datetime as dt

import pytest

from egov_routing.domain.shadow import compare, shadow_outcome, summary, verdict
from egov_routing.service_layer.replies import ReplyHandler
from egov_routing.service_layer.shadow import ShadowDesk
from egov_schemas.work import AcknowledgeWithdrawalReply, CompleteReply, HandlerReply
from egov_sdk.clock import Clock
from egov_sdk.consumer import Delivery, PermanentFailure

REPLY = {
    "application_id": "a1",
    "administration_id": "gabrovo",
    "reply_id": "r1",
    "decided_at": dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC),
}


@pytest.mark.parametrize(
    ("decisions", "outcome"),
    [
        (["accept"], "accepted"),
        (["accept", "request_info"], "info_requested"),
        (["accept", "complete"], "completed"),
        (["accept", "refuse"], "refused"),
        (["complete", "accept"], "completed"),
    ],
)
def test_the_handlers_outcome_is_its_ending_or_else_its_last_decision(decisions, outcome):
    assert shadow_outcome(decisions) == outcome


@pytest.mark.parametrize(
    ("shadow", "real", "expected"),
    [
        ("completed", "completed", "agree"),
        ("refused", "refused", "agree"),
        ("completed", "refused", "disagree"),
        ("refused", "completed", "disagree"),
        ("completed", "accepted", "pending"),
        ("completed", "routed", "pending"),
        ("info_requested", "completed", "undecided"),
        ("accepted", "refused", "undecided"),
        ("completed", "withdrawn", "not_comparable"),
    ],
)
def test_verdicts(shadow, real, expected):
    assert verdict(shadow, real) == expected


def test_the_summary_counts_every_verdict():
    compared = [
        compare("a1", "R1", ["accept", "complete"], "completed"),
        compare("a2", "R2", ["accept", "refuse"], "completed"),
        compare("a3", "R3", ["accept"], "accepted"),
    ]
    assert summary(compared) == {"agree": 1, "disagree": 1, "pending": 1, "undecided": 0, "not_comparable": 0}


class Owned:
    def __init__(self, administration_id: str = "gabrovo") -> None:
        self.administration_id = administration_id
        self.service = 2039


class FakeStates:
    """Knows one application; anything else the reply handler asks of it is a failure."""

    def __init__(self, owner: str = "gabrovo") -> None:
        self.owner = owner

    async def get(self, application_id: str) -> Owned | None:
        return Owned(self.owner) if application_id == "a1" else None


class KeptDecisions:
    def __init__(self) -> None:
        self.kept: list[tuple[HandlerReply, int, str]] = []

    async def record(self, reply: HandlerReply, service: int, decision: str) -> None:
        self.kept.append((reply, service, decision))


class UnobservedStages:
    def observe(self, stage: str, seconds: float) -> None:
        raise AssertionError("a shadow decision is no stage of the application's")


def handler(states: FakeStates, decisions: KeptDecisions) -> ReplyHandler:
    desk = ShadowDesk(states, decisions, None)  # type: ignore[arg-type]
    return ReplyHandler(None, None, desk, Clock(), "/egov/routing", stages=UnobservedStages())  # type: ignore[arg-type]


async def test_a_shadow_decision_is_recorded_and_nothing_else_is_done():
    decisions = KeptDecisions()
    reply = CompleteReply(**REPLY, document_id="d1", shadow=True)
    await handler(FakeStates(), decisions).on_reply(reply, Delivery(topic="egov.replies.gabrovo", key="a1"))
    assert decisions.kept == [(reply, 2039, "complete")]


@pytest.mark.parametrize(
    ("reply", "owner", "reason"),
    [
        (CompleteReply(**{**REPLY, "application_id": "a2"}, shadow=True), "gabrovo", "unknown application"),
        (CompleteReply(**REPLY, shadow=True), "sofia", "does not own"),
        (AcknowledgeWithdrawalReply(**REPLY, shadow=True), "gabrovo", "not a decision"),
    ],
    ids=["unknown", "another-administrations", "withdrawal-acknowledged"],
)
async def test_a_shadow_decision_that_cannot_be_compared_is_dead_lettered(reply, owner, reason):
    decisions = KeptDecisions()
    with pytest.raises(PermanentFailure, match=reason):
        await handler(FakeStates(owner), decisions).on_reply(reply, Delivery(topic="egov.replies.gabrovo", key="a1"))
    assert decisions.kept == []
