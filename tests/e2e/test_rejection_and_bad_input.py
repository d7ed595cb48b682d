"""What is not offered is rejected with a reason; what is malformed is refused at the door."""

from __future__ import annotations

from tests.e2e.catalog_client import operator, register_administration
from tests.e2e.citizen import final_status, heirs_application, pdf_attachment, submit, submit_once_known


async def test_service_outside_the_package_ends_rejected_with_a_reason(platform, intake):
    # 2006 (timber harvested outside forest land) is published, but not in Sofia's package.
    body = {**heirs_application(), "service": 2006}
    body["form"] = {"property_address": "м. Бункера", "timber_species": "бук", "timber_volume_m3": 2.5}
    body["attachments"] = [pdf_attachment("ownership_document"), pdf_attachment("timber_origin")]
    application_id = await submit(intake, body)
    status = await final_status(intake, application_id)

    assert status["status"] == "rejected"
    assert [step["state"] for step in status["history"]] == ["submitted", "rejected"]
    assert status["history"][-1]["detail"] == {
        "reason_code": "service_not_offered",
        "reason": "Service 2006 (ordinary tier) is not in the package of administration sofia.",
    }


async def test_administration_without_a_package_rejects(platform, intake, catalog):
    administration_id = await register_administration(catalog, operator())
    application_id = await submit_once_known(intake, heirs_application(administration_id=administration_id))
    status = await final_status(intake, application_id)
    assert status["history"][-1]["detail"]["reason_code"] == "administration_unknown"


async def test_bad_submissions_get_problem_json_naming_the_field(platform, intake):
    cases = {
        "applicant": {**heirs_application(), "applicant": {"identifier": "7501010011", "name": "Иван"}},
        "service": {**heirs_application(), "service": 999999},
        "administration_id": {**heirs_application(), "administration_id": "atlantis"},
        "form.deceased_egn": {**heirs_application(), "form": {**heirs_application()["form"], "deceased_egn": "12"}},
    }
    for field, body in cases.items():
        response = await intake.post("/applications", json=body)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert field in [error["field"] for error in response.json()["errors"]], (field, response.json())

    unknown = await intake.get("/applications/does-not-exist", headers={"Authorization": "Bearer not-its-token"})
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
