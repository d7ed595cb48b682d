"""What the census gathers from the topics and the stores: plain data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

FINAL_STATES = frozenset({"completed", "rejected", "refused", "withdrawn"})


@dataclass(frozen=True)
class Published:
    """One record on a topic, reduced to what tells copies apart: copies of one event (a
    redelivery, a relay re-sending after a crash) have the same event id and the same body."""

    ce_id: str
    value: bytes


@dataclass(frozen=True)
class LifecycleEvent:
    application_id: str
    sequence: int
    state: str
    record: Published


@dataclass(frozen=True)
class Notification:
    id: str
    """The id of the lifecycle event it tells the citizen about."""
    application_id: str
    state: str


@dataclass(frozen=True)
class RegistryCall:
    """A request's row in the gateway's `registry_calls`."""

    request_id: str
    status: str
    completed: bool
    attempts: int = 1
    """Rounds that took the call: more than one when RegiX was away or a gateway died mid-call."""


@dataclass(frozen=True)
class RegistryAnswer:
    request_id: str
    record: Published


@dataclass(frozen=True)
class Evidence:
    acknowledged: frozenset[str]
    """Applications intake answered 202 for."""
    stored: frozenset[str]
    """Applications of the run in intake's database, acknowledged or not."""
    lifecycle: tuple[LifecycleEvent, ...]
    """Every record of the run's applications on `egov.applications`, copies included."""
    work_events: Mapping[str, tuple[Published, ...]] = field(default_factory=dict)
    """Per topic, the records of the run's applications on the other topics with effects (work
    items, decisions, notification outcomes)."""
    routing_states: Mapping[str, str] = field(default_factory=dict)
    intake_states: Mapping[str, str] = field(default_factory=dict)
    notifications: tuple[Notification, ...] = ()
    notified_states: frozenset[str] = frozenset()
    registry_requests: frozenset[str] = frozenset()
    registry_calls: Mapping[str, RegistryCall] = field(default_factory=dict)
    registry_answers: tuple[RegistryAnswer, ...] = ()
    registry_calls_made: Mapping[str, int] = field(default_factory=dict)
    """Per request id, how many answers the gateway logged having given (`registry_answered`)."""
    dead_letters: Mapping[str, int] = field(default_factory=dict)
    """Per dead-letter topic, the records put there during the run."""
    set_aside: Mapping[str, int] = field(default_factory=dict)
    """Per service, the outbox records it set aside as never publishable during the run."""

    @property
    def applications(self) -> frozenset[str]:
        return self.acknowledged | self.stored
