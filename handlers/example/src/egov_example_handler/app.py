"""An example municipal handler: Sofia Municipality processing three services automatically.

- Certificates of heirs (2016): accepted with a registration number and completed at once.
- Certificates of current address (1997): the same, once the fee is paid (routing delivers the
  work item only then).
- Multilingual extracts (2000): when the citizen did not give the civil-status record's number,
  the handler asks for it and a copy of the record; the answer comes back as the next version of
  the work item, and the extract is issued.

A real handler would check the registers through the registry gateway and have staff sign the
documents; this one shows the shape of the decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from egov_sdk.handler import Accept, Complete, Decision, HandlerApp, HandlerSettings, Needed, RequestInfo

if TYPE_CHECKING:
    from egov_schemas.work import WorkItem

CERTIFICATE_OF_HEIRS = 2016
CERTIFICATE_OF_CURRENT_ADDRESS = 1997
MULTILINGUAL_EXTRACT = 2000
RECORD_NEEDED = [
    Needed(key="record_number", kind="answer", description="Номер на акта / Number of the civil-status record"),
    Needed(key="record_copy", kind="attachment", description="Копие на акта / A copy of the record"),
]


class ExampleHandlerSettings(HandlerSettings):
    service_name: str = Field("handler-sofia", description="Name in logs, traces and the CloudEvents source")
    administration_id: str = Field("sofia", description="The administration whose inbox this handler processes")
    database_url: str = Field(
        "postgresql://egov_handler_sofia@127.0.0.1:55432/egov_handler_sofia",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8010, ge=0, le=65535, description="Port the HTTP API binds to")


def registration_number(item: WorkItem) -> str:
    """Sofia-style incoming number: a prefix, the filing date and a short unique part."""
    return f"СО-{item.submitted_at:%Y%m%d}-{item.application_id[:8].upper()}"


async def issue_at_once(item: WorkItem) -> list[Decision]:
    prefix = "heirs" if item.service == CERTIFICATE_OF_HEIRS else "address"
    return [
        Accept(registration_number=registration_number(item)),
        Complete(document_id=f"{prefix}-{item.application_id}"),
    ]


async def multilingual_extract(item: WorkItem) -> list[Decision]:
    answered = item.information[-1] if item.information else None
    if item.version == 1:
        accepted: list[Decision] = [Accept(registration_number=registration_number(item))]
        if item.form.get("record_number"):
            return [*accepted, Complete(document_id=f"extract-{item.application_id}")]
        message = "Моля, посочете номера на акта и приложете копие. / Please give the record's number and a copy."
        return [*accepted, RequestInfo(message=message, needed=RECORD_NEEDED)]
    if answered is not None and answered.answers.get("record_number") and answered.attachments:
        return [Complete(document_id=f"extract-{item.application_id}-v{item.version}")]
    return [RequestInfo(message="Отговорът е непълен. / The answer is incomplete.", needed=RECORD_NEEDED)]


def build(settings: ExampleHandlerSettings) -> HandlerApp:
    app = HandlerApp(settings)
    app.service(CERTIFICATE_OF_HEIRS)(issue_at_once)
    app.service(CERTIFICATE_OF_CURRENT_ADDRESS)(issue_at_once)
    app.service(MULTILINGUAL_EXTRACT)(multilingual_extract)
    return app
