"""The KafkaUser egov-ops prints is the one the chart renders for an administration."""

import yaml

from egov_localstack.kafka_acls import ADMINISTRATION_PLACEHOLDER, chart_acls
from egov_ops.strimzi import as_yaml, kafka_user_manifest, resource_name


def test_the_manifest_is_the_charts_kafka_user_of_the_administration():
    manifest = kafka_user_manifest("burgas", release="egov", cluster="egov-kafka", namespace="egov-prod")

    assert manifest["apiVersion"] == "kafka.strimzi.io/v1"
    assert manifest["kind"] == "KafkaUser"
    assert manifest["metadata"] == {
        "name": "egov-handler-burgas",
        "namespace": "egov-prod",
        "labels": {
            "app.kubernetes.io/name": "handler-burgas",
            "app.kubernetes.io/instance": "egov",
            "app.kubernetes.io/part-of": "egov",
            "app.kubernetes.io/managed-by": "egov-ops",
            "strimzi.io/cluster": "egov-kafka",
        },
    }
    # NOTE: what templates/kafka-users.yaml makes of files/kafka-acls.yaml for an administration.
    charts = yaml.safe_load(
        yaml.safe_dump(chart_acls()["administration"]).replace(ADMINISTRATION_PLACEHOLDER, "burgas")
    )
    assert manifest["spec"] == {
        "authentication": {"type": "scram-sha-512"},
        "authorization": {"type": "simple", "acls": charts},
    }


def test_without_a_namespace_the_manifest_names_none():
    manifest = kafka_user_manifest("sofia", release="egov", cluster="kafka", namespace=None)

    assert "namespace" not in manifest["metadata"]
    assert yaml.safe_load(as_yaml(manifest)) == manifest


def test_a_long_name_is_cut_as_the_chart_cuts_it():
    assert resource_name("egov", "handler-burgas") == "egov-handler-burgas"
    cut = resource_name("r" * 40, "handler-" + "a" * 14 + "-bbbbb")
    assert len(cut) <= 63
    assert not cut.endswith("-")
    assert cut == ("r" * 40 + "-handler-" + "a" * 14)
