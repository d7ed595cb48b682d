"""Notices in notifications' database: one per lifecycle event the citizen hears about.

A notice waits for its channels to be chosen (`choose_at`), which needs the applicant's
contacts; from then until its citizen deliveries end it holds the contacts they need, and no
longer (`release_contacts`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple, dataclass, field
from typing import TYPE_CHECKING, Any

from egov_notifications.adapters.deliveries import APPLICANT, CITIZEN
from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Notice:
    id: str
    application_id: str
    administration_id: str
    state: str
    template: str
    language: str
    channel: str
    status: str
    created_at: dt.datetime
    reference: str
    service: int
    service_version: int
    occurred_at: dt.datetime
    details: dict[str, Any]
    choose_at: dt.datetime | None
    choose_attempt: int = 0
    plan: list[str] = field(default_factory=list)
    contacts: dict[str, Any] | None = None
    """While deliveries need them: `email`, `phone`, `e_delivery_profile` (personal data)."""
    redrives: int = 0
    """How many times the administration's people sent it anew."""


_COLUMNS = columns(Notice)
_INSERT = insert_row("notifications", Notice)
# NOTE: the notices waiting are locked by one statement through the partial index, then each is
# leased by its key (ADR 0006); two replicas never choose for one notice at once, and a crash
# mid-way only delays it.
_WAITING = f"""
SELECT {_COLUMNS} FROM notifications WHERE choose_at IS NOT NULL AND choose_at <= $1
ORDER BY choose_at LIMIT $2 FOR UPDATE SKIP LOCKED
"""
_RELEASE = f"""
UPDATE notifications SET contacts = NULL
WHERE id = $1 AND contacts IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM deliveries
    WHERE notification_id = $1 AND target IN ('{CITIZEN}', '{APPLICANT}') AND due_at IS NOT NULL
)
"""


class Notices:
    def __init__(self, store: Store):
        self._store = store

    async def add(self, notice: Notice) -> None:
        """NOTE: its id derives from the lifecycle event, which the consumer handles once (ADR
        0006), so this is a write whose outcome needs no reading."""
        await self._store.write(_INSERT, *astuple(notice))

    async def claim_to_choose(self, now: dt.datetime, limit: int, lease_until: dt.datetime) -> list[Notice]:
        """The notices waiting for their channels, each leased until `lease_until`; the try counted."""
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            waiting = [_notice(row) for row in await self._store.fetch(_WAITING, now, limit)]
            claimed = [
                dataclasses.replace(notice, choose_at=lease_until, choose_attempt=notice.choose_attempt + 1)
                for notice in waiting
            ]
            for notice in claimed:
                await self._store.write(
                    "UPDATE notifications SET choose_at = $2, choose_attempt = $3 WHERE id = $1",
                    notice.id,
                    notice.choose_at,
                    notice.choose_attempt,
                )
        return claimed

    async def chosen(self, notice_id: str, language: str, plan: list[str], contacts: dict[str, Any] | None) -> None:
        await self._store.write(
            "UPDATE notifications SET choose_at = NULL, language = $2, plan = $3, contacts = $4 WHERE id = $1",
            notice_id,
            language,
            plan,
            contacts,
        )

    async def choose_later(self, notice_id: str, at: dt.datetime) -> None:
        await self._store.write("UPDATE notifications SET choose_at = $2 WHERE id = $1", notice_id, at)

    async def choose_again(self, notice_id: str, administration_id: str, now: dt.datetime) -> bool:
        """Ask for the channels to be chosen anew (a re-drive); False if `administration_id` has no such notice."""
        status = await self._store.execute(
            "UPDATE notifications SET choose_at = $2, choose_attempt = 0, redrives = redrives + 1 "
            "WHERE id = $1 AND administration_id = $3",
            notice_id,
            now,
            administration_id,
        )
        return affected(status) == 1

    async def release_contacts(self, notice_id: str) -> None:
        """Forget the notice's contacts once no delivery to the applicant (its channels, its own
        webhook) has anything left to do; after the writes before it in the transaction."""
        await self._store.write(_RELEASE, notice_id)

    async def by_ids(self, notice_ids: list[str]) -> dict[str, Notice]:
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                f"SELECT {_COLUMNS} FROM notifications WHERE id = ANY($1::text[])", notice_ids
            )
        return {row["id"]: _notice(row) for row in rows}

    async def of_application(self, application_id: str, administration_id: str | None, limit: int) -> list[Notice]:
        """The application's first `limit` notices; only if it is `administration_id`'s, unless None."""
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM notifications WHERE application_id = $1 "
            "AND administration_id = COALESCE($2, administration_id) ORDER BY created_at LIMIT $3",
            application_id,
            administration_id,
            limit,
        )
        return [_notice(row) for row in rows]


def _notice(row: Any) -> Notice:
    values = dict(row)
    values["plan"] = list(values["plan"] or [])
    return Notice(**values)
