"""Replaying a projection: rebuilding what a consumer derived from its topic, e.g. intake's status
view from the lifecycle log (docs/operations.md, "Replaying a projection").

A projection is a consumer whose tables can be derived again from the topic alone. Replaying it
is one transaction: its tables are reset (its `reset`), its record of handled events forgotten,
and its generation counted up. Every replica's consumer sees the new generation within a second
and joins a new consumer group, `<consumer>.replay-<n>`, which has no committed offsets and so
reads the topic from its beginning.

NOTE: a new group rather than offsets reset to the beginning: Kafka resets a group's offsets only
while the group has no members, that is with every replica stopped; a new group needs no stop,
and the service keeps answering while the view fills up again. The old group is left to expire
(the broker's `offsets.retention.minutes`).

NOTE: a batch the old group applies while the replay begins is either reset with the rest (it
committed first) or kept with its claims (it committed after), so a projection must be
idempotent and indifferent to order (e.g. status rows keyed by sequence), as the lifecycle log's
consumers already are.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel

from egov_sdk.auth import OPERATOR, Authenticator, Principal
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem

if TYPE_CHECKING:
    from egov_sdk.store import Store

log = get_logger(__name__)
Reset = Callable[[], Awaitable[None]]
"""Empties what a projection derived (in the caller's transaction)."""

_GENERATION = "SELECT generation FROM consumer_generations WHERE consumer = $1"
_NEXT_GENERATION = """
INSERT INTO consumer_generations (consumer, generation) VALUES ($1, 1)
ON CONFLICT (consumer) DO UPDATE SET generation = consumer_generations.generation + 1, replayed_at = now()
RETURNING generation
"""


def group_of(consumer: str, generation: int) -> str:
    """The Kafka consumer group of a consumer in a generation (its own name before any replay)."""
    return consumer if generation == 0 else f"{consumer}.replay-{generation}"


class Replay(BaseModel):
    consumer: str
    generation: int
    group: str
    """The consumer group that reads the topics again from their beginning."""
    topics: list[str]


class Projections:
    """The consumers of a service whose state an operator may rebuild from their topics."""

    def __init__(self, store: "Store"):
        self._store = store
        self._resets: dict[str, tuple[Reset, list[str]]] = {}

    def add(self, consumer: str, reset: Reset, topics: list[str]) -> None:
        self._resets[consumer] = (reset, topics)

    def __contains__(self, consumer: object) -> bool:
        return consumer in self._resets

    async def generation(self, consumer: str) -> int:
        return int(await self._store.fetchval(_GENERATION, consumer) or 0)

    async def replay(self, consumer: str) -> Replay:
        reset, topics = self._resets[consumer]
        async with self._store.transaction():
            await reset()
            await self._store.execute("DELETE FROM processed_events WHERE consumer = $1", consumer)
            generation = int(await self._store.fetchval(_NEXT_GENERATION, consumer))
        log.info("projection_replay_started", consumer=consumer, generation=generation)
        return Replay(consumer=consumer, generation=generation, group=group_of(consumer, generation), topics=topics)


def replay_router(projections: Projections, signed_in: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/operations", tags=["operations"])
    caller = Annotated[Principal, Depends(signed_in)]

    @router.post(
        "/replays/{consumer}",
        status_code=202,
        summary="Rebuild a projection from its topic (operators only)",
        response_model=Replay,
    )
    async def replay(consumer: Annotated[str, Path(max_length=200)], who: caller) -> Replay:
        if OPERATOR not in who.roles:
            raise Problem(403, "Forbidden", "Only platform operators may replay a projection")
        if consumer not in projections:
            raise Problem(404, "Not Found", f"{consumer} is not a projection this service can replay")
        return await projections.replay(consumer)

    return router
