"""Citizens submitting applications to intake, noting which submissions were acknowledged.

Each submission carries an `Idempotency-Key` of its own, and the citizen's client sends it again
until intake answers: after a refused connection or a 503 (nothing stored), and after an answer
lost because intake died while handling it (the application may or may not have been stored; a
retry under the same key gets the first one's application, never a second one).
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

RETRY_PAUSE_S = 0.2
REQUEST_TIMEOUT_S = 30.0
IDEMPOTENCY_KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


@dataclass
class Submissions:
    acknowledged: list[str] = field(default_factory=list)
    """Ids of the applications intake answered 202 for, one per submission."""
    answers_lost: int = 0
    """Requests whose answer never came (intake died meanwhile); each was sent again."""
    resent: int = 0
    """Requests sent again because the first try reached no one or was answered 503."""
    replayed: int = 0
    """Retries intake answered with the application an earlier try had stored."""
    other_status: Counter[int] = field(default_factory=Counter)


async def submit_applications(
    intake_url: str, body: bytes, count: int, *, concurrency: int, rate: float | None
) -> Submissions:
    """Submit `count` applications with `concurrency` clients, at most `rate` per second."""
    submissions = Submissions()
    numbers = itertools.count()
    started = time.monotonic()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=intake_url, timeout=REQUEST_TIMEOUT_S, limits=limits) as client:

        async def citizen() -> None:
            while (number := next(numbers)) < count:
                if rate is not None:
                    await asyncio.sleep(max(0.0, started + number / rate - time.monotonic()))
                await _submit_one(client, body, submissions)

        await asyncio.gather(*(citizen() for _ in range(concurrency)))
    return submissions


async def _submit_one(client: httpx.AsyncClient, body: bytes, submissions: Submissions) -> None:
    headers = {"content-type": "application/json", IDEMPOTENCY_KEY: str(uuid.uuid4())}
    while True:
        try:
            response = await client.post("/applications", content=body, headers=headers)
        except httpx.ConnectError:
            submissions.resent += 1  # NOTE: nothing reached intake
        except httpx.TransportError:
            submissions.answers_lost += 1
        else:
            if response.status_code == 202:
                submissions.acknowledged.append(str(response.json()["id"]))
                submissions.replayed += response.headers.get(REPLAYED) == "true"
                return
            if response.status_code != 503:
                submissions.other_status[response.status_code] += 1
                return
            submissions.resent += 1
        await asyncio.sleep(RETRY_PAUSE_S)
