"""egov-ops on the real broker: `kafka-user` makes an administration's principal with the ACLs of
the platform's table (its own topics and nothing of another administration's), and a second run
changes nothing; `topics` shows a topic's shape, the records it holds and who reads it how far
behind."""

from __future__ import annotations

import asyncio
import io
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import TopicAuthorizationFailedError
from pydantic import SecretStr
from rich.console import Console

from egov_ops.cli import main
from egov_schemas import topics
from egov_sdk.kafka import TopicSpec, connection_options, ensure_topics, make_producer
from egov_sdk.settings import PlatformSettings
from tests.conftest import Stack
from tests.kafka_helpers import produce, read_topic


@pytest.fixture
def ops_env(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    """egov-ops's environment: the stack's Kafka, as its super user."""
    if stack.local is None:
        raise RuntimeError("kafka-user makes principals on the local broker; unset KAFKA_BOOTSTRAP_SERVERS")
    for name, value in stack.connection.as_env().items():
        if name.startswith("KAFKA_"):
            monkeypatch.setenv(name, value)


async def egov_ops(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = await asyncio.to_thread(main, list(argv), Console(file=out, width=400, force_terminal=False))
    return code, out.getvalue()


def printed(output: str, name: str) -> str:
    """The value of a `NAME=value` line egov-ops printed."""
    return next(line.split("=", 1)[1] for line in output.splitlines() if line.startswith(f"{name}="))


def as_principal(stack: Stack, name: str, password: str) -> PlatformSettings:
    return stack.kafka.model_copy(update={"kafka_username": name, "kafka_password": SecretStr(password)})


def new_administration() -> str:
    return f"it-{uuid.uuid4().hex[:8]}"


async def test_a_new_administrations_user_works_on_its_own_topics_only_and_a_second_run_changes_nothing(
    stack: Stack, ops_env: None
) -> None:
    administration, other = new_administration(), new_administration()
    await ensure_topics(stack.kafka, [TopicSpec(name) for name in topics.administration_topics(other)])

    code, made = await egov_ops("kafka-user", administration, "--create-topics")

    assert code == 0, made
    assert f"handler-{administration}: SCRAM-SHA-512 credential created" in made
    assert topics.admin_inbox(administration) in made
    handler = as_principal(stack, printed(made, "KAFKA_USERNAME"), printed(made, "KAFKA_PASSWORD"))
    assert handler.kafka_username == f"handler-{administration}"
    key = uuid.uuid4().hex.encode()
    await produce(stack.kafka, topics.admin_inbox(administration), b"{}", key=key)
    assert key in [record.key for record in await read_topic(handler, topics.admin_inbox(administration))]
    await produce(handler, topics.admin_replies(administration), b"{}", key=key)
    with pytest.raises(TopicAuthorizationFailedError):
        await read_topic(handler, topics.admin_inbox(other))
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(handler, topics.admin_replies(other), b"{}", key=key)

    code, again = await egov_ops("kafka-user", administration, "--create-topics")

    assert code == 0, again
    assert "nothing changed" in again
    assert "0 ACL(s) created" in again
    assert "credential already there, left as it is" in again
    assert printed(again, "KAFKA_PASSWORD") == "<the password it was given>"
    await produce(handler, topics.admin_replies(administration), b"{}", key=key)  # NOTE: its password still holds


async def test_a_principal_that_is_no_super_user_is_told_so(
    stack: Stack, ops_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, made = await egov_ops("kafka-user", new_administration())
    assert code == 0, made
    monkeypatch.setenv("KAFKA_USERNAME", printed(made, "KAFKA_USERNAME"))
    monkeypatch.setenv("KAFKA_PASSWORD", printed(made, "KAFKA_PASSWORD"))

    code, refused = await egov_ops("kafka-user", new_administration())

    assert code == 3
    assert "only a super user may" in refused
    assert printed(made, "KAFKA_USERNAME") in refused


async def test_the_password_of_a_file_is_set_once_and_a_new_file_replaces_it(
    stack: Stack, ops_env: None, tmp_path
) -> None:
    administration = new_administration()
    password_file = tmp_path / "password"
    password_file.write_text("first-password\n")

    code, made = await egov_ops("kafka-user", administration, "--create-topics", "--password-file", str(password_file))
    assert code == 0, made
    assert "KAFKA_PASSWORD=<the password in" in made
    await produce(
        as_principal(stack, f"handler-{administration}", "first-password"), topics.admin_replies(administration), b"{}"
    )

    code, again = await egov_ops("kafka-user", administration, "--password-file", str(password_file))
    assert (code, "nothing changed" in again) == (0, True), again

    password_file.write_text("second-password\n")
    code, replaced = await egov_ops("kafka-user", administration, "--password-file", str(password_file))
    assert code == 0, replaced
    assert "credential set to the password of the file" in replaced
    await produce(
        as_principal(stack, f"handler-{administration}", "second-password"), topics.admin_replies(administration), b"{}"
    )


async def test_topics_shows_partitions_compaction_records_and_a_groups_lag(stack: Stack, ops_env: None) -> None:
    topic, group = f"it.topics.{uuid.uuid4().hex[:8]}", f"it-topics-{uuid.uuid4().hex[:8]}"
    await ensure_topics(stack.kafka, [TopicSpec(topic, compacted=True, partitions=3)])
    producer = make_producer(stack.kafka)
    await producer.start()
    try:
        for partition, key in [(0, b"a"), (0, b"b"), (1, b"c"), (2, b"d")]:
            await producer.send_and_wait(topic, b"{}", key=key, partition=partition)
    finally:
        await producer.stop()
    reader = AIOKafkaConsumer(**connection_options(stack.kafka), group_id=group, enable_auto_commit=False)
    await reader.start()
    try:
        committed = {TopicPartition(topic, 0): 1, TopicPartition(topic, 1): 1, TopicPartition(topic, 2): 0}
        reader.assign(list(committed))
        await reader.commit(committed)
    finally:
        await reader.stop()

    code, shown = await egov_ops("topics", "it.topics.")

    assert code == 0, shown
    row = next(line for line in shown.splitlines() if topic in line)
    cells = [cell.strip() for cell in row.split("│") if cell.strip()]
    # NOTE: topic, partitions, replicas, cleanup, retention, records, read by (behind)
    assert cells == [topic, "3", "1", "compact", "7d", "4", f"{group} (2)"], row
    assert "__consumer_offsets" not in shown

    code, everything = await egov_ops("topics", "--all")
    assert code == 0, everything
    assert "__consumer_offsets" in everything
    assert topic in everything
