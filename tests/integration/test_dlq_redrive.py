"""egov-ops on the real broker and store: a record a consumer dead-lettered (a bug in its handler)
is listed, shown and sent back to its topic once the bug is fixed, with its own `ce_id`: it takes
effect once, and sending it back again changes nothing."""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console

from egov_ops.cli import main
from egov_schemas.lifecycle import ApplicationSubmitted
from egov_sdk.cloudevents import to_record
from egov_sdk.kafka import TopicSpec
from egov_sdk.runtime import ServiceRuntime
from tests.integration.events import submitted
from tests.kafka_helpers import at_least, eventually, produce


@pytest.fixture
def ops_env(settings, monkeypatch):
    """egov-ops's environment: the stack's Kafka, as its super user (an operator's principal)."""
    for name, value in settings.model_dump(mode="json").items():
        if name.startswith("kafka_") and value is not None:
            monkeypatch.setenv(name.upper(), str(value))
    if settings.kafka_password is not None:
        monkeypatch.setenv("KAFKA_PASSWORD", settings.kafka_password.get_secret_value())


async def egov_ops(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    console = Console(file=out, width=400, force_terminal=False)
    code = await asyncio.to_thread(main, list(argv), console)
    return code, out.getvalue()


async def test_a_dead_letter_is_redriven_once_the_handler_is_fixed_and_takes_effect_once(
    settings, store, unique, ops_env
):
    topic, name = f"it.redrive.{unique}", f"it-redrive-{unique}"
    dlq = f"egov.dlq.{name}"
    fixed = False
    await store.execute("CREATE TABLE effects (application_id text NOT NULL)")

    async def on_submitted(event, _delivery):
        if event.application_id == "needs-fix" and not fixed:
            raise ValueError("a bug in the handler")
        await store.execute("INSERT INTO effects VALUES ($1)", event.application_id)

    runtime = ServiceRuntime(settings, description="Integration test")
    consumer = runtime.consumer(name, {ApplicationSubmitted: on_submitted})
    consumer.subscribe(topic, description="Test events.")
    runtime.topics.append(TopicSpec(topic))
    await runtime.start()
    try:
        for application_id in ("fine", "needs-fix"):
            record = to_record(submitted(application_id), topic=topic, source="/it")
            await produce(settings, topic, record.value, key=record.key, headers=record.headers)
        await eventually(lambda: at_least(settings, dlq, 1))

        code, listed = await egov_ops("dlq")
        assert code == 0, listed
        assert f"{dlq} " in listed or dlq in listed
        code, shown = await egov_ops("dlq", "show", dlq)
        assert code == 0, shown
        assert submitted("needs-fix").event_id in shown
        assert "ValueError: a bug in the handler" in shown

        fixed = True
        code, done = await egov_ops("dlq", "redrive", dlq, "--all")
        assert (code, "re-drove 1 record(s)" in done) == (0, True)

        async def effects() -> list[str] | None:
            rows = await store.fetch("SELECT application_id FROM effects ORDER BY application_id")
            found = [row["application_id"] for row in rows]
            return found if "needs-fix" in found else None

        assert await eventually(effects) == ["fine", "needs-fix"]

        # NOTE: the same record again (an operator re-driving twice): its ce_id was handled, so nothing happens.
        code, again = await egov_ops("dlq", "redrive", dlq, "--all")
        assert (code, "re-drove 1 record(s)" in again) == (0, True)
        marker = to_record(submitted("after"), topic=topic, source="/it")
        await produce(settings, topic, marker.value, key=marker.key, headers=marker.headers)
        found = await eventually(
            lambda: store.fetch("SELECT application_id FROM effects WHERE application_id = 'after'")
        )
        assert found
        rows = await store.fetch("SELECT application_id FROM effects WHERE application_id = 'needs-fix'")
        assert len(rows) == 1
    finally:
        await runtime.stop()


async def test_the_lag_of_a_consumer_group_is_what_it_has_yet_to_consume(settings, store, unique, ops_env):
    topic, name = f"it.lag.{unique}", f"it-lag-{unique}"
    seen: list[str] = []

    async def on_submitted(event, _delivery):
        seen.append(event.application_id)

    async def send(*application_ids: str) -> None:
        for application_id in application_ids:
            record = to_record(submitted(application_id), topic=topic, source="/it")
            await produce(settings, topic, record.value, key=record.key, headers=record.headers)

    runtime = ServiceRuntime(settings, description="Integration test")
    runtime.consumer(name, {ApplicationSubmitted: on_submitted}).subscribe(topic, description="Test events.")
    runtime.topics.append(TopicSpec(topic))
    await runtime.start()
    try:
        await send("a", "b", "c")

        async def all_three() -> bool:
            return len(seen) == 3

        await eventually(all_three)
    finally:
        await runtime.stop()  # NOTE: its offsets committed; the two below wait for it
    await send("d", "e")

    code, shown = await egov_ops("lag", "--group", name)
    assert code == 0, shown
    row = next(line for line in shown.splitlines() if topic in line)
    cells = [cell.strip() for cell in row.split("│") if cell.strip()]
    assert cells[-3:] == ["3", "5", "2"], row  # NOTE: consumed, end, behind
