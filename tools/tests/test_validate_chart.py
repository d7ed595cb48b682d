"""The offline validation of tools/validate_chart.py, on small hand-written manifests (no helm, no cluster)."""

import copy
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.validate_chart import (
    CHART,
    HANDLER_CHART,
    VALUE_SETS,
    CrdVersion,
    Problem,
    ValueSet,
    check,
    load_crds,
    load_manifests,
    render,
    strict_schema,
    validate_manifest,
)

Crds = dict[tuple[str, str], CrdVersion]
VALUE_SETS_BY_NAME = {value_set.name: value_set for value_set in VALUE_SETS}

KAFKA_TOPIC: dict[str, Any] = {
    "apiVersion": "kafka.strimzi.io/v1beta2",
    "kind": "KafkaTopic",
    "metadata": {"name": "egov.applications", "labels": {"strimzi.io/cluster": "egov"}},
    # NOTE: config preserves unknown fields in Strimzi's schema: any topic configuration goes.
    "spec": {"partitions": 6, "replicas": 3, "config": {"retention.ms": 604800000, "cleanup.policy": "delete"}},
}
CLUSTER: dict[str, Any] = {
    "apiVersion": "postgresql.cnpg.io/v1",
    "kind": "Cluster",
    "metadata": {"name": "egov-db"},
    "spec": {"instances": 3, "storage": {"size": "10Gi"}, "bootstrap": {"initdb": {"database": "intake"}}},
}
DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "ci-intake"},
    "spec": {
        "selector": {"matchLabels": {"app.kubernetes.io/name": "intake"}},
        "template": {
            "metadata": {"labels": {"app.kubernetes.io/name": "intake"}},
            "spec": {"containers": [{"name": "intake", "image": "egov:1", "ports": [{"containerPort": 8000}]}]},
        },
    },
}
SERVICE_MONITOR: dict[str, Any] = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "ServiceMonitor",
    "metadata": {"name": "ci-egov"},
    "spec": {
        "selector": {"matchLabels": {"app.kubernetes.io/instance": "ci"}},
        "endpoints": [{"port": "http", "path": "/metrics", "interval": "30s"}, {"targetPort": 9464}],
    },
}
PROMETHEUS_RULE: dict[str, Any] = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "ci-egov"},
    "spec": {"groups": [{"name": "egov", "rules": [{"alert": "Down", "expr": "up == 0", "for": "5m"}]}]},
}


@pytest.fixture(scope="module")
def crds() -> Crds:
    return load_crds()


