"""What reaches the workspace over Kafka: the work items and withdrawals of services its
administrations' staff process (every inbox is read; its consumer passes over the handlers'),
and the registry gateway's answers to the checks staff asked for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure
from egov_sdk.handler import AcknowledgeWithdrawal, reply_for
from egov_sdk.logging import get_logger
from egov_workspace.adapters.audit import PLATFORM, AuditEntry

if TYPE_CHECKING:
    from egov_schemas.registry import RegistryReply
    from egov_schemas.work import WorkItem, WorkWithdrawn
    from egov_sdk.clock import Clock
    from egov_sdk.consumer import Delivery
    from egov_sdk.outbox import Outbox
    from egov_workspace.adapters.audit import AuditLog
    from egov_workspace.adapters.case_records import CaseRecords
    from egov_workspace.adapters.cases import CaseRepository

log = get_logger(__name__)


@dataclass(frozen=True)
class Inbox:
    cases: CaseRepository
    records: CaseRecords
    audit: AuditLog
    outbox: Outbox
    clock: Clock
    source: str

    async def on_work_item(self, item: WorkItem, delivery: Delivery) -> None:
        _check_topic(item.administration_id, delivery)
        received = await self.cases.receive(item, self.clock.now())
        if received.new or received.answered:
            action = "received" if received.new else "information_provided"
            await self.audit.record(
                AuditEntry(
                    administration_id=item.administration_id,
                    actor=None,
                    actor_name=PLATFORM,
                    action=action,
                    application_id=item.application_id,
                    details={"version": item.version, "due_date": item.due_date.isoformat() if item.due_date else None},
                )
            )
        log.info("work_item_kept", application_id=item.application_id, version=item.version, new=received.new)

    async def on_withdrawn(self, notice: WorkWithdrawn, delivery: Delivery) -> None:
        _check_topic(notice.administration_id, delivery)
        case = await self.cases.withdraw(notice.application_id)
        if case is not None:
            await self.audit.record(
                AuditEntry(
                    administration_id=notice.administration_id,
                    actor=None,
                    actor_name=PLATFORM,
                    action="withdrawn",
                    application_id=notice.application_id,
                )
            )
        # NOTE: the work stops with the case closed: acknowledged at once, as the handler SDK does.
        reply = reply_for(notice, AcknowledgeWithdrawal(), 0)
        topic = topics.admin_replies(notice.administration_id)
        await self.outbox.add([to_record(reply, topic=topic, source=self.source)])
        log.info("withdrawal_acknowledged", application_id=notice.application_id, open=case is not None)

    async def on_registry_reply(self, reply: RegistryReply, delivery: Delivery) -> None:
        if topics.administration_of(delivery.topic) != reply.administration_id:
            raise PermanentFailure(f"a reply for {reply.administration_id} came on {delivery.topic}")
        application_id = await self.records.answer_check(reply)
        if application_id is None:
            return  # NOTE: a handler's check, or one answered before
        await self.audit.record(
            AuditEntry(
                administration_id=reply.administration_id,
                actor=None,
                actor_name=PLATFORM,
                action="registry_answered",
                application_id=application_id,
                details={"request_id": reply.request_id, "status": reply.status},
            )
        )


def _check_topic(administration_id: str, delivery: Delivery) -> None:
    """Only routing writes the inboxes, each for its administration: anything else is a fault."""
    if topics.administration_of(delivery.topic) != administration_id:
        raise PermanentFailure(f"work for {administration_id} came on {delivery.topic}")
