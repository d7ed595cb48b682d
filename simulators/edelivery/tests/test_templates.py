"""Templates: the list, the detail with field GUIDs, and the constants the platform refers to."""

from egov_e_delivery_sim import templates
from egov_e_delivery_sim.testing import InformationSystem


async def test_the_list_has_the_message_and_the_administrative_act_templates(platform: InformationSystem) -> None:
    response = await platform.get("/api/v1/templates")
    assert response.status_code == 200
    assert response.json() == [
        {
            "templateId": templates.MESSAGE_TEMPLATE_ID,
            "name": "Съобщение",
            "identityNumber": "T1",
            "read": 2,
            "write": 2,
            "responseTemplateId": None,
        },
        {
            "templateId": templates.ADMINISTRATIVE_ACT_TEMPLATE_ID,
            "name": "Уведомление за административен акт",
            "identityNumber": "T2",
            "read": 2,
            "write": 2,
            "responseTemplateId": None,
        },
    ]


async def test_the_detail_lists_the_fields_with_their_fixed_guids(platform: InformationSystem) -> None:
    response = await platform.get(f"/api/v1/templates/{templates.ADMINISTRATIVE_ACT_TEMPLATE_ID}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Уведомление за административен акт"
    assert [(field["id"], field["type"], field["isRequired"]) for field in body["content"]] == [
        (templates.ADMINISTRATIVE_ACT_BODY_FIELD, "markdown", True),
        (templates.ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD, "textfield", True),
        (templates.ADMINISTRATIVE_ACT_ATTACHMENTS_FIELD, "file", False),
    ]
    assert body["content"][1]["label"] == "Регистрационен номер на документа"
    assert set(body["content"][0]) == {"id", "label", "type", "isEncrypted", "isRequired", "discriminator"}


async def test_the_message_template_has_a_required_body_and_optional_attachments(platform: InformationSystem) -> None:
    body = (await platform.get(f"/api/v1/templates/{templates.MESSAGE_TEMPLATE_ID}")).json()
    assert (body["read"], body["write"]) == (templates.SecurityLevel.MEDIUM, templates.SecurityLevel.MEDIUM)
    assert [(field["id"], field["type"], field["isRequired"]) for field in body["content"]] == [
        (templates.MESSAGE_BODY_FIELD, "markdown", True),
        (templates.MESSAGE_ATTACHMENTS_FIELD, "file", False),
    ]


async def test_an_unknown_template_is_not_found(platform: InformationSystem) -> None:
    response = await platform.get("/api/v1/templates/99")
    assert response.status_code == 404
    assert response.json()["title"] == "Not Found"
    assert (await platform.get("/api/v1/templates/abc")).status_code == 400


def test_every_field_guid_is_distinct_and_canonical() -> None:
    ids = [field.id for template in templates.TEMPLATES.values() for field in template.content]
    assert len(set(ids)) == len(ids) == 5
    assert all(len(field_id) == 36 and field_id == field_id.lower() for field_id in ids)
