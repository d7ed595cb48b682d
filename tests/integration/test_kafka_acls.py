"""Kafka's ACLs on the local broker: each principal can do what the table in kafka_acls allows,
and nothing of another administration's or another service's."""

from __future__ import annotations

import contextlib
import io
import uuid

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.errors import GroupAuthorizationFailedError, KafkaError, TopicAuthorizationFailedError
from pydantic import SecretStr

from egov_localstack.cli import kafka_principal
from egov_schemas import topics
from egov_sdk.kafka import TopicSpec, connection_options, ensure_topics
from egov_sdk.settings import PlatformSettings
from tests.conftest import Stack
from tests.kafka_helpers import produce, read_topic

SERVICES = ["catalog", "intake", "routing"]


def principal(stack: Stack, name: str, password: str) -> PlatformSettings:
    """Settings of a client that authenticates as `name`."""
    return stack.kafka.model_copy(update={"kafka_username": name, "kafka_password": SecretStr(password)})


@pytest.fixture(scope="module")
async def principals(stack: Stack) -> dict[str, PlatformSettings]:
    """Two administrations' handlers (Burgas's through `egov-stack kafka-principal`) and three
    services, with the topics they work on."""
    if stack.local is None:
        raise RuntimeError("the ACL tests make principals on the local broker; unset KAFKA_BOOTSTRAP_SERVERS")
    local = stack.local
    local.kafka_principals.grant(stack.connection.kafka_bootstrap_servers, [*SERVICES, "handler-sofia"])
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert kafka_principal(local, "burgas") == 0
    burgas_env = dict(line.split("=", 1) for line in printed.getvalue().splitlines())
    assert burgas_env["KAFKA_USERNAME"] == "handler-burgas"
    names = [*SERVICES, "handler-sofia"]
    found = {name: principal(stack, name, local.kafka_principals.password(name)) for name in names}
    found["handler-burgas"] = principal(stack, "handler-burgas", burgas_env["KAFKA_PASSWORD"])
    specs = [topics.CATALOG, topics.APPLICATIONS, *topics.administration_topics("sofia")]
    specs += topics.administration_topics("burgas")
    await ensure_topics(stack.kafka, [TopicSpec(name) for name in specs])
    return found


def marker() -> bytes:
    return f"acl-test-{uuid.uuid4().hex}".encode()


async def written(stack: Stack, topic: str, key: bytes) -> bool:
    """Whether a record with `key` is on `topic`, as the super user sees it."""
    return any(record.key == key for record in await read_topic(stack.kafka, topic))


async def test_a_handler_reads_only_its_own_inbox(stack: Stack, principals: dict[str, PlatformSettings]) -> None:
    key = marker()
    await produce(stack.kafka, topics.admin_inbox("sofia"), b"{}", key=key)
    await produce(stack.kafka, topics.admin_inbox("burgas"), b"{}", key=key)

    own = await read_topic(principals["handler-sofia"], topics.admin_inbox("sofia"))
    assert key in [record.key for record in own]
    with pytest.raises(TopicAuthorizationFailedError):
        await read_topic(principals["handler-sofia"], topics.admin_inbox("burgas"))


async def join(kafka: PlatformSettings, topic: str, group: str) -> None:
    """Consume `topic` for a moment as a member of `group`."""
    consumer = AIOKafkaConsumer(topic, **connection_options(kafka), group_id=group)
    try:
        await consumer.start()
        await consumer.getmany(timeout_ms=3000)
    finally:
        await consumer.stop()


async def test_a_handler_consumes_in_its_own_group_only(principals: dict[str, PlatformSettings]) -> None:
    await join(principals["handler-sofia"], topics.admin_inbox("sofia"), "handler.sofia")
    with pytest.raises(GroupAuthorizationFailedError):
        await join(principals["handler-sofia"], topics.admin_inbox("sofia"), "handler.burgas")


async def test_a_handler_writes_only_its_own_replies(stack: Stack, principals: dict[str, PlatformSettings]) -> None:
    key = marker()
    await produce(principals["handler-sofia"], topics.admin_replies("sofia"), b"{}", key=key)
    await produce(principals["handler-sofia"], topics.registry_requests("sofia"), b"{}", key=key)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals["handler-sofia"], topics.admin_replies("burgas"), b"{}", key=key)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals["handler-sofia"], topics.registry_requests("burgas"), b"{}", key=key)

    assert await written(stack, topics.admin_replies("sofia"), key)
    assert not await written(stack, topics.admin_replies("burgas"), key)
    assert not await written(stack, topics.registry_requests("burgas"), key)


async def test_burgas_handler_made_by_the_cli_works_on_its_own_topics_only(
    stack: Stack, principals: dict[str, PlatformSettings]
) -> None:
    key = marker()
    await produce(principals["handler-burgas"], topics.admin_replies("burgas"), b"{}", key=key)
    assert await written(stack, topics.admin_replies("burgas"), key)
    with pytest.raises(TopicAuthorizationFailedError):
        await read_topic(principals["handler-burgas"], topics.admin_inbox("sofia"))


@pytest.mark.parametrize("forger", ["intake", "routing", "handler-sofia"])
async def test_only_the_catalog_writes_the_catalog(
    stack: Stack, principals: dict[str, PlatformSettings], forger: str
) -> None:
    forged, genuine = marker(), marker()
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals[forger], topics.CATALOG, b'{"id": "sofia"}', key=forged)
    await produce(principals["catalog"], topics.CATALOG, b'{"id": "sofia"}', key=genuine)

    assert await written(stack, topics.CATALOG, genuine)
    assert not await written(stack, topics.CATALOG, forged)


async def test_only_routing_writes_the_lifecycle_and_the_inboxes(
    stack: Stack, principals: dict[str, PlatformSettings]
) -> None:
    key = marker()
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals["intake"], topics.APPLICATIONS, b"{}", key=key)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals["intake"], topics.admin_inbox("sofia"), b"{}", key=key)
    with pytest.raises(TopicAuthorizationFailedError):
        await produce(principals["handler-sofia"], topics.admin_inbox("sofia"), b"{}", key=key)
    await produce(principals["routing"], topics.APPLICATIONS, b"{}", key=key)
    await produce(principals["routing"], topics.admin_inbox("burgas"), b"{}", key=key)

    assert key in [r.key for r in await read_topic(principals["intake"], topics.APPLICATIONS)]
    assert await written(stack, topics.admin_inbox("burgas"), key)
    assert not await written(stack, topics.admin_inbox("sofia"), key)


async def test_a_wrong_password_is_refused(stack: Stack, principals: dict[str, PlatformSettings]) -> None:
    impostor = principal(stack, "routing", "not-the-password")
    key = marker()
    with pytest.raises(KafkaError):
        await produce(impostor, topics.APPLICATIONS, b"{}", key=key)
    assert not await written(stack, topics.APPLICATIONS, key)
