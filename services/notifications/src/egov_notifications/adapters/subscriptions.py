"""Webhook subscriptions of administrations: where their systems want lifecycle notices, signed."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, field
from typing import TYPE_CHECKING, Any

from egov_sdk.store import columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Subscription:
    id: str
    administration_id: str
    url: str
    secret: str
    states: list[str]
    """Which lifecycle states it wants; empty: every one the citizen hears about."""
    description: str
    active: bool
    consecutive_failures: int
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None

    def wants(self, state: str) -> bool:
        return not self.states or state in self.states

    def public(self) -> dict[str, Any]:
        """Everything but the secret, which is shown once, when the subscription is made."""
        view = {name: value for name, value in self.__dict__.items() if name != "secret"}
        view["states"] = list(self.states)
        return view


_COLUMNS = columns(Subscription)
_INSERT = insert_row("webhook_subscriptions", Subscription)


@dataclass
class FailureCount:
    failures: int
    disabled_now: bool = field(default=False)


class Subscriptions:
    def __init__(self, store: Store):
        self._store = store

    async def add(self, subscription: Subscription) -> None:
        await self._store.execute(_INSERT, *astuple(subscription))

    async def get(self, subscription_id: str) -> Subscription | None:
        row = await self._store.fetchrow(f"SELECT {_COLUMNS} FROM webhook_subscriptions WHERE id = $1", subscription_id)
        return _subscription(row) if row else None

    async def by_ids(self, subscription_ids: list[str]) -> dict[str, Subscription]:
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                f"SELECT {_COLUMNS} FROM webhook_subscriptions WHERE id = ANY($1::text[])", subscription_ids
            )
        return {row["id"]: _subscription(row) for row in rows}

    async def active_of(self, administration_ids: list[str]) -> list[Subscription]:
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                f"SELECT {_COLUMNS} FROM webhook_subscriptions WHERE active AND administration_id = ANY($1::text[])",
                administration_ids,
            )
        return [_subscription(row) for row in rows]

    async def of_administration(self, administration_id: str | None) -> list[Subscription]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM webhook_subscriptions WHERE administration_id = COALESCE($1, administration_id) "
            "ORDER BY created_at",
            administration_id,
        )
        return [_subscription(row) for row in rows]

    async def succeeded(self, subscription_id: str) -> None:
        await self._store.write(
            "UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures > 0",
            subscription_id,
        )

    async def failed(self, subscription_id: str, disable_after: int, now: dt.datetime) -> FailureCount:
        """Count a failed delivery; the subscription is disabled when the count reaches `disable_after`."""
        row = await self._store.fetchrow(
            """
            UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,
                active = active AND consecutive_failures + 1 < $2,
                disabled_at = CASE WHEN active AND consecutive_failures + 1 >= $2 THEN $3 ELSE disabled_at END
            WHERE id = $1
            RETURNING consecutive_failures, disabled_at = $3 AS disabled_now
            """,
            subscription_id,
            disable_after,
            now,
        )
        return FailureCount(row["consecutive_failures"], bool(row["disabled_now"])) if row else FailureCount(0)

    async def set_active(self, subscription_id: str, active: bool) -> None:
        await self._store.execute(
            "UPDATE webhook_subscriptions SET active = $2, consecutive_failures = 0, "
            "disabled_at = CASE WHEN $2 THEN NULL ELSE disabled_at END WHERE id = $1",
            subscription_id,
            active,
        )

    async def remove(self, subscription_id: str) -> None:
        await self._store.execute("DELETE FROM webhook_subscriptions WHERE id = $1", subscription_id)


def _subscription(row: Any) -> Subscription:
    values = dict(row)
    values["states"] = list(values["states"] or [])
    return Subscription(**values)
