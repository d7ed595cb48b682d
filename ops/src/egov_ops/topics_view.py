"""`egov-ops topics` on screen: one row per topic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egov_ops.kafka_overview import Lag, TopicOverview

COLUMNS = ("topic", "partitions", "replicas", "cleanup", "retention", "records", "read by (behind)")
_DURATIONS = (("d", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000))
_SIZES = (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10))


def topic_row(topic: TopicOverview) -> list[str]:
    return [
        topic.name,
        str(topic.partitions),
        str(topic.replication_factor),
        topic.cleanup_policy,
        retention_text(topic.retention_ms, topic.retention_bytes),
        str(topic.records),
        readers_text(topic.readers),
    ]


def behind(topic: TopicOverview) -> bool:
    """Whether some group has records of the topic yet to read (its row is shown in red)."""
    return any(lag.behind for lag in topic.readers)


def retention_text(ms: int, size: int) -> str:
    """How long (and up to what size per partition) records are kept: `7d`, `forever`, `1d or 1 GiB`."""
    kept = "forever" if ms < 0 else _in_largest_unit(ms, _DURATIONS, "ms")
    return kept if size < 0 else f"{kept} or {_in_largest_unit(size, _SIZES, 'B', space=True)}"


def readers_text(readers: tuple[Lag, ...]) -> str:
    return ", ".join(f"{lag.group} ({lag.behind})" for lag in readers) or "none"


def _in_largest_unit(amount: int, units: tuple[tuple[str, int], ...], smallest: str, *, space: bool = False) -> str:
    gap = " " if space else ""
    for unit, size in units:
        if amount and amount % size == 0:
            return f"{amount // size}{gap}{unit}"
    return f"{amount}{gap}{smallest}"
