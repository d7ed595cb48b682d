"""The audit log's page is bounded: a limit must be between 1 and the maximum page size."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from egov_registry_gateway.entrypoints.http import MAX_PAGE_SIZE, audit_router
from egov_sdk.auth import OPERATOR, Principal
from egov_sdk.problems import install_problem_handlers


class FakeAuditLog:
    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    async def of_administration(self, administration_id: str, limit: int) -> list[dict[str, Any]]:
        self.asked.append((administration_id, limit))
        return []


async def operator() -> Principal:
    return Principal(subject="operator", roles=frozenset({OPERATOR}), administration=None)


def client(audit: FakeAuditLog) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(audit_router(audit, operator))  # type: ignore[arg-type]
    return TestClient(app)


@pytest.mark.parametrize(
    "query",
    [
        "administration_id=sofia&limit=-1e20",
        "administration_id=sofia&limit=0",
        f"administration_id=sofia&limit={MAX_PAGE_SIZE + 1}",
        "administration_id=sofia%00",
        "administration_id=",
    ],
)
def test_a_request_out_of_bounds_is_refused_before_the_store(query: str) -> None:
    audit = FakeAuditLog()
    response = client(audit).get(f"/audit?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert audit.asked == []


def test_the_default_and_the_largest_page() -> None:
    audit = FakeAuditLog()
    client(audit).get("/audit?administration_id=sofia")
    client(audit).get(f"/audit?administration_id=sofia&limit={MAX_PAGE_SIZE}")
    assert audit.asked == [("sofia", 100), ("sofia", MAX_PAGE_SIZE)]
