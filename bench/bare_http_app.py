"""The bare HTTP baseline: FastAPI on uvicorn parsing intake's body and answering 202, nothing else.

Run as its own process (`python -m bench.bare_http_app --port N`) like intake is, with uvicorn's
defaults as the platform uses them (asyncio loop, h11, one worker, no access log).
"""

from __future__ import annotations

import argparse
import uuid

import uvicorn
from fastapi import FastAPI, Response

from bench.application_body import Accepted, ApplicationBody


def build_app() -> FastAPI:
    app = FastAPI(title="bare HTTP baseline")

    @app.post("/applications", status_code=202, response_model=Accepted)
    async def submit(body: ApplicationBody, response: Response) -> Accepted:
        # NOTE: the body is parsed and validated like intake's, then dropped: no store, no Kafka.
        del body
        application_id = str(uuid.uuid4())
        response.headers["Location"] = f"/applications/{application_id}"
        return Accepted(id=application_id, status="submitted", status_url=f"/applications/{application_id}")

    @app.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(build_app(), host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
