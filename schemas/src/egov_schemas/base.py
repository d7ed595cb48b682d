"""The base of every event: its versioned CloudEvents type and its deterministic id.

Each concrete event class declares `ce_type` (e.g. `bg.egov.application.submitted.v1`); the
version suffix changes when the body changes incompatibly, and consumers pick the model by type.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

# NOTE: a fixed namespace makes ce_id a pure function of the event's identity, so a re-publish
# (outbox retry, replay) carries the same id and consumers recognise it as the same event.
EVENT_ID_NAMESPACE = uuid.UUID("6f0cbd1e-6a52-4a0c-9d3e-5b8f0c1e2a77")

EVENT_TYPES: dict[str, type[Event]] = {}


class Event(BaseModel):
    """An event body. Subclasses set `ce_type` and say what identifies one occurrence."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ce_type: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        ce_type = cls.__dict__.get("ce_type")
        if ce_type is None:
            return
        if ce_type in EVENT_TYPES:
            raise TypeError(f"ce_type {ce_type} is declared twice")
        EVENT_TYPES[ce_type] = cls

    def identity(self) -> str:
        """What makes this occurrence unique within its type (stable across re-publishes)."""
        raise NotImplementedError

    def subject(self) -> str | None:
        """The CloudEvents subject: the entity the event is about."""
        return None

    def partition_key(self) -> str:
        """The Kafka record key: events about one entity stay in order on one partition."""
        return self.subject() or self.identity()

    @property
    def event_id(self) -> str:
        return str(uuid.uuid5(EVENT_ID_NAMESPACE, f"{self.ce_type}:{self.identity()}"))


def event_type_for(ce_type: str) -> type[Event] | None:
    return EVENT_TYPES.get(ce_type)
