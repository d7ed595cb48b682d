"""An administration's registration numbers on a real PostgreSQL: acceptances at once in one
administration take turns on its counter, and one that rolls back gives its number back, so the
numbers given are 1, 2, 3, ... without gaps or doubles; each administration and year counts on its own."""

from __future__ import annotations

import asyncio

import pytest

from egov_sdk.migrate import upgrade_async
from egov_sdk.store import Store
from egov_workspace.adapters.numbering import RegistrationNumbers
from egov_workspace.bootstrap import MIGRATIONS
from egov_workspace.domain.numbering import NumberingScheme

pytestmark = pytest.mark.integration
ACCEPTANCES = 30


class Abandoned(Exception):
    """An acceptance whose transaction fails after it took a number."""


@pytest.fixture
async def numbers(settings, store: Store) -> RegistrationNumbers:
    await upgrade_async(settings.database_url, MIGRATIONS)
    return RegistrationNumbers(store)


async def test_numbers_taken_at_once_have_no_gaps_when_some_roll_back(store: Store, numbers: RegistrationNumbers):
    await numbers.set_scheme("sofia", NumberingScheme("СО", "{prefix}-{year}-{counter:6}"))

    async def accept(index: int) -> str:
        async with store.transaction():
            number = await numbers.next_number("sofia", 2026)
            await asyncio.sleep(0.01)  # NOTE: the rest of the acceptance, holding the counter
            if index % 4 == 0:
                raise Abandoned(number)
            return number

    outcomes = await asyncio.gather(*(accept(index) for index in range(ACCEPTANCES)), return_exceptions=True)
    given = sorted(outcome for outcome in outcomes if isinstance(outcome, str))
    assert all(isinstance(outcome, (str, Abandoned)) for outcome in outcomes), outcomes
    kept = ACCEPTANCES - len(range(0, ACCEPTANCES, 4))
    assert given == [f"СО-2026-{counter:06d}" for counter in range(1, kept + 1)]


async def test_each_administration_and_year_counts_on_its_own(numbers: RegistrationNumbers):
    assert await numbers.next_number("sofia", 2026) == "SOFIA-2026-000001"
    assert await numbers.next_number("burgas", 2026) == "BURGAS-2026-000001"
    assert await numbers.next_number("sofia", 2027) == "SOFIA-2027-000001"
    assert await numbers.next_number("sofia", 2026) == "SOFIA-2026-000002"
