"""Each administration's numbering scheme and the counters its registration numbers come from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_workspace.domain.numbering import NumberingScheme, default_scheme

if TYPE_CHECKING:
    from egov_sdk.store import Store


class RegistrationNumbers:
    def __init__(self, store: Store):
        self._store = store

    async def scheme(self, administration_id: str) -> NumberingScheme:
        row = await self._store.fetchrow(
            "SELECT prefix, pattern FROM numbering_schemes WHERE administration_id = $1", administration_id
        )
        return NumberingScheme(row["prefix"], row["pattern"]) if row is not None else default_scheme(administration_id)

    async def set_scheme(self, administration_id: str, scheme: NumberingScheme) -> None:
        await self._store.execute(
            """
            INSERT INTO numbering_schemes (administration_id, prefix, pattern) VALUES ($1, $2, $3)
            ON CONFLICT (administration_id) DO UPDATE SET prefix = excluded.prefix, pattern = excluded.pattern
            """,
            administration_id,
            scheme.prefix,
            scheme.pattern,
        )

    async def next_number(self, administration_id: str, year: int) -> str:
        """The next registration number of the year. Call it in the transaction that sends the
        acceptance: the counter's row stays locked until that commits (acceptances in one
        administration take turns), and a rollback gives the number back, so none is skipped."""
        counter = await self._store.fetchval(
            """
            INSERT INTO registration_counters (administration_id, year, last) VALUES ($1, $2, 1)
            ON CONFLICT (administration_id, year) DO UPDATE SET last = registration_counters.last + 1
            RETURNING last
            """,
            administration_id,
            year,
        )
        return (await self.scheme(administration_id)).number(year, int(counter))