def changed(manifest: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    """A copy of the manifest with the value at a dotted path (`spec.partitions`) set, or removed if None."""
    result = copy.deepcopy(manifest)
    *parents, last = path.split(".")
    node = result
    for key in parents:
        node = node[key]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return result


@pytest.mark.parametrize("manifest", [KAFKA_TOPIC, CLUSTER, DEPLOYMENT, SERVICE_MONITOR, PROMETHEUS_RULE])
def test_valid_manifests_pass(crds, manifest):
    assert validate_manifest(manifest, crds) == []


def test_a_kafka_topic_with_an_unknown_field_fails_naming_the_path(crds):
    problems = validate_manifest(changed(KAFKA_TOPIC, "spec.partitionz", 6), crds)
    assert problems == [Problem("spec.partitionz", "unknown field (the schema has no such property)")]


def test_a_kafka_topic_with_a_wrong_type_or_range_fails(crds):
    assert [p.path for p in validate_manifest(changed(KAFKA_TOPIC, "spec.partitions", "six"), crds)] == [
        "spec.partitions"
    ]
    assert [p.path for p in validate_manifest(changed(KAFKA_TOPIC, "spec.replicas", 0), crds)] == ["spec.replicas"]


def test_a_cluster_with_a_wrong_type_fails(crds):
    problems = validate_manifest(changed(CLUSTER, "spec.instances", "three"), crds)
    assert problems == [Problem("spec.instances", "'three' is not of type 'integer'")]


def test_a_cluster_without_spec_fails(crds):
    assert validate_manifest(changed(CLUSTER, "spec", None), crds) == [Problem("spec", "required field is missing")]


def test_a_cluster_may_leave_out_instances_which_the_api_server_defaults(crds):
    # NOTE: spec.instances is required in CloudNativePG's schema, with default 1: defaulting comes before validation.
    assert validate_manifest(changed(CLUSTER, "spec.instances", None), crds) == []


def test_a_required_field_without_default_is_still_required(crds):
    problems = validate_manifest(changed(PROMETHEUS_RULE, "spec.groups", [{"rules": []}]), crds)
    assert problems == [Problem("spec.groups[0].name", "required field is missing")]


def test_an_int_or_string_field_says_so(crds):
    manifest = changed(PROMETHEUS_RULE, "spec.groups", [{"name": "egov", "rules": [{"record": "r", "expr": []}]}])
    assert validate_manifest(manifest, crds) == [
        Problem("spec.groups[0].rules[0].expr", "[] is not of type 'integer' or 'string'")
    ]


def test_a_deployment_with_an_unknown_field_fails_strictly(crds):
    manifest = copy.deepcopy(DEPLOYMENT)
    manifest["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Always"
    problems = validate_manifest(manifest, crds)
    assert [p.path for p in problems] == ["spec.template.spec.containers[0].imagePullPolicyy"]


def test_a_deployment_with_a_wrong_type_fails(crds):
    problems = validate_manifest(changed(DEPLOYMENT, "spec.replicas", "two"), crds)
    assert [p.path for p in problems] == ["spec.replicas"]


def test_an_unknown_kind_fails(crds):
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    (problem,) = validate_manifest(widget, crds)
    assert problem.path == ""
    assert "no schema for Widget example.com/v1" in problem.message


def test_a_version_that_no_vendored_crd_serves_fails(crds):
    (problem,) = validate_manifest(changed(KAFKA_TOPIC, "apiVersion", "kafka.strimzi.io/v1beta3"), crds)
    assert "no schema for KafkaTopic kafka.strimzi.io/v1beta3" in problem.message


def test_a_manifest_without_a_name_fails(crds):
    for manifest in (KAFKA_TOPIC, DEPLOYMENT):
        assert Problem("metadata.name", "required field is missing") in validate_manifest(
            changed(manifest, "metadata.name", None), crds
        )


def test_a_custom_resource_s_metadata_is_checked_as_object_meta(crds):
    problems = validate_manifest(changed(KAFKA_TOPIC, "metadata.lables", {"a": "b"}), crds)
    assert [p.path for p in problems] == ["metadata.lables"]
    problems = validate_manifest(changed(KAFKA_TOPIC, "metadata.labels", {"app.kubernetes.io/part-of": 1}), crds)
    assert [p.path for p in problems] == ['metadata.labels["app.kubernetes.io/part-of"]']


def test_a_list_map_refuses_two_items_with_the_same_key(crds):
    group = PROMETHEUS_RULE["spec"]["groups"][0]
    problems = validate_manifest(changed(PROMETHEUS_RULE, "spec.groups", [group, group]), crds)
    assert problems == [Problem("spec.groups[1]", "duplicate item: another has the same name")]


def test_kafka_user_acls_are_checked(crds):
    user: dict[str, Any] = {
        "apiVersion": "kafka.strimzi.io/v1beta2",
        "kind": "KafkaUser",
        "metadata": {"name": "ci-intake", "labels": {"strimzi.io/cluster": "egov"}},
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {
                "type": "simple",
                "acls": [{"resource": {"type": "topic", "name": "egov."}, "operations": ["Read"], "host": "*"}],
            },
        },
    }
    assert validate_manifest(user, crds) == []
    user["spec"]["authorization"]["acls"][0]["operations"] = ["Chew"]
    assert [p.path for p in validate_manifest(user, crds)] == ["spec.authorization.acls[0].operations[0]"]


def test_strict_schema_follows_the_api_server():
    schema = strict_schema(
        {
            "type": "object",
            "required": ["kept", "defaulted"],
            "properties": {
                "kept": {"type": "string", "nullable": True},
                "defaulted": {"type": "integer", "default": 1},
                "port": {"x-kubernetes-int-or-string": True},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "tags": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "set"},
            },
        }
    )
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["kept"]
    assert schema["properties"]["kept"]["type"] == ["string", "null"]
    assert schema["properties"]["port"]["type"] == ["integer", "string"]
    assert "additionalProperties" not in schema["properties"]["free"]
    assert schema["properties"]["labels"]["additionalProperties"] == {"type": "string"}
    assert schema["properties"]["tags"]["uniqueItems"] is True


