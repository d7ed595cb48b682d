"""What the citizen's answer to an information request must hold."""

import base64

from egov_intake.domain.model import InformationAnswer, InformationRequest
from egov_intake.service_layer.follow_up import answer_errors
from egov_schemas.lifecycle import InformationNeeded

REQUEST = InformationRequest(
    request_sequence=4,
    message="Моля, посочете номера на акта и приложете копие.",
    needed=[
        InformationNeeded(key="record_number", kind="answer", description="Номер на акта"),
        InformationNeeded(key="record_copy", kind="attachment", description="Копие на акта"),
    ],
    answer_url="/applications/a1/information",
)
COPY = {"key": "record_copy", "filename": "акт.pdf", "media_type": "application/pdf"}


def answer(answers: dict[str, str], attachments: list[dict[str, str]]) -> InformationAnswer:
    files = [{**file, "content": base64.b64encode(b"%PDF-1.7").decode()} for file in attachments]
    return InformationAnswer.model_validate({"answers": answers, "attachments": files})


def test_a_complete_answer_has_no_errors():
    assert answer_errors(REQUEST, answer({"record_number": "0123"}, [COPY])) == []


def test_what_is_missing_is_named():
    errors = answer_errors(REQUEST, answer({"record_number": "  "}, []))
    assert {error["field"] for error in errors} == {"answers.record_number", "attachments"}


def test_what_was_not_asked_for_is_named():
    errors = answer_errors(
        REQUEST, answer({"record_number": "1", "record_copy": "x", "other": "y"}, [COPY, {**COPY, "key": "other"}])
    )
    assert {error["field"] for error in errors} == {"answers.record_copy", "answers.other", "attachments.1.key"}
