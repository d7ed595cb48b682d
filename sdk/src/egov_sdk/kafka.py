"""Kafka wiring: the producer, the documentation model of a service's topics, topic creation.

Safe defaults: the producer uses idempotence with `acks=all`. Consumers (`egov_sdk.consumer`)
commit offsets only after the store transaction that applied their records. Topics are created
on purpose, with their cleanup policy.

NOTE: FastStream's `KafkaBroker` describes each service's channels for its AsyncAPI document; it
is never connected. Records are produced and consumed with aiokafka directly, because a
consumer applies a whole batch in one store transaction and commits after it, and tells a record
it cannot parse (a null header, say) from a batch it must retry; see docs/adr/0006.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context
from faststream import AckPolicy
from faststream.kafka import KafkaBroker

from egov_schemas import topics
from egov_sdk.settings import PlatformSettings


@dataclass(frozen=True)
class TopicSpec:
    name: str
    compacted: bool = False
    partitions: int | None = None
    config: dict[str, str] = field(default_factory=dict)


def documentation_broker(settings: PlatformSettings, *, description: str | None = None) -> KafkaBroker:
    """The model of a service's channels for its AsyncAPI document (never connected)."""
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=settings.service_name,
        description=description,
        # NOTE: states the commit policy the consumers really follow: after the records are applied.
        ack_policy=AckPolicy.ACK,
        logger=logging.getLogger("faststream"),
    )


def connection_options(settings: PlatformSettings) -> dict[str, Any]:
    """Where Kafka is and who this process is there: the arguments every aiokafka client takes.

    NOTE: every client a process makes (producer, consumers, admin) authenticates as the same
    principal, so the ACLs of that principal are the whole of what the process may do.
    """
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_security_protocol.startswith("SASL_"):
        password = settings.kafka_password.get_secret_value() if settings.kafka_password else None
        options |= {
            "sasl_mechanism": settings.kafka_sasl_mechanism,
            "sasl_plain_username": settings.kafka_username,
            "sasl_plain_password": password,
        }
    if settings.kafka_security_protocol == "SASL_SSL":
        options["ssl_context"] = create_ssl_context()
    return options


# NOTE: a dead letter keeps the record as it came, and a poison record may be larger than any
# event (compressed, it passed the broker's 1 MiB limit): dead-letter topics take up to 16 MiB,
# and so may a producer's request; the broker still refuses what other topics cannot take.
DEAD_LETTER_MAX_BYTES = 16 * 1024 * 1024


def dead_letter_topic(consumer: str) -> TopicSpec:
    """The dead-letter topic of one consumer (group)."""
    return TopicSpec(topics.dlq(consumer), config={"max.message.bytes": str(DEAD_LETTER_MAX_BYTES)})


def make_producer(settings: PlatformSettings) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        **connection_options(settings),
        client_id=settings.service_name,
        acks="all",
        enable_idempotence=True,
        # NOTE: a relay pass sends its whole batch at once; a short linger gathers it into few
        # requests per partition, which costs the broker less than many small ones.
        linger_ms=5,
        max_batch_size=262144,
        max_request_size=DEAD_LETTER_MAX_BYTES + 65536,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        metadata_max_age_ms=settings.kafka_metadata_max_age_ms,
    )


async def ensure_topics(settings: PlatformSettings, specs: list[TopicSpec]) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(
        **connection_options(settings),
        client_id=f"{settings.service_name}-admin",
        request_timeout_ms=settings.kafka_request_timeout_ms,
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [spec for spec in {s.name: s for s in specs}.values() if spec.name not in existing]
        if not missing:
            return []
        new_topics = [
            NewTopic(
                name=spec.name,
                num_partitions=spec.partitions or settings.kafka_topic_partitions,
                replication_factor=settings.kafka_replication_factor,
                topic_configs={**({"cleanup.policy": "compact"} if spec.compacted else {}), **spec.config},
            )
            for spec in missing
        ]
        response = await admin.create_topics(new_topics)
        created = []
        for topic, code, *message in response.topic_errors:
            # NOTE: another service may create the same topic between the listing and the create.
            if code not in (0, TopicAlreadyExistsError.errno):
                raise KafkaError(f"cannot create topic {topic}: error {code} {message[-1] if message else ''}")
            if code == 0:
                created.append(topic)
        return created
    finally:
        await admin.close()


async def partitions_of(consumer: AIOKafkaConsumer, topic: str, *, attempts: int = 50) -> set[int]:
    """The topic's partitions, once the client's metadata knows them (a consumer without a group
    learns of a topic only after a refresh); `LookupError` when the topic does not exist."""
    for _ in range(attempts):
        if partitions := consumer.partitions_for_topic(topic):
            return set(partitions)
        await consumer.topics()  # NOTE: forces a metadata refresh until the topic exists
        await asyncio.sleep(0.2)
    raise LookupError(f"there is no topic {topic}")
