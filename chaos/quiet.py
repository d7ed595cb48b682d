"""Waiting until the platform is quiet: every outbox empty and every consumer group caught up.

Only then do the counts mean something: an event still in an outbox, or a record a consumer has
not committed, is work in progress, not a loss.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping

from aiokafka import TopicPartition

from bench.kafka_admin import admin_client
from bench.postgres import connect
from chaos.topic_reading import observer

POLL_S = 2.0
QUIET_SAMPLES = 3
"""Consecutive quiet samples needed: a consumer between fetch and commit looks caught up once."""
PLATFORM_GROUPS = ("routing.", "intake.", "notifications.", "registry-gateway.", "handler.")
"""Name prefixes of the platform's consumer groups (others on a shared stack are not ours)."""


async def wait_until_quiet(
    kafka: str, database_urls: Mapping[str, str], timeout_s: float, log: Callable[[str], None]
) -> bool:
    """True once quiet; False if `timeout_s` passed first (the census then shows what is stuck)."""
    deadline = time.monotonic() + timeout_s
    quiet_samples = 0
    while time.monotonic() < deadline:
        waiting = await outbox_rows(database_urls)
        lag = await consumer_lag(kafka)
        quiet_samples = quiet_samples + 1 if not any(waiting.values()) and not any(lag.values()) else 0
        if quiet_samples >= QUIET_SAMPLES:
            return True
        if quiet_samples == 0:
            busy = {**{f"outbox:{k}": v for k, v in waiting.items() if v}, **{k: v for k, v in lag.items() if v}}
            log(f"not quiet yet: {busy}")
        await asyncio.sleep(POLL_S)
    return False


async def outbox_rows(database_urls: Mapping[str, str]) -> dict[str, int]:
    """Events still waiting in each service's outbox (-1 when its database does not answer)."""
    counts = {}
    for name, url in database_urls.items():
        try:
            connection = await connect(url)
        except Exception:  # noqa: BLE001 - a store still restarting is "not quiet", not a failed run
            counts[name] = -1
            continue
        try:
            counts[name] = int(await connection.fetchval("SELECT count(*) FROM outbox"))
        finally:
            await connection.close()
    return counts


async def consumer_lag(kafka: str) -> dict[str, int]:
    """Per consumer group: records on its partitions beyond what it has committed."""
    async with admin_client(kafka) as admin:
        groups = [group for group, *_ in await admin.list_consumer_groups() if group.startswith(PLATFORM_GROUPS)]
        committed = {group: await admin.list_consumer_group_offsets(group) for group in groups}
    partitions = {partition for offsets in committed.values() for partition in offsets}
    async with observer(kafka) as consumer:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(list(partitions)) if partitions else {}
    return {
        group: sum(max(0, ends[partition] - meta.offset) for partition, meta in offsets.items())
        for group, offsets in committed.items()
    }
