"""A dead letter and the record it was: the SDK's DLQ (egov_sdk.dlq) keeps the original record
unchanged with its origin and reason in `x-dlq-*` headers, binary key or header values
base64-encoded (named in `x-dlq-base64`) and headers without a value named in `x-dlq-null`. This
module reads those back: what an operator is shown, and the record to send again."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from egov_schemas.identifiers import mask_personal_numbers
from egov_sdk.dlq import KEY

DLQ_PREFIX = "x-dlq-"


class NotADeadLetter(ValueError):
    """A record on a DLQ topic that does not say where it came from."""


@dataclass(frozen=True)
class DeadLetter:
    """One record of a DLQ topic, as it was consumed."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    # NOTE: left out of the repr: the body may hold personal data.
    value: bytes | None = field(repr=False)
    headers: tuple[tuple[str, bytes | None], ...] = ()

    def header(self, name: str) -> str | None:
        value = dict(self.headers).get(name)
        return value.decode(errors="replace") if value is not None else None

    @property
    def position(self) -> str:
        return f"{self.partition}:{self.offset}"


@dataclass(frozen=True)
class Summary:
    """What the list of dead letters shows for one: never the body."""

    position: str
    origin: str
    ce_type: str
    ce_id: str
    reason: str
    at: str


@dataclass(frozen=True)
class Original:
    """The record as it was before it was dead-lettered, to send back where it came from."""

    topic: str
    key: bytes | None
    value: bytes | None = field(repr=False)
    headers: tuple[tuple[str, bytes | None], ...] = ()


def summary(letter: DeadLetter) -> Summary:
    return Summary(
        position=letter.position,
        origin=f"{letter.header('x-dlq-topic') or '?'} {letter.header('x-dlq-partition') or '?'}:"
        f"{letter.header('x-dlq-offset') or '?'}",
        ce_type=letter.header("ce_type") or "-",
        ce_id=letter.header("ce_id") or "-",
        # NOTE: the SDK masked personal numbers in the reason already; masked again for a DLQ written otherwise.
        reason=mask_personal_numbers(letter.header("x-dlq-reason") or ""),
        at=letter.header("x-dlq-at") or "",
    )


def original(letter: DeadLetter) -> Original:
    """The record the dead letter keeps: its topic, key, value and headers as they were (the
    same `ce_id`, so that consumers that handled it before skip it)."""
    topic = letter.header("x-dlq-topic")
    if not topic:
        raise NotADeadLetter(f"{letter.topic} {letter.position} names no original topic (x-dlq-topic)")
    encoded = set(filter(None, (letter.header("x-dlq-base64") or "").split(",")))
    empty = [name for name in (letter.header("x-dlq-null") or "").split(",") if name]
    key = letter.key
    if key is not None and KEY in encoded:
        key = base64.b64decode(key)
    headers: list[tuple[str, bytes | None]] = []
    for name, value in letter.headers:
        if name.startswith(DLQ_PREFIX):
            continue
        headers.append((name, base64.b64decode(value) if value is not None and name in encoded else value))
    headers.extend((name, None) for name in empty)
    return Original(topic=topic, key=key, value=letter.value, headers=tuple(headers))
