"""The message templates the simulator offers, with fixed ids and field GUIDs that the platform's
e-Delivery adapter and the tests refer to.

A message's `fields` maps a template field's GUID to its value: text for the text kinds, a list
of blob ids for `file` (e-Delivery's `POST /api/v1/blobs` returns them), true/false for `checkbox`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

MESSAGE_TEMPLATE_ID = 1
MESSAGE_BODY_FIELD = "2e8ecf81-dbe0-49a0-8590-426a133d645c"
MESSAGE_ATTACHMENTS_FIELD = "0f105903-d377-4785-b962-199d717a541b"

ADMINISTRATIVE_ACT_TEMPLATE_ID = 2
ADMINISTRATIVE_ACT_BODY_FIELD = "c841681d-7283-46e3-be61-860c9c945087"
ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD = "15e55a08-950f-4884-bcb6-845e23dd1d3f"
ADMINISTRATIVE_ACT_ATTACHMENTS_FIELD = "ba10c7cd-4ea0-4c87-8778-0bbd14495844"


class SecurityLevel(IntEnum):
    """e-Delivery's TemplateSecurityLevel: the assurance level a login needs to read or write."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3


class FieldType(StrEnum):
    """e-Delivery's ComponentType."""

    HIDDEN = "hidden"
    TEXTFIELD = "textfield"
    TEXTAREA = "textarea"
    DATETIME = "datetime"
    CHECKBOX = "checkbox"
    SELECT = "select"
    FILE = "file"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class TemplateField:
    id: str
    label: str
    type: FieldType
    is_required: bool
    is_encrypted: bool = False


@dataclass(frozen=True)
class Template:
    template_id: int
    name: str
    identity_number: str
    read: SecurityLevel
    write: SecurityLevel
    content: tuple[TemplateField, ...]
    response_template_id: int | None = None

    def field(self, field_id: str) -> TemplateField | None:
        return next((field for field in self.content if field.id == field_id), None)


TEMPLATES = {
    template.template_id: template
    for template in (
        Template(
            MESSAGE_TEMPLATE_ID,
            "Съобщение",
            "T1",
            SecurityLevel.MEDIUM,
            SecurityLevel.MEDIUM,
            (
                TemplateField(MESSAGE_BODY_FIELD, "Съдържание", FieldType.MARKDOWN, is_required=True),
                TemplateField(MESSAGE_ATTACHMENTS_FIELD, "Прикачени файлове", FieldType.FILE, is_required=False),
            ),
        ),
        Template(
            ADMINISTRATIVE_ACT_TEMPLATE_ID,
            "Уведомление за административен акт",
            "T2",
            SecurityLevel.MEDIUM,
            SecurityLevel.MEDIUM,
            (
                TemplateField(ADMINISTRATIVE_ACT_BODY_FIELD, "Съдържание", FieldType.MARKDOWN, is_required=True),
                TemplateField(
                    ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD,
                    "Регистрационен номер на документа",
                    FieldType.TEXTFIELD,
                    is_required=True,
                ),
                TemplateField(
                    ADMINISTRATIVE_ACT_ATTACHMENTS_FIELD, "Прикачени файлове", FieldType.FILE, is_required=False
                ),
            ),
        ),
    )
}
