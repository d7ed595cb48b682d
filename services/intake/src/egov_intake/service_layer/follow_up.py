"""What a citizen does after submitting: answer an information request, withdraw, or find the
application again by its reference number.

Intake checks what it can against its status view (which follows the lifecycle log, a moment
behind routing) and passes the request on to routing, which decides: an answer or a withdrawal
that crossed a decision is set aside there, and the status shows the citizen where things stand.
"""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from egov_intake.adapters.repository import AlreadyAnswered
from egov_intake.service_layer.status import status_view
from egov_intake.service_layer.submissions import attached_file
from egov_intake.service_layer.uploads import ANSWER_RULE, FALLBACK_TYPE, UploadRefused, take
from egov_schemas import topics
from egov_schemas.lifecycle import FINAL_STATES
from egov_schemas.reference import normalize_reference
from egov_schemas.work import InformationProvided, WithdrawalRequested
from egov_sdk.cloudevents import to_record
from egov_sdk.problems import FieldError, Problem, unprocessable
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from egov_intake.adapters.repository import ApplicationRepository
    from egov_intake.domain.model import ApplicationStatus, InformationAnswer, InformationRequest
    from egov_intake.service_layer.uploads import Blobs, Scanner


async def current_status(repository: ApplicationRepository, application_id: str) -> ApplicationStatus | None:
    document = await repository.get(application_id)
    if document is None:
        return None
    return status_view(document, withdrawal_requested=await repository.withdrawal_requested(application_id))


async def answer(
    repository: ApplicationRepository,
    status: ApplicationStatus,
    answer: InformationAnswer,
    source: str,
    *,
    scanner: Scanner,
    blobs: Blobs,
) -> None:
    request = status.information_request
    if request is None:
        raise Problem(409, "No information requested", f"application {status.id} is {status.status.value}")
    # NOTE: text PostgreSQL cannot store is refused first: the other checks would quote it back.
    if errors := list(unstorable(answer.model_dump(exclude={"attachments": {"__all__": {"content"}}}))):
        raise unprocessable("Invalid answer", errors)
    if errors := answer_errors(request, answer):
        raise unprocessable("Invalid answer", errors)
    files = []
    for index, upload in enumerate(answer.attachments):
        try:
            taken = await take(
                ANSWER_RULE, upload.filename, upload.content, scanner=scanner, blobs=blobs, any_type=True
            )
        except UploadRefused as refused:
            field = f"attachments.{index}.content"
            raise unprocessable("Attachment refused", [{"field": field, "detail": refused.detail()}]) from refused
        # NOTE: the type the content shows, else the one the citizen's client gave.
        media_type = taken.media_type if taken.media_type != FALLBACK_TYPE else upload.media_type
        files.append(attached_file(status.id, str(uuid.uuid4()), replace(taken, key=upload.key, media_type=media_type)))
    now = dt.datetime.now(dt.UTC)
    provided = InformationProvided(
        application_id=status.id,
        administration_id=status.administration_id,
        request_sequence=request.request_sequence,
        answered_at=now,
        answers=answer.answers,
        attachments=files,
    )
    record = to_record(provided, topic=topics.SUBMISSIONS, source=source, time=now)
    try:
        await repository.add_answer(status.id, request.request_sequence, now, files, [record])
    except AlreadyAnswered as exc:
        raise Problem(409, "Already answered", "this information request has been answered already") from exc


def answer_errors(request: InformationRequest, answer: InformationAnswer) -> list[FieldError]:
    """Each thing needed and not given, and each thing given and not asked for."""
    wanted = {item.key: item.kind for item in request.needed}
    errors: list[FieldError] = [
        {"field": f"answers.{key}", "detail": "was not asked for" if key not in wanted else "asks for an attachment"}
        for key in answer.answers
        if wanted.get(key) != "answer"
    ]
    errors += [
        {"field": f"attachments.{index}.key", "detail": f"{upload.key!r} does not ask for an attachment"}
        for index, upload in enumerate(answer.attachments)
        if wanted.get(upload.key) != "attachment"
    ]
    attached = {upload.key for upload in answer.attachments}
    for key, kind in wanted.items():
        given = key in attached if kind == "attachment" else bool(answer.answers.get(key, "").strip())
        if not given:
            where = "attachments" if kind == "attachment" else f"answers.{key}"
            errors.append({"field": where, "detail": f"{key} is needed"})
    return errors


async def withdraw(repository: ApplicationRepository, status: ApplicationStatus, source: str) -> None:
    if status.status in FINAL_STATES:
        raise Problem(409, "Cannot be withdrawn", f"application {status.id} has ended: {status.status.value}")
    now = dt.datetime.now(dt.UTC)
    requested = WithdrawalRequested(
        application_id=status.id, administration_id=status.administration_id, requested_at=now
    )
    await repository.add_withdrawal(
        status.id, now, [to_record(requested, topic=topics.SUBMISSIONS, source=source, time=now)]
    )


async def find(repository: ApplicationRepository, reference: str, applicant_identifier: str) -> str:
    """The application with this reference number, if it is the applicant's; else not found
    (the same answer either way, so a reference number alone tells nothing)."""
    canonical = normalize_reference(reference)
    if canonical is None:
        raise unprocessable(
            "Invalid reference number",
            [{"field": "reference", "detail": "not a reference number (XXXX-XXXX-X with its check symbol)"}],
        )
    found = await repository.by_reference(canonical)
    # NOTE: an application filed with an eID login is opened only with an eID login (the portal,
    # or the API with an ID token), never with a reference number and an EGN, which others may know.
    if (
        found is None
        or found[2] is not None
        or not hmac.compare_digest(found[1].encode(), applicant_identifier.encode())
    ):
        raise Problem(404, "Not found", f"no application {canonical} for this applicant")
    return found[0]
