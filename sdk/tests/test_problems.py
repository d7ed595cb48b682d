from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from egov_sdk.problems import Problem, field_path, install_problem_handlers


class Body(BaseModel):
    name: str
    count: int


def client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict[str, str]:
        if body.name == "taken":
            raise Problem(409, "Conflict", "name is taken")
        return {"name": body.name}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("7501010010 broke")

    return TestClient(app, raise_server_exceptions=False)


def test_field_path_drops_the_request_part():
    assert field_path(("body", "applicant", "identifier")) == "applicant.identifier"
    assert field_path(("query", "limit")) == "limit"
    assert field_path(("body",)) == "body"


def test_invalid_body_is_problem_json_with_field_paths():
    response = client().post("/things", json={"name": "x", "count": "many"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "count", "detail": "Input should be a valid integer, unable to parse string as an integer"}
    ]


def test_domain_problem_and_unexpected_errors_are_problem_json():
    assert client().post("/things", json={"name": "taken", "count": 1}).json()["status"] == 409
    response = client().get("/boom")
    assert response.status_code == 500
    assert "7501010010" not in response.text
