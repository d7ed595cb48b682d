"""Kafka wiring: a broker with safe defaults, and explicit topic creation.

Safe defaults: the producer uses idempotence with `acks=all`; every subscriber commits only
after its handler ran (`NACK_ON_ERROR`: an exception seeks back so the record is retried), never
FastStream's at-most-once default. Topics are created on purpose, with their cleanup policy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware

from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.settings import PlatformSettings

SUBSCRIBER_ACK_POLICY = AckPolicy.NACK_ON_ERROR


@dataclass(frozen=True)
class TopicSpec:
    name: str
    compacted: bool = False
    partitions: int | None = None
    config: dict[str, str] = field(default_factory=dict)


def make_broker(settings: PlatformSettings, *, description: str | None = None) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=settings.service_name,
        acks="all",
        enable_idempotence=True,
        ack_policy=SUBSCRIBER_ACK_POLICY,
        allow_auto_create_topics=False,
        metadata_max_age_ms=settings.kafka_metadata_max_age_ms,
        request_timeout_ms=settings.kafka_request_timeout_ms,
        middlewares=[KafkaTelemetryMiddleware()],
        description=description,
        # NOTE: per-message "Received/Processed" lines go through the service's JSON logging, at
        # debug level: at info they would drown the events that matter.
        logger=logging.getLogger("faststream"),
        log_level=logging.DEBUG,
    )


async def ensure_topics(settings: PlatformSettings, specs: list[TopicSpec]) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers,
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


async def publish_record(broker: KafkaBroker, record: KafkaRecord) -> None:
    """Produce a CloudEvents record exactly as built (binary mode headers, JSON value)."""
    await broker.publish(record.value, topic=record.topic, key=record.key.encode(), headers=record.headers)
