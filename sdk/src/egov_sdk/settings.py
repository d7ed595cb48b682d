"""Settings shared by every service and handler, read from the environment.

Every variable is declared once, here or in a service's subclass, with a description; the
configuration reference in docs/configuration.md is generated from these declarations.
OpenTelemetry reads its own standard `OTEL_*` variables (see telemetry.py).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    service_name: str = Field("egov", description="Name in logs, traces and the CloudEvents source")
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", description="Comma-separated Kafka bootstrap servers (host:port)"
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="How clients connect to Kafka: SASL_PLAINTEXT or SASL_SSL to authenticate"
    )
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = Field(
        "SCRAM-SHA-512", description="SASL mechanism, when the security protocol is SASL_*"
    )
    kafka_username: str | None = Field(
        None, description="This process's Kafka principal (a SASL user name); its ACLs decide what it may do"
    )
    kafka_password: SecretStr | None = Field(
        None, description="Password of the Kafka principal (from a secret; never logged)"
    )
    kafka_topic_partitions: int = Field(3, ge=1, description="Partitions of topics this service creates")
    kafka_replication_factor: int = Field(1, ge=1, description="Replication factor of topics this service creates")
    kafka_metadata_max_age_ms: int = Field(
        5000, ge=1000, description="How often clients refresh metadata, so new administration topics are seen"
    )
    kafka_request_timeout_ms: int = Field(15000, ge=1000, description="Kafka client request timeout")
    database_url: str = Field(
        "postgresql://egov@127.0.0.1:55432/egov",
        description="PostgreSQL URL of this service's own database (postgresql://user:password@host:port/database)",
    )
    database_pool_size: int = Field(10, ge=1, description="Most connections this process holds to its database")
    database_migrate_on_start: bool = Field(
        True, description="Apply pending schema migrations at start (off when a deployment job runs `migrate`)"
    )
    http_host: str = Field("127.0.0.1", description="Address the HTTP API binds to")
    http_port: int = Field(8000, ge=0, le=65535, description="Port the HTTP API binds to")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="Minimum log level")
    log_format: Literal["json", "console"] = Field("json", description="json for machines, console for people")
    outbox_poll_interval_s: float = Field(
        1.0, gt=0, description="How often the outbox relay looks for unpublished events it was not woken for"
    )
    consumer_retry_backoff_s: float = Field(
        1.0, gt=0, description="First pause before a batch is retried after an infrastructure failure (doubles)"
    )
    consumer_fetch_max_wait_ms: int = Field(
        50, ge=0, description="How long a consumer's fetch may wait for records to fill a batch (a latency per hop)"
    )
    consumer_fetch_min_bytes: int = Field(
        65536, ge=1, description="How much a consumer's fetch waits to gather, up to the wait above"
    )
    consumer_max_record_bytes: int = Field(
        1_048_576, ge=1024, description="Largest record body a consumer takes; a larger one is dead-lettered"
    )
    consumer_batch_size: int = Field(
        200, ge=1, description="Most records a consumer applies in one store transaction before committing offsets"
    )
    outbox_batch_size: int = Field(500, ge=1, description="Most records the outbox relay sends before one delete")
