"""What staff do on a case: claim it, give it to a colleague or back, accept it with a
registration number, ask the citizen for information, complete it with an output document,
refuse it with reasons, write notes, check the registries. Each action is one transaction that
changes the case (if it is still as the employee saw it), audits who did what, and queues the
decision for routing on the administration's replies topic, exactly as a handler's.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egov_schemas import topics
from egov_schemas.personal_data import personal_data_in
from egov_schemas.registry import RegistryRequest
from egov_schemas.work import (
    WORKSPACE_DOCUMENT_PREFIX,
    AcceptReply,
    CompleteReply,
    HandlerReply,
    RefuseReply,
    RequestInfoReply,
)
from egov_sdk.cloudevents import to_record
from egov_sdk.handler import people_named_in
from egov_sdk.logging import get_logger
from egov_workspace.adapters.audit import AuditEntry
from egov_workspace.adapters.case_records import Document, RegistryCheckRecord
from egov_workspace.adapters.output_documents import DocumentContent, Issuer, render_pdf
from egov_workspace.domain.cases import RESULTING_STATE, Case, NotAllowed
from egov_workspace.domain.registry_subjects import subjects_of

if TYPE_CHECKING:
    from egov_schemas.catalog import ServiceVersionChanged
    from egov_schemas.lifecycle import InformationNeeded
    from egov_sdk.catalog_view import CatalogView
    from egov_sdk.clock import Clock
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store
    from egov_workspace.adapters.audit import AuditLog
    from egov_workspace.adapters.case_records import CaseRecords
    from egov_workspace.adapters.cases import CaseRepository
    from egov_workspace.adapters.numbering import RegistrationNumbers
    from egov_workspace.adapters.staff import StaffDirectory
    from egov_workspace.domain.cases import Decision
    from egov_workspace.domain.staff import StaffMember

log = get_logger(__name__)
REQUEST_PREFIX = "ws-"
"""How the ids of the workspace's registry requests begin: its reader of the answers passes over
the handlers' (on the same topics)."""
ROLE_TITLES = {"clerk": "служител / officer", "head_of_unit": "началник отдел / head of unit", "admin": "администратор"}


class Missing(Exception):
    """No such case in the member's administration (another's is as good as missing)."""


class Changed(Exception):
    """The case changed since the employee saw it: look again before acting."""


class Unpublishable(Exception):
    """A decision that would put personal data on the lifecycle log; `findings` say where."""

    def __init__(self, findings: list[str]):
        super().__init__("; ".join(findings))
        self.findings = findings


