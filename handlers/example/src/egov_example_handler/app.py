"""An example municipal handler: Sofia Municipality issuing certificates of heirs automatically.

A real handler would check the civil-status register through the registry gateway and have
staff sign the certificate; this one accepts with a registration number and completes at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from egov_sdk.handler import Accept, Complete, Decision, HandlerApp, HandlerSettings

if TYPE_CHECKING:
    from egov_schemas.work import WorkItem

CERTIFICATE_OF_HEIRS = 2016


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


async def certificate_of_heirs(item: WorkItem) -> list[Decision]:
    return [
        Accept(registration_number=registration_number(item)),
        Complete(document_id=f"heirs-{item.application_id}"),
    ]


def build(settings: ExampleHandlerSettings) -> HandlerApp:
    app = HandlerApp(settings)
    app.service(CERTIFICATE_OF_HEIRS)(certificate_of_heirs)
    return app
