"""Registry answers kept for a while, shared by the gateway's replicas: only operations given a
time to live (settings), never those about a person (the settings refuse it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_sdk.store import Store


def cache_key(operation: str, arguments: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps([operation, arguments], sort_keys=True).encode()).hexdigest()


class AnswerCache:
    def __init__(self, store: Store, ttl_s: dict[str, int]):
        self._store = store
        self._ttl = {operation: dt.timedelta(seconds=seconds) for operation, seconds in ttl_s.items() if seconds > 0}

    def keeps(self, operation: str) -> bool:
        return operation in self._ttl

    async def get(self, operation: str, arguments: dict[str, str], now: dt.datetime) -> dict[str, Any] | None:
        if not self.keeps(operation):
            return None
        data: dict[str, Any] | None = await self._store.fetchval(
            "SELECT data FROM registry_cache WHERE key = $1 AND expires_at > $2", cache_key(operation, arguments), now
        )
        return data

    async def put(self, operation: str, arguments: dict[str, str], data: dict[str, Any], now: dt.datetime) -> None:
        if self.keeps(operation):
            await self._store.write(
                "INSERT INTO registry_cache (key, data, expires_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at",
                cache_key(operation, arguments),
                data,
                now + self._ttl[operation],
            )

    async def forget_expired(self, now: dt.datetime) -> int:
        return affected(await self._store.execute("DELETE FROM registry_cache WHERE expires_at <= $1", now))
