"""What the catalog's HTTP layer refuses before it reaches the store: overflowing pages, foreign
digits in If-Match, control characters in a search."""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from egov_catalog.entrypoints.http_support import PageParams, page_params, required_revision
from egov_catalog.entrypoints.services import services_router
from egov_sdk.auth import Principal
from egov_sdk.problems import Problem, install_problem_handlers


class FakeServices:
    def __init__(self) -> None:
        self.searched: list[dict[str, Any]] = []

    async def search(self, **query: Any) -> tuple[list[Any], int]:
        self.searched.append(query)
        return [], 0


async def anonymous() -> Principal:
    return Principal(subject="anonymous", roles=frozenset(), administration=None)


def client(services: FakeServices) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(services_router(services, anonymous))  # type: ignore[arg-type]

    @app.get("/pages")
    async def pages(params: Annotated[PageParams, Depends(page_params)]) -> dict[str, int]:
        return {"offset": params.offset, "limit": params.limit}

    return TestClient(app)


@pytest.mark.parametrize("query", ["offset=1e20", f"offset={10**20}", "offset=100001", "limit=0", "limit=201"])
def test_a_page_out_of_bounds_is_refused(query):
    response = client(FakeServices()).get(f"/pages?{query}")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_the_largest_page_is_accepted():
    assert client(FakeServices()).get("/pages?offset=100000&limit=200").json() == {"offset": 100000, "limit": 200}


@pytest.mark.parametrize("query", ["q=%00", "q=a%0Ab", "category=%00", "category=Civil"])
def test_a_search_with_control_characters_or_a_malformed_category_never_reaches_the_store(query):
    services = FakeServices()
    response = client(services).get(f"/services?{query}")
    assert response.status_code == 422
    assert services.searched == []


def test_a_search_in_bulgarian_reaches_the_store():
    services = FakeServices()
    assert client(services).get("/services?q=удостоверение наследници&category=civil_status").status_code == 200
    assert services.searched[0]["text"] == "удостоверение наследници"


@pytest.mark.parametrize("if_match", ['"²"', '"١٢"', '"1e3"', '"-1"', '"1234567890"', '""'])
def test_if_match_naming_no_revision_fails_the_precondition(if_match):
    with pytest.raises(Problem) as refused:
        required_revision(if_match)
    assert refused.value.status == 412


@pytest.mark.parametrize(("if_match", "revision"), [('"7"', 7), ('W/"12"', 12), ("123456789", 123456789)])
def test_if_match_with_a_revision_names_it(if_match, revision):
    assert required_revision(if_match) == revision
