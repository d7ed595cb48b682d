"""The citizen downloads the document the workspace issued from the application's page: the PDF
when the workspace has it, a page saying why when it has not or cannot answer, never an error."""

import datetime as dt
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request

from egov_intake.adapters.workspace_documents import WorkspaceDocuments
from egov_intake.domain.identity import Citizen
from egov_intake.entrypoints.portal.my_pages import my_router
from egov_intake.entrypoints.portal.web import log_in
from egov_schemas.work import DOCUMENTS_TOKEN_AUDIENCE
from egov_sdk.auth import ServiceCredential
from egov_sdk.web_pages import PageAnswer, page_answer

EGN = "7501010010"
APPLICATION = "app-1"
PDF = b"%PDF-1.7\n"
AT = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def application(*history: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    entries = [{"sequence": 1, "state": "submitted", "at": AT, "detail": {}}]
    entries += [
        {"sequence": n, "state": state, "at": AT, "detail": detail} for n, (state, detail) in enumerate(history, 2)
    ]
    return {
        "id": APPLICATION,
        "reference": "2026-000001",
        "administration_id": "sofia",
        "service": 2128,
        "service_version": 1,
        "tier": "ordinary",
        "status": entries[-1]["state"],
        "submitted_at": AT,
        "history": entries,
    }


COMPLETED = application(("routed", {}), ("completed", {"document_id": "workspace-doc-1"}))


class FakeCatalog:
    """Names nothing: the page falls back to the service's number."""

    def service_version(self, number: int, version: int) -> None:
        return None

    def administration(self, administration_id: str) -> None:
        return None


class FakeRepository:
    def __init__(self, document: dict[str, Any], owner: str = EGN):
        self._document = document
        self._owner = owner

    async def owner(self, application_id: str) -> str | None:
        return self._owner if application_id == APPLICATION else None

    async def get(self, application_id: str) -> dict[str, Any] | None:
        return self._document if application_id == APPLICATION else None

    async def withdrawal_requested(self, application_id: str) -> bool:
        return False


def portal(
    document: dict[str, Any], workspace: httpx.Response | Exception, *, owner: str = EGN
) -> tuple[TestClient, list[httpx.Request]]:
    """A logged-in citizen's portal, and the requests the workspace was asked."""
    asked: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        if isinstance(workspace, Exception):
            raise workspace
        return workspace

    credential = ServiceCredential(SecretStr("a-files-key-long-enough-for-hs256-tokens"), DOCUMENTS_TOKEN_AUDIENCE)
    documents = WorkspaceDocuments(
        "http://workspace", credential, httpx.AsyncClient(transport=httpx.MockTransport(answer))
    )
    catalog: Any = FakeCatalog()
    repository: Any = FakeRepository(document, owner)
    files: Any = None
    app = FastAPI()
    app.include_router(my_router(catalog, repository, files, "intake", documents))

    @app.get("/test-login")
    async def login(request: Request) -> dict[str, str]:
        log_in(request, Citizen(egn=EGN, name="Иван Петров", acr="eid_high"), "id-token")
        return {}

    app.add_exception_handler(PageAnswer, page_answer)
    app.add_middleware(SessionMiddleware, secret_key="a-session-key")
    client = TestClient(app)
    client.get("/test-login")
    return client, asked


def test_the_completed_applications_document_is_downloaded_as_an_attachment():
    pdf = httpx.Response(
        200,
        content=PDF,
        headers={"content-type": "application/pdf", "content-disposition": 'attachment; filename="akt 1.pdf"'},
    )
    client, asked = portal(COMPLETED, pdf)
    response = client.get(f"/my-applications/{APPLICATION}/document")
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''akt%201.pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    (request,) = asked
    assert request.url.path == "/internal/documents/workspace-doc-1"
    assert request.url.params["application_id"] == APPLICATION


def test_the_page_links_the_document_once_completed_with_one():
    client, _ = portal(COMPLETED, httpx.Response(200))
    page = client.get(f"/my-applications/{APPLICATION}")
    assert page.status_code == 200
    assert f'href="/my-applications/{APPLICATION}/document"' in page.text
    assert "Изтегляне на документа (PDF)" in page.text


@pytest.mark.parametrize(
    "document",
    [
        application(("routed", {})),
        application(("completed", {})),
        application(("completed", {"document_id": "heirs-0b5f"})),
        application(("refused", {"reasons": ["-"]})),
    ],
    ids=["open", "completed-without-document", "completed-with-a-handlers-document", "refused"],
)
def test_without_a_document_there_is_no_link_and_nothing_to_download(document):
    client, asked = portal(document, httpx.Response(200, content=PDF))
    assert "/document" not in client.get(f"/my-applications/{APPLICATION}").text
    assert client.get(f"/my-applications/{APPLICATION}/document").status_code == 404
    assert asked == []


def test_a_document_the_workspace_does_not_hold_is_explained_in_a_page():
    client, _ = portal(COMPLETED, httpx.Response(404))
    response = client.get(f"/my-applications/{APPLICATION}/document")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "не е достъпен онлайн" in response.text


def test_a_workspace_that_fails_or_is_unreachable_asks_to_try_later():
    for failure in (httpx.Response(500), httpx.ConnectError("refused")):
        client, _ = portal(COMPLETED, failure)
        response = client.get(f"/my-applications/{APPLICATION}/document")
        assert response.status_code == 503
        assert "Опитайте отново по-късно" in response.text
        assert response.headers["retry-after"].isdigit()


def test_another_persons_application_is_not_found_and_the_workspace_not_asked():
    client, asked = portal(COMPLETED, httpx.Response(200, content=PDF), owner="8001010007")
    response = client.get(f"/my-applications/{APPLICATION}/document")
    assert response.status_code == 404
    assert asked == []


def test_without_a_login_the_citizen_is_sent_to_log_in():
    client, _ = portal(COMPLETED, httpx.Response(200, content=PDF))
    client.cookies.clear()
    response = client.get(f"/my-applications/{APPLICATION}/document", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/auth/login")
