"""The output documents the workspace's staff issue, for intake to hand to the citizen they
belong to (intake checks that; it signs its requests with the key the two share alone)."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from egov_sdk.auth import ServiceCredential
from egov_sdk.problems import Problem
from egov_workspace.adapters.case_records import CaseRecords

_Id = Annotated[str, Path(max_length=64, pattern=r"^[0-9a-zA-Z-]{1,64}$")]


def documents_router(records: CaseRecords, credential: ServiceCredential) -> APIRouter:
    router = APIRouter(tags=["documents"])
    bearer = HTTPBearer(auto_error=False, description="A token intake signs with the key it shares with the workspace")

    @router.get(
        "/internal/documents/{document_id}",
        response_class=Response,
        responses={200: {"content": {"application/pdf": {}}}, 401: {}, 404: {}},
    )
    async def document(
        document_id: _Id,
        application_id: Annotated[str, Query(max_length=64, pattern=r"^[0-9a-zA-Z-]{1,64}$")],
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Response:
        """An output document of an application, for intake alone."""
        if credentials is None or credential.subject(credentials.credentials) is None:
            raise Problem(401, "Unauthorized", "This needs a token signed with the documents key")
        found = await records.document(document_id, application_id)
        if found is None:
            raise Problem(404, "Not found", f"no document {document_id} of application {application_id}")
        return Response(
            found.content,
            media_type=found.media_type,
            headers={
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(found.filename)}",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router
