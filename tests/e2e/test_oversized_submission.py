"""Every submission has a ceiling: a body over the size limit is refused with 413, a form over
its bounds with 422, and the largest form the field library allows still travels through Kafka.
(A record Kafka refuses all the same is set aside by the relay: tests/integration/test_outbox_relay.py.)"""

from __future__ import annotations

from egov_catalog.domain.seed.fields import MAX_TREES
from egov_intake.settings import IntakeSettings
from tests.e2e.citizen import VALID_EGN, pdf_attachment, status, submit
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
        "attachments": [pdf_attachment("ownership_document")],
    }


async def test_a_body_over_the_limit_is_refused_with_413(intake):
    limit = IntakeSettings.model_fields["http_max_body_bytes"].default
    response = await intake.post("/applications", json=tree_cutting_application(trees=limit // 300))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_form_over_its_bounds_is_refused_with_the_field_named(intake):
    response = await intake.post("/applications", json=tree_cutting_application(trees=MAX_TREES + 1))
    assert response.status_code == 422
    assert "form.trees" in [error["field"] for error in response.json()["errors"]]


async def test_the_largest_form_allowed_is_accepted_and_routed(intake):
    application_id = await submit(intake, tree_cutting_application(trees=MAX_TREES))

    async def routed() -> bool | None:
        return True if (await status(intake, application_id))["status"] != "submitted" else None

    # NOTE: routing saw it, so its submission record went through Kafka (staff process the rest).
    assert await eventually(routed)