@dataclass(frozen=True)
class Desk:
    store: Store
    cases: CaseRepository
    staff: StaffDirectory
    numbers: RegistrationNumbers
    records: CaseRecords
    audit: AuditLog
    outbox: Outbox
    catalog: CatalogView
    clock: Clock
    source: str

    async def open_case(self, member: StaffMember, application_id: str) -> Case:
        """The case, for a member of its administration; opening it is audited (it shows personal data)."""
        case = await self.cases.get(application_id, member.administration_id)
        if case is None:
            raise Missing(application_id)
        await self.audit.record(self._entry(member, "viewed", case))
        return case

    async def claim(self, member: StaffMember, application_id: str, revision: int) -> None:
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_claim(member)
            await self._assign(case, member, "claimed", member)

    async def assign(self, member: StaffMember, application_id: str, revision: int, to_person: str) -> None:
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            colleague = await self.staff.member(to_person)
            if colleague is None:
                raise NotAllowed("not_a_colleague")
            case.check_assign(member, colleague)
            await self._assign(case, member, "assigned", colleague)

    async def release(self, member: StaffMember, application_id: str, revision: int) -> None:
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_release(member)
            if not await self.cases.set_assignee(case, None, None):
                raise Changed(application_id)
            await self.audit.record(self._entry(member, "released", case, previous=case.assignee_name))

    async def accept(self, member: StaffMember, application_id: str, revision: int) -> str:
        """Accept with the next registration number of the administration's scheme."""
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_decision(member, "accept")
            number = await self.numbers.next_number(member.administration_id, self.clock.today().year)
            reply = AcceptReply(**self._common(case), registration_number=number)
            await self._decide(member, case, "accept", reply, registration_number=number)
            return number

    async def request_info(
        self, member: StaffMember, application_id: str, revision: int, message: str, needed: list[InformationNeeded]
    ) -> None:
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_decision(member, "request_info")
            reply = RequestInfoReply(**self._common(case), message=message, needed=needed)
            await self._decide(member, case, "request_info", reply, needed=[item.key for item in needed])

    async def complete(self, member: StaffMember, application_id: str, revision: int, body: str) -> str:
        """Complete with an output document rendered from the service's template; its id."""
        case = await self._case(member, application_id, revision)
        case.check_decision(member, "complete")
        document_id = f"{WORKSPACE_DOCUMENT_PREFIX}{uuid.uuid4()}"
        # NOTE: rendered before the transaction (a PDF takes tens of milliseconds of CPU, in a
        # thread): the revision check below refuses it if the case changed meanwhile.
        pdf = await asyncio.to_thread(render_pdf, self._document(case, member, document_id, body))
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_decision(member, "complete")
            filename = f"{case.reference}.pdf"
            await self.records.add_document(
                Document(document_id, case.application_id, filename, "application/pdf", pdf)
            )
            reply = CompleteReply(**self._common(case), document_id=document_id)
            await self._decide(member, case, "complete", reply, document_id=document_id)
        return document_id

    async def refuse(self, member: StaffMember, application_id: str, revision: int, reasons: list[str]) -> None:
        async with self.store.transaction():
            case = await self._case(member, application_id, revision)
            case.check_decision(member, "refuse")
            reply = RefuseReply(**self._common(case), reasons=reasons)
            await self._decide(member, case, "refuse", reply, reasons=len(reasons))

    async def note(self, member: StaffMember, application_id: str, text: str) -> None:
        async with self.store.transaction():
            case = await self.cases.get(application_id, member.administration_id)
            if case is None:
                raise Missing(application_id)
            if not member.processes:
                raise NotAllowed("not_processing_role")
            await self.records.add_note(case.application_id, member.person, member.name, text)
            await self.audit.record(self._entry(member, "noted", case))

    async def check_registry(
        self, member: StaffMember, application_id: str, operation: str, subject: str, purpose: str
    ) -> str:
        """Ask the registry gateway (through the outbox) for `operation` on one of the case's
        subjects (`subject` names which: the applicant, a form field, the company), under the law
        the service declares; the answer comes later. The request's id."""
        async with self.store.transaction():
            case = await self.cases.get(application_id, member.administration_id)
            if case is None:
                raise Missing(application_id)
            if case.assignee != member.person or not case.open:
                raise NotAllowed("not_yours")
            declared = self._service(case)
            check = next((c for c in declared.registry_checks if c.operation == operation), None) if declared else None
            if check is None:
                raise NotAllowed("operation_not_declared")
            chosen = next((s for s in subjects_of(case.item, operation) if s.key == subject), None)
            if chosen is None:
                raise NotAllowed("no_such_subject")
            request_id = f"{REQUEST_PREFIX}{uuid.uuid4()}"
            now = self.clock.now()
            request = RegistryRequest(
                request_id=request_id,
                administration_id=case.administration_id,
                service=case.service,
                application_id=case.application_id,
                operation=check.operation,
                arguments={chosen.argument: chosen.value},
                purpose=purpose,
                requested_by=member.name,
                requested_at=now,
            )
            record = RegistryCheckRecord(
                request_id, check.operation, purpose, check.law_reason, member.name, now, None, None
            )
            await self.records.add_check(record, case.application_id)
            topic = topics.registry_requests(case.administration_id)
            await self.outbox.add([to_record(request, topic=topic, source=self.source)])
            await self.audit.record(
                self._entry(
                    member,
                    "registry_checked",
                    case,
                    operation=check.operation,
                    subject=chosen.key,
                    law=check.law_reason,
                )
            )
            return request_id

    async def _case(self, member: StaffMember, application_id: str, revision: int) -> Case:
        case = await self.cases.get(application_id, member.administration_id)
        if case is None:
            raise Missing(application_id)
        if case.revision != revision:
            raise Changed(application_id)
        return case

    async def _assign(self, case: Case, member: StaffMember, action: str, to: StaffMember) -> None:
        if not await self.cases.set_assignee(case, to.person, to.name):
            raise Changed(case.application_id)
        await self.audit.record(self._entry(member, action, case, to=to.name))

    async def _decide(
        self, member: StaffMember, case: Case, decision: Decision, reply: HandlerReply, **details: Any
    ) -> None:
        if findings := personal_data_in(reply.published_text(), people_named_in(case.item)):
            raise Unpublishable(findings)
        number = details.get("registration_number")
        document_id = details.get("document_id")
        if not await self.cases.decide(
            case, RESULTING_STATE[decision], registration_number=number, document_id=document_id
        ):
            raise Changed(case.application_id)
        topic = topics.admin_replies(case.administration_id)
        await self.outbox.add([to_record(reply, topic=topic, source=self.source)])
        await self.audit.record(self._entry(member, decision, case, **details))
        log.info("staff_decided", application_id=case.application_id, decision=decision)

    def _common(self, case: Case) -> dict[str, Any]:
        return {
            "application_id": case.application_id,
            "administration_id": case.administration_id,
            "reply_id": f"ws-{uuid.uuid4()}",
            "decided_at": self.clock.now(),
        }

    def _entry(self, member: StaffMember, action: str, case: Case, **details: Any) -> AuditEntry:
        return AuditEntry(
            administration_id=case.administration_id,
            actor=member.person,
            actor_name=member.name,
            action=action,
            application_id=case.application_id,
            details=details,
            at=self.clock.now(),
        )

    def _service(self, case: Case) -> ServiceVersionChanged | None:
        return self.catalog.service_version(case.service, case.item.service_version)

    def _document(self, case: Case, member: StaffMember, document_id: str, body: str) -> DocumentContent:
        service = self._service(case)
        administration = self.catalog.administration(case.administration_id)
        represented = case.item.represented
        return DocumentContent(
            document_id=document_id,
            service=case.service,
            title_bg=service.output_document_bg if service else "Документ",
            title_en=service.output_document_en if service else "Document",
            issuer=Issuer(
                name_bg=administration.name_bg if administration else case.administration_id,
                name_en=administration.name_en if administration else case.administration_id,
                eik=administration.eik if administration else None,
                address=administration.contacts.address if administration else None,
                website=administration.contacts.website if administration else None,
            ),
            reference=case.reference,
            registration_number=case.registration_number,
            applicant_name=case.item.applicant.name,
            represented=f"{represented.name} (ЕИК {represented.eik})" if represented else None,
            body=body,
            issued_on=self.clock.today(),
            issued_by=member.name,
            issued_by_role=ROLE_TITLES[member.role],
        )
