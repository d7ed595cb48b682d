"""Idempotency keys of submissions (the IETF `Idempotency-Key` header): a client that retries a
POST, not knowing whether the first one arrived, gets the first one's application back."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

HEADER = "Idempotency-Key"
DRAFT_KEY_PREFIX = "draft:"
"""The portal submits a draft under `draft:<its id>`; a client's keys may not take that shape."""
MAX_LENGTH = 255
_PRINTABLE = re.compile(r"^[\x21-\x7e]{1,255}$")


@dataclass(frozen=True)
class IdempotencyKey:
    key: str
    fingerprint: bytes
    """What was submitted under the key: the same key with another body is refused."""


class KeyTaken(Exception):
    """Another submission with the same idempotency key was stored first."""


def key_error(key: str) -> str | None:
    """Why `key` cannot be an idempotency key, or None."""
    if not _PRINTABLE.fullmatch(key):
        return f"must be 1 to {MAX_LENGTH} printable ASCII characters without spaces (a UUID, say)"
    if key.startswith(DRAFT_KEY_PREFIX):
        return f"must not start with {DRAFT_KEY_PREFIX!r} (the portal's own keys)"
    return None


def fingerprint(body: dict[str, Any]) -> bytes:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).digest()
