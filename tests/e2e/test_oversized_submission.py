"""A submission too large for Kafka: intake accepts and keeps it, its relay sets the record
aside with the reason, and the submissions after it keep flowing."""

from __future__ import annotations

import asyncpg

from tests.e2e.citizen import VALID_EGN, final_status, heirs_application, status, submit
from tests.kafka_helpers import eventually

TREE_CUTTING = 1996


def tree_cutting_application(trees: int) -> dict[str, object]:
    species = "Обикновен бук " * 14
    return {
        "administration_id": "sofia",
        "service": TREE_CUTTING,
        "applicant": {"identifier": VALID_EGN, "name": "Иван Петров"},
        "form": {
            "property_address": "гр. София, ул. Шипка 1",
            "trees": [{"species": species.strip(), "count": 1, "trunk_diameter_cm": 40} for _ in range(trees)],
            "cutting_reason": "Сухи дървета, опасни за минувачите",
        },
    }


async def test_an_oversized_submission_is_set_aside_and_later_ones_complete(platform, intake):
    oversized = await submit(intake, tree_cutting_application(trees=3000))
    after = [await submit(intake, heirs_application()) for _ in range(3)]

    for application_id in after:
        assert (await final_status(intake, application_id))["status"] == "completed"

    connection = await asyncpg.connect(platform.database_url("intake"))
    try:

        async def set_aside() -> list[asyncpg.Record] | None:
            rows = await connection.fetch("SELECT key, topic, reason FROM outbox_set_aside WHERE key = $1", oversized)
            return rows or None

        [row] = await eventually(set_aside)
        assert row["topic"] == "egov.intake.submissions"
        assert "MessageSizeTooLarge" in row["reason"]
    finally:
        await connection.close()
    assert (await status(intake, oversized))["status"] == "submitted"
