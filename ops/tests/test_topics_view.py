"""`egov-ops topics`: a topic's row, its retention said the way an operator reads it."""

import pytest

from egov_ops.kafka_overview import Lag, TopicOverview
from egov_ops.topics_view import behind, retention_text, topic_row


@pytest.mark.parametrize(
    ("ms", "size", "shown"),
    [
        (604_800_000, -1, "7d"),
        (-1, -1, "forever"),
        (3_600_000, -1, "1h"),
        (90_000, -1, "90s"),
        (1500, -1, "1500ms"),
        (0, -1, "0ms"),
        (86_400_000, 1 << 30, "1d or 1 GiB"),
        (86_400_000, 1000, "1d or 1000 B"),
    ],
)
def test_retention_in_the_largest_whole_unit(ms, size, shown):
    assert retention_text(ms, size) == shown


def test_a_row_says_shape_retention_records_and_who_reads_how_far_behind():
    topic = TopicOverview(
        "egov.inbox.burgas",
        partitions=3,
        replication_factor=3,
        cleanup_policy="delete",
        retention_ms=604_800_000,
        retention_bytes=-1,
        records=42,
        readers=(
            Lag("handler.burgas", "egov.inbox.burgas", 3, 40, 42),
            Lag("workspace.inbox", "egov.inbox.burgas", 3, 42, 42),
        ),
    )

    assert topic_row(topic) == [
        "egov.inbox.burgas",
        "3",
        "3",
        "delete",
        "7d",
        "42",
        "handler.burgas (2), workspace.inbox (0)",
    ]
    assert behind(topic)


def test_a_topic_nobody_reads_says_so():
    topic = TopicOverview("egov.catalog", 1, 1, "compact", -1, -1, 0, ())

    assert topic_row(topic)[-1] == "none"
    assert not behind(topic)
