"""A consumer group's lag per topic: the records past what it committed, over its partitions."""

from aiokafka.structs import TopicPartition

from egov_ops.kafka_overview import Lag, lag_per_topic


def test_the_lag_is_summedlag_per_topic_over_its_partitions_and_a_partition_never_committed_counts_from_zero():
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
