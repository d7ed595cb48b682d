"""Citizens submitting applications to intake, noting which submissions were acknowledged.

What a careful client does when intake is away: a request that could not connect, or that intake
answered 503 (not stored), is sent again after a pause: nothing was stored. A request whose
answer was lost (the process died while handling it) is not sent again: without an idempotency
key that would submit a second application. It may or may not have been stored; the census finds
the stored ones in intake's database and checks that they, too, end.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

RETRY_PAUSE_S = 0.2
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Submissions:
    acknowledged: list[str] = field(default_factory=list)
    """Ids of the applications intake answered 202 for."""
    unanswered: int = 0
    """Requests sent whose answer never came (intake died meanwhile)."""
    resent: int = 0
    """Requests sent again because the first try reached no one or was answered 503."""
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
    while True:
        try:
            response = await client.post("/applications", content=body, headers={"content-type": "application/json"})
        except httpx.ConnectError:
            pass  # NOTE: nothing reached intake
        except httpx.TransportError:
            submissions.unanswered += 1
            return
        else:
            if response.status_code == 202:
                submissions.acknowledged.append(str(response.json()["id"]))
                return
            if response.status_code != 503:
                submissions.other_status[response.status_code] += 1
                return
        submissions.resent += 1
        await asyncio.sleep(RETRY_PAUSE_S)
