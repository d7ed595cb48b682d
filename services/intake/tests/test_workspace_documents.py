"""The workspace's output documents, fetched with a token only intake and the workspace can sign:
the document when it is there, None when the workspace does not hold it, an error otherwise."""

from urllib.parse import quote

import httpx
import pytest
from pydantic import SecretStr

from egov_intake.adapters.workspace_documents import (
    Document,
    DocumentsUnavailable,
    WorkspaceDocuments,
)
from egov_schemas.work import ATTACHMENTS_TOKEN_AUDIENCE, DOCUMENTS_TOKEN_AUDIENCE
from egov_sdk.auth import ServiceCredential

FILES_KEY = SecretStr("a-files-key-long-enough-for-hs256-tokens")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
APPLICATION = "app-1"


async def fetch(
    answer: httpx.Response | Exception, document_id: str = "doc-1"
) -> tuple[Document | None, httpx.Request]:
    seen: list[httpx.Request] = []

    def workspace(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async with httpx.AsyncClient(transport=httpx.MockTransport(workspace)) as http:
        documents = WorkspaceDocuments(
            "http://workspace/", ServiceCredential(FILES_KEY, DOCUMENTS_TOKEN_AUDIENCE), http
        )
        found = await documents.fetch(APPLICATION, document_id)
    return found, seen[0]


async def test_a_document_is_fetched_with_intakes_token_and_the_application_named():
    disposition = f"attachment; filename*=UTF-8''{quote('удостоверение.pdf')}"
    answer = httpx.Response(
        200, content=PDF, headers={"content-type": "application/pdf", "content-disposition": disposition}
    )
    found, sent = await fetch(answer)
    assert found is not None
    assert found.content == PDF
    assert found.media_type == "application/pdf"
    assert found.filename == "удостоверение.pdf"
    assert sent.method == "GET"
    assert sent.url.path == "/internal/documents/doc-1"
    assert sent.url.params["application_id"] == APPLICATION
    token = sent.headers["authorization"].removeprefix("Bearer ")
    assert ServiceCredential(FILES_KEY, DOCUMENTS_TOKEN_AUDIENCE).subject(token) == "intake"
    assert ServiceCredential(FILES_KEY, ATTACHMENTS_TOKEN_AUDIENCE).subject(token) is None


async def test_a_document_without_a_name_is_named_by_its_id_and_its_id_stays_one_path_segment():
    found, sent = await fetch(httpx.Response(200, content=PDF, headers={"content-type": "application/pdf"}), "a/b c")
    assert sent.url.raw_path.startswith(b"/internal/documents/a%2Fb%20c?")
    assert found is not None
    assert found.filename == "a/b c.pdf"


async def test_a_malformed_media_type_is_taken_as_bytes():
    found, _ = await fetch(httpx.Response(200, content=PDF, headers={"content-type": "text/html<script>"}))
    assert found is not None
    assert found.media_type == "application/octet-stream"


async def test_a_document_the_workspace_does_not_hold_is_none():
    found, _ = await fetch(httpx.Response(404, json={"title": "Not found"}))
    assert found is None


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500),
        httpx.Response(503),
        httpx.Response(401),
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("closed"),
    ],
)
async def test_a_workspace_that_fails_or_cannot_be_reached_is_unavailable(answer):
    with pytest.raises(DocumentsUnavailable):
        await fetch(answer)


async def test_a_refused_token_is_named_as_a_configuration_fault():
    with pytest.raises(DocumentsUnavailable, match="FILES_TOKEN_KEY"):
        await fetch(httpx.Response(401))