def test_rendered_yaml_is_read_as_the_api_server_reads_it():
    text = "---\n# Source: egov/templates/a.yaml\nsince: 2026-01-05\nreplicas: 2\n---\n---\nenabled: true\n"
    assert load_manifests(text) == [{"since": "2026-01-05", "replicas": 2}, {"enabled": True}]


def test_every_vendored_crd_serves_the_kinds_the_chart_renders(crds):
    served = set(crds)
    assert {
        ("kafka.strimzi.io/v1beta2", "KafkaTopic"),
        ("kafka.strimzi.io/v1beta2", "KafkaUser"),
        ("postgresql.cnpg.io/v1", "Cluster"),
        ("postgresql.cnpg.io/v1", "Database"),
        ("monitoring.coreos.com/v1", "ServiceMonitor"),
        ("monitoring.coreos.com/v1", "PrometheusRule"),
    } <= served


def test_a_value_set_fails_when_a_kind_it_must_render_is_missing(crds, capsys):
    value_set = ValueSet("autoscaling", must_render=frozenset({"HorizontalPodAutoscaler"}))
    failures = check(value_set, [DEPLOYMENT, KAFKA_TOPIC], crds)
    assert len(failures) == 1
    assert failures[0].startswith("autoscaling: renders no HorizontalPodAutoscaler")
    assert "autoscaling: 2 manifests" in capsys.readouterr().out


def test_a_value_set_reports_each_problem_with_kind_name_and_path(crds, capsys):
    failures = check(ValueSet("defaults"), [changed(KAFKA_TOPIC, "spec.partitionz", 6), CLUSTER], crds)
    assert failures == [
        "defaults: KafkaTopic egov.applications: spec.partitionz: unknown field (the schema has no such property)"
    ]
    assert capsys.readouterr().out == "defaults: 2 manifests checked, 1 problem (Cluster 1, KafkaTopic 1)\n"
    check(ValueSet("defaults"), [CLUSTER, DEPLOYMENT], crds)
    assert capsys.readouterr().out == "defaults: 2 manifests valid (Cluster 1, Deployment 1)\n"


def test_the_handler_chart_is_rendered_with_the_example_and_with_monitoring():
    example = VALUE_SETS_BY_NAME["handler-gabrovo"]
    monitoring = VALUE_SETS_BY_NAME["handler-monitoring"]
    assert example.chart == monitoring.chart == HANDLER_CHART
    assert example.values_file is not None
    assert example.values_file.is_file()
    assert {"Deployment", "Service", "NetworkPolicy"} <= example.must_render
    assert "ServiceMonitor" not in example.must_render
    assert {"Deployment", "Service", "NetworkPolicy", "ServiceMonitor"} <= monitoring.must_render
    assert all(value_set.chart == CHART for value_set in VALUE_SETS if not value_set.name.startswith("handler-"))


def test_render_runs_helm_on_the_value_set_s_chart(monkeypatch):
    commands: list[list[str]] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, stdout="kind: Service\n", stderr="")

    monkeypatch.setattr(subprocess, "run", run)
    example = Path("deploy/helm/examples/handler-gabrovo.yaml")
    value_set = ValueSet("handler", ("--set", "a=b"), values_file=example, chart=HANDLER_CHART)
    assert render(Path("helm"), value_set) == [{"kind": "Service"}]
    assert render(Path("helm"), ValueSet("defaults")) == [{"kind": "Service"}]
    assert commands == [
        ["helm", "template", "ci", str(HANDLER_CHART), "--set", "a=b", "--values", str(example)],
        ["helm", "template", "ci", str(CHART)],
    ]


def key_paths(values: dict[str, Any], prefix: str = "") -> set[str]:
    paths = set()
    for key, value in values.items():
        paths.add(prefix + key)
        if isinstance(value, dict) and value:
            paths |= key_paths(value, f"{prefix}{key}.")
    return paths


def test_the_handler_example_is_short_and_sets_only_the_chart_s_values():
    example = VALUE_SETS_BY_NAME["handler-gabrovo"].values_file
    assert example is not None
    assert len(example.read_text().splitlines()) <= 20
    # NOTE: helm ignores a key that the chart does not have: a misspelt one would silently take the default.
    chart_values = yaml.safe_load((HANDLER_CHART / "values.yaml").read_text())
    given = yaml.safe_load(example.read_text())
    assert key_paths(given) - key_paths(chart_values) == set()
    assert given["administration"] == "gabrovo"
    assert chart_values["administration"] == ""
