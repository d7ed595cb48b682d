"""An example municipal handler: Sofia Municipality processing three services automatically.

- Certificates of heirs (2016): accepted with a registration number; the deceased is checked in
  GRAO through the registry gateway (`ctx.registry.person`): the certificate is issued when GRAO
  records the death, refused when the person is alive or unknown, and the citizen is asked for
  the personal number again when GRAO cannot check it.
- Certificates of current address (1997): accepted and completed at once, once the fee is paid
  (routing delivers the work item only then).
- Multilingual extracts (2000): when the citizen did not give the civil-status record's number,
  the handler asks for it and a copy of the record; the answer comes back as the next version of
  the work item, and the extract is issued.

A real handler would have staff sign the documents; this one shows the shape of the decisions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from egov_sdk.consumer import PermanentFailure
from egov_sdk.handler import (
    Accept,
    Complete,
    Context,
    Decision,
    HandlerApp,
    HandlerSettings,
    Needed,
    Refuse,
    RequestInfo,
)

if TYPE_CHECKING:
    from egov_schemas.work import WorkItem

CERTIFICATE_OF_HEIRS = 2016
CERTIFICATE_OF_CURRENT_ADDRESS = 1997
MULTILINGUAL_EXTRACT = 2000
RECORD_NEEDED = [
    Needed(key="record_number", kind="answer", description="Номер на акта / Number of the civil-status record"),
    Needed(key="record_copy", kind="attachment", description="Копие на акта / A copy of the record"),
]
DECEASED_EGN = "deceased_egn"
"""The form field of service 2016 (and the answer's key) with the deceased's personal number."""
DECEASED_EGN_NEEDED = [
    Needed(key=DECEASED_EGN, kind="answer", description="ЕГН на починалия / Personal number (EGN) of the deceased")
]
GRAO_CHECK = "Проверка в НБД „Население“, че наследодателят е починал / Checking in GRAO that the deceased has died"
# NOTE: the decisions are published on the lifecycle log: they never name the person or their EGN.
NOT_DECEASED = (
    "Според НБД „Население“ лицето, посочено като наследодател, не е починало. "
    "/ According to the population register (GRAO), the person named as deceased has not died."
)
NOT_IN_REGISTER = (
    "Лицето, посочено като наследодател, не е намерено в НБД „Население“. "
    "/ There is no such person in the population register (GRAO)."
)
EGN_NOT_CHECKED = (
    "ЕГН на починалия не може да бъде проверено в НБД „Население“. Моля, проверете го и го посочете отново. "
    "/ The deceased's personal number could not be checked in the population register; "
    "please check it and give it again."
)
EGN_MISSING = "Моля, посочете ЕГН на починалия. / Please give the deceased's personal number (EGN)."


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
    return [
        Accept(registration_number=registration_number(item)),
        Complete(document_id=f"address-{item.application_id}"),
    ]


async def certificate_of_heirs(item: WorkItem, ctx: Context) -> list[Decision]:
    accepted: list[Decision] = [Accept(registration_number=registration_number(item))] if item.version == 1 else []
    return [*accepted, *await heirs_after_grao_check(item, ctx)]


async def heirs_after_grao_check(item: WorkItem, ctx: Context) -> list[Decision]:
    egn = deceased_egn(item)
    if egn is None:
        return [RequestInfo(message=EGN_MISSING, needed=DECEASED_EGN_NEEDED)]
    deceased = await ctx.registry.person(egn, reason=GRAO_CHECK)
    match deceased.status, (deceased.data or {}).get("alive"):
        case "found", False:
            return [Complete(document_id=f"heirs-{item.application_id}")]
        case "found", True:
            return [Refuse(reasons=[NOT_DECEASED])]
        case "not_found", _:
            return [Refuse(reasons=[NOT_IN_REGISTER])]
        case "error", _:
            return [RequestInfo(message=EGN_NOT_CHECKED, needed=DECEASED_EGN_NEEDED)]
        case _:
            # NOTE: `refused` (the catalog does not declare the check for the service) is a
            # configuration error no retry mends: the work item goes to the DLQ with the reason.
            raise PermanentFailure(f"GRAO check of the deceased answered {deceased.status}: {deceased.error}")


def deceased_egn(item: WorkItem) -> str | None:
    """The deceased's EGN: the citizen's latest answer to a request for it, or else the form's."""
    for exchange in reversed(item.information):
        if answer := exchange.answers.get(DECEASED_EGN):
            return answer
    given = item.form.get(DECEASED_EGN)
    return str(given) if given else None


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
    app.service(CERTIFICATE_OF_HEIRS)(certificate_of_heirs)
    app.service(CERTIFICATE_OF_CURRENT_ADDRESS)(issue_at_once)
    app.service(MULTILINGUAL_EXTRACT)(multilingual_extract)
    return app
