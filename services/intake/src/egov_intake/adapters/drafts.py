"""Applications being filled in on the portal: kept server-side, each only ever its person's."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from egov_intake.service_layer.uploads import StoredUpload
from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_sdk.store import Store

# NOTE: a draft not touched for this long is no longer offered, and then cleared (it holds
# personal data the citizen never sent).
DRAFT_LIFETIME = dt.timedelta(days=30)


@dataclass
class Draft:
    id: str
    person: str
    administration_id: str
    service: int
    tier: str = "ordinary"
    form: dict[str, Any] = field(default_factory=dict)
    represented: dict[str, Any] | None = None
    email: str | None = None
    uploads: list[StoredUpload] = field(default_factory=list)

    def upload(self, key: str) -> StoredUpload | None:
        return next((upload for upload in self.uploads if upload.key == key), None)

    def replace_upload(self, stored: StoredUpload) -> None:
        self.uploads = [*(upload for upload in self.uploads if upload.key != stored.key), stored]


class Drafts:
    def __init__(self, store: Store):
        self._store = store

    async def create(self, person: str, administration_id: str, service: int) -> Draft:
        draft = Draft(str(uuid.uuid4()), person, administration_id, service)
        await self._store.execute(
            "INSERT INTO drafts (id, person, administration_id, service, updated_at) VALUES ($1, $2, $3, $4, now())",
            draft.id,
            person,
            administration_id,
            service,
        )
        return draft

    async def get(self, draft_id: str, person: str) -> Draft | None:
        """The draft if it is this person's and still kept (another's is as good as missing)."""
        row = await self._store.fetchrow(
            """
            SELECT id, person, administration_id, service, tier, form, represented, email, uploads FROM drafts
            WHERE id = $1 AND person = $2 AND updated_at > now() - $3::interval
            """,
            draft_id,
            person,
            DRAFT_LIFETIME,
        )
        if row is None:
            return None
        return Draft(
            id=row["id"],
            person=row["person"],
            administration_id=row["administration_id"],
            service=row["service"],
            tier=row["tier"],
            form=row["form"],
            represented=row["represented"],
            email=row["email"],
            uploads=[StoredUpload(**upload) for upload in row["uploads"]],
        )

    async def save(self, draft: Draft) -> None:
        await self._store.execute(
            """
            UPDATE drafts SET tier = $7, form = $3, represented = $4, email = $5, uploads = $6, updated_at = now()
            WHERE id = $1 AND person = $2
            """,
            draft.id,
            draft.person,
            draft.form,
            draft.represented,
            draft.email,
            [upload.as_json() for upload in draft.uploads],
            draft.tier,
        )

    async def delete(self, draft_id: str) -> None:
        await self._store.execute("DELETE FROM drafts WHERE id = $1", draft_id)

    async def clear_expired(self) -> int:
        """Delete the drafts past their lifetime; how many."""
        status = await self._store.execute(
            "DELETE FROM drafts WHERE updated_at <= now() - $1::interval", DRAFT_LIFETIME
        )
        return affected(status)
