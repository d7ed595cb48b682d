from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from egov_sdk.body_limit import BodyLimit

LIMIT = 1024


def client() -> TestClient:
    app = FastAPI()
    app.add_middleware(BodyLimit, max_bytes=LIMIT)

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"received": len(await request.body())}

    return TestClient(app)


def chunks(total: int, size: int = 100) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


def test_a_body_within_the_limit_reaches_the_handler():
    response = client().post("/echo", content=b"x" * LIMIT)
    assert response.json() == {"received": LIMIT}


def test_a_declared_length_over_the_limit_is_refused_as_problem_json():
    response = client().post("/echo", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert str(LIMIT) in response.json()["detail"]


def test_a_chunked_body_is_read_up_to_the_limit_and_handed_on_whole():
    assert client().post("/echo", content=chunks(LIMIT)).json() == {"received": LIMIT}
    response = client().post("/echo", content=chunks(LIMIT + 1))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
