"""Prometheus metrics every service serves on `/metrics` (docs/operations.md, "Metrics").

- FastStream's message metrics (`faststream_received_*`, `faststream_published_*`): the platform's
  consumers and outbox relay use aiokafka directly (ADR 0006), so they record through FastStream's
  own `MetricsManager`, under its names and labels, and FastStream's dashboards read them;
- HTTP requests (`http_requests_total`, `http_request_duration_seconds`, from
  prometheus-fastapi-instrumentator);
- the outbox's depth and oldest age, each consumer's lag, dead letters;
- how long an application spends in each stage of its journey.

NOTE: counted per process, in the default registry; Prometheus sums the replicas.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Literal, Protocol

from faststream.prometheus.container import MetricsContainer
from faststream.prometheus.manager import MetricsManager
from prometheus_client import REGISTRY, Counter, Gauge, Histogram

if TYPE_CHECKING:
    from egov_sdk.store import Store

BROKER = "kafka"
_MESSAGES = MetricsContainer(REGISTRY, custom_label_names=())

DEAD_LETTERS = Counter(
    "egov_dead_letters", "Records a consumer set aside on its DLQ topic (egov.dlq.<consumer>)", ["consumer"]
)
OUTBOX_DEPTH = Gauge("egov_outbox_depth", "Events waiting in the service's outbox to be published")
OUTBOX_OLDEST_AGE = Gauge(
    "egov_outbox_oldest_age_seconds", "Age of the oldest event waiting in the outbox (0 when it is empty)"
)
CONSUMER_LAG = Gauge(
    "egov_consumer_lag_records",
    "Records behind the end of the topic, over the partitions this process holds",
    ["consumer", "topic"],
)

Stage = Literal["submitted_to_routed", "routed_to_decision", "decision_to_notified"]
# NOTE: from a twentieth of a second (routing) to a week (staff deciding): the SLO bounds (5 s
# routed, 60 s notified) are bucket bounds, so the alerts count exactly.
STAGE_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600, 14400, 86400, 259200, 604800)
STAGE_DURATION = Histogram(
    "egov_stage_duration_seconds",
    "Time an application spent in a stage: submitted→routed, routed→first decision, decision→citizen notified",
    ["stage"],
    buckets=STAGE_BUCKETS,
)

Refresh = Callable[[], Awaitable[None]]
"""Brings gauges up to date just before a scrape (e.g. the outbox's depth, from the store)."""


def messages(service: str) -> MetricsManager:
    """FastStream's message metrics, labelled with the service's name."""
    return MetricsManager(_MESSAGES, app_name=service)


def after_commit(store: Store, count: Callable[[], None]) -> None:
    """Count once the caller's transaction has committed (a rolled-back one is tried again, and
    counted then); at once outside a transaction."""
    transaction = store.current()
    if transaction is None:
        count()
    else:
        transaction.after_commit(count)


def observe_stage(store: Store, stage: Stage, seconds: float) -> None:
    """Record that an application spent `seconds` in `stage`, once the transaction commits."""
    after_commit(store, lambda: STAGE_DURATION.labels(stage).observe(max(seconds, 0.0)))


class StageTimes(Protocol):
    def observe(self, stage: Stage, seconds: float) -> None: ...


class Stages:
    """Where a service records how long applications spend in each stage (`observe_stage`)."""

    def __init__(self, store: Store):
        self._store = store

    def observe(self, stage: Stage, seconds: float) -> None:
        observe_stage(self._store, stage, seconds)
