"""An administration's Strimzi `KafkaUser`, in the shape the Helm chart renders for each
administration in its `administrations` (deploy/helm/egov/templates/kafka-users.yaml, helper
"egov.kafkaUser"), for a cluster whose users Strimzi's User Operator manages."""

from __future__ import annotations

from typing import Any

import yaml

from egov_localstack.kafka_acls import administration_grants, strimzi_acls
from egov_ops.kafka_users import administration_principal

MAX_NAME = 63  # NOTE: the chart's "egov.fullname" cuts names there, as Kubernetes labels require


def resource_name(release: str, principal: str) -> str:
    """The chart's "egov.fullname": `<release>-<name>`, cut to 63 characters, one trailing `-` dropped."""
    return f"{release}-{principal}"[:MAX_NAME].removesuffix("-")


def kafka_user_manifest(administration: str, *, release: str, cluster: str, namespace: str | None) -> dict[str, Any]:
    """The `KafkaUser` of `administration`'s handler: SCRAM-SHA-512, simple authorization with
    the rules of the platform's ACL table. Strimzi names the principal, and the Secret holding
    its password, after the resource."""
    principal = administration_principal(administration)
    metadata: dict[str, object] = {"name": resource_name(release, principal)}
    if namespace:
        metadata["namespace"] = namespace
    # NOTE: the chart's labels, less the chart's version ones; `managed-by` says who made it.
    metadata["labels"] = {
        "app.kubernetes.io/name": principal,
        "app.kubernetes.io/instance": release,
        "app.kubernetes.io/part-of": "egov",
        "app.kubernetes.io/managed-by": "egov-ops",
        "strimzi.io/cluster": cluster,
    }
    return {
        "apiVersion": "kafka.strimzi.io/v1",
        "kind": "KafkaUser",
        "metadata": metadata,
        "spec": {
            "authentication": {"type": "scram-sha-512"},
            "authorization": {"type": "simple", "acls": strimzi_acls(administration_grants(administration))},
        },
    }


def as_yaml(manifest: dict[str, Any]) -> str:
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True)
