"""Citizens' consents to having their forms filled from the registries."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from egov_intake.domain.prefill import PrefillConsent
from egov_sdk.store import insert_row

if TYPE_CHECKING:
    from egov_intake.domain.prefill import ConsentOutcome
    from egov_sdk.store import Store

_INSERT = insert_row("prefill_consents", PrefillConsent)


class PrefillConsents:
    def __init__(self, store: Store):
        self._store = store

    async def record(self, consent: PrefillConsent) -> None:
        """Store the consent and commit it at once, even inside a caller's transaction.

        NOTE: the consent must be on record before the registries are read on its strength: a
        consent written in the same transaction as its outcome would vanish with a crash between.
        """
        async with self._store.transaction(separate=True):
            await self._store.execute(_INSERT, *dataclasses.astuple(consent))

    async def settle(self, consent_id: str, outcome: ConsentOutcome) -> None:
        await self._store.execute("UPDATE prefill_consents SET outcome = $2 WHERE id = $1", consent_id, outcome)
