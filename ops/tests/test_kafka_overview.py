"""A consumer group's lag per topic: the records past what it committed, over its partitions."""

from aiokafka.structs import TopicPartition

from egov_ops.kafka_overview import Lag, TopicOverview, lag_per_topic, overview, shown


def test_the_lag_is_summed_per_topic_over_its_partitions_and_a_partition_never_committed_counts_from_zero():
    committed = {
        TopicPartition("egov.applications", 0): 10,
        TopicPartition("egov.applications", 1): -1,
        TopicPartition("egov.catalog", 0): 4,
    }
    ends = {
        TopicPartition("egov.applications", 0): 12,
        TopicPartition("egov.applications", 1): 3,
        TopicPartition("egov.catalog", 0): 4,
    }

    lags = lag_per_topic("intake.status", committed, ends)

    assert lags == [Lag("intake.status", "egov.applications", 2, 10, 15), Lag("intake.status", "egov.catalog", 1, 4, 4)]
    assert [lag.behind for lag in lags] == [5, 0]


def described(name: str, partitions: int, replicas: int, *, internal: bool = False) -> dict[str, object]:
    """A topic as the cluster's metadata describes it."""
    return {
        "error_code": 0,
        "topic": name,
        "is_internal": internal,
        "partitions": [
            {"error_code": 0, "partition": p, "leader": 1, "replicas": list(range(replicas)), "isr": [1]}
            for p in range(partitions)
        ],
    }


def test_kafkas_own_topics_are_hidden_unless_asked_for():
    offsets = described("__consumer_offsets", 50, 1, internal=True)

    assert not shown(offsets, prefix="", internal=False)
    assert not shown(described("__transaction_state", 50, 1), prefix="", internal=False)
    assert shown(offsets, prefix="", internal=True)
    assert shown(described("egov.catalog", 1, 1), prefix="egov.", internal=False)
    assert not shown(described("egov.catalog", 1, 1), prefix="egov.inbox.", internal=False)


def test_a_topics_overview_sums_its_partitions_records_and_names_its_readers():
    topic = "egov.catalog"
    first = {TopicPartition(topic, 0): 5, TopicPartition(topic, 1): 0, TopicPartition(topic, 2): 0}
    last = {TopicPartition(topic, 0): 9, TopicPartition(topic, 1): 3, TopicPartition(topic, 2): 0}
    reader = Lag("intake.catalog", topic, 3, 6, 12)
    configs = {"cleanup.policy": "compact", "retention.ms": "-1", "retention.bytes": "-1"}

    found = overview(described(topic, 3, 2), configs, first, last, [reader, Lag("x", "egov.other", 1, 0, 0)])

    assert found == TopicOverview(topic, 3, 2, "compact", -1, -1, 7, (reader,))


def test_a_topic_without_configs_shows_kafkas_defaults():
    found = overview(described("t", 1, 1), {}, {}, {}, [])

    assert (found.cleanup_policy, found.retention_ms, found.retention_bytes, found.records) == ("delete", -1, -1, 0)
