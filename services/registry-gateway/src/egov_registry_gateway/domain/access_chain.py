"""The audit of registry accesses as a hash chain, one per administration: each entry carries the
hash of the one before it, so a changed, removed or inserted entry breaks every hash after it.

An entry's hash is SHA-256 over the previous hash and the entry's fields as canonical JSON (keys
sorted, times in UTC ISO 8601). The chain starts from `GENESIS`; the store keeps each
administration's head (last sequence number and hash), so a cut-off tail is found too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Final

GENESIS: Final = "0" * 64


@dataclass(frozen=True)
class AccessEntry:
    """One access to a registry (or one refused), as recorded: who, for what, whose data, under
    which law, when, and with what outcome. The subject is a keyed hash and a masked form,
    never the identifier itself."""

    administration_id: str
    seq: int
    request_id: str
    application_id: str | None
    service: int | None
    operation: str
    subject_ref: str
    subject_masked: str
    law_reason: str | None
    purpose: str
    requested_by: str
    requested_at: dt.datetime
    answered_at: dt.datetime
    outcome: str
    detail: str | None
    cached: bool
    previous_hash: str
    hash: str


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value


def entry_hash(entry: AccessEntry) -> str:
    """The hash the entry should carry, from its previous hash and its fields."""
    fields = {name: _canonical(value) for name, value in dataclasses.asdict(entry).items() if name != "hash"}
    content = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{entry.previous_hash}\n{content}".encode()).hexdigest()


def sealed(entry: AccessEntry, seq: int, previous_hash: str) -> AccessEntry:
    """The entry placed after the one whose hash is `previous_hash`, with its own hash."""
    placed = dataclasses.replace(entry, seq=seq, previous_hash=previous_hash, hash="")
    return dataclasses.replace(placed, hash=entry_hash(placed))


@dataclass(frozen=True)
class Verification:
    administration_id: str
    entries: int
    valid: bool
    broken_at: int | None = None
    problem: str | None = None


class ChainCheck:
    """Checks a chain fed entry by entry in sequence order (it may be long), then against the head
    the store keeps."""

    def __init__(self, administration_id: str):
        self._administration_id = administration_id
        self._seq, self._hash, self._count = 0, GENESIS, 0
        self._broken: Verification | None = None

    def add(self, entry: AccessEntry) -> None:
        if self._broken is not None:
            return
        self._count += 1
        if entry.seq != self._seq + 1:
            self._break(self._seq + 1, "an entry is missing")
        elif entry.previous_hash != self._hash:
            self._break(entry.seq, "the link to the previous entry is broken")
        elif entry_hash(entry) != entry.hash:
            self._break(entry.seq, "the entry was changed after it was recorded")
        else:
            self._seq, self._hash = entry.seq, entry.hash

    def result(self, head: tuple[int, str] | None) -> Verification:
        if self._broken is not None:
            return self._broken
        if (head or (0, GENESIS)) != (self._seq, self._hash):
            self._break(self._seq + 1, "entries after the last one were removed")
            assert self._broken is not None  # NOTE: set just above
            return self._broken
        return Verification(self._administration_id, self._count, True)

    def _break(self, seq: int, problem: str) -> None:
        self._broken = Verification(self._administration_id, self._count, False, seq, problem)
