"""Generates the documents that are derived from code, or checks that the committed ones are current.

- docs/asyncapi/<service>.json: the AsyncAPI document of each service's Kafka interface.
- docs/configuration.md: every environment variable, from the settings classes.
- deploy/helm/egov/files/kafka-acls.yaml: the Kafka ACLs of every principal (from kafka_acls),
  which the chart renders into Strimzi `KafkaUser` resources.
- deploy/helm/egov/files/kafka-topics.yaml: every topic with its kind, which the chart renders into
  Strimzi `KafkaTopic` resources.

    uv run python tools/generate_docs.py            # write
    uv run python tools/generate_docs.py --check    # exit 1 if a committed file is out of date
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from faststream.specification import AsyncAPI
from pydantic import AliasChoices, BaseModel
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

from egov_catalog.bootstrap import build as build_catalog
from egov_catalog.settings import CatalogSettings
from egov_e_delivery_sim.settings import EDeliverySimSettings
from egov_eid_sim.settings import EidSimSettings
from egov_example_handler.app import ExampleHandlerSettings
from egov_example_handler.app import build as build_handler
from egov_intake.bootstrap import build as build_intake
from egov_intake.settings import IntakeSettings
from egov_localstack.kafka_acls import chart_acls
from egov_mail_sim.settings import MailSimSettings
from egov_notifications.bootstrap import build as build_notifications
from egov_notifications.settings import NotificationSettings
from egov_pay_egov_sim.settings import SimulatorSettings
from egov_registry_gateway.bootstrap import build as build_registry_gateway
from egov_registry_gateway.settings import RegistryGatewaySettings
from egov_regix_sim.settings import RegixSimSettings
from egov_routing.bootstrap import build as build_routing
from egov_routing.settings import RoutingSettings
from egov_schemas import topics
from egov_sdk.kafka import TopicSpec, dead_letter_topic
from egov_sdk.runtime import ServiceRuntime
from egov_sdk.settings import PlatformSettings
from egov_sms_sim.settings import SmsSimSettings
from egov_workspace.bootstrap import build as build_workspace
from egov_workspace.settings import WorkspaceSettings

ROOT = Path(__file__).resolve().parents[1]
# NOTE: secrets the documentation needs to build a service (it never runs one).
DOCUMENTATION_ONLY = {
    "auth_jwt_key": "documentation",
    "application_token_key": "documentation",
    "payegov_secret": "documentation",
    "contacts_token_key": "documentation",
    "sms_api_secret": "documentation",
    "prefill_token_key": "documentation",
    "eid_client_secret": "documentation",
    "session_key": "documentation",
    "audit_subject_key": "documentation",
    "files_token_key": "documentation",
}
RUNTIMES: dict[str, Callable[[], ServiceRuntime]] = {
    "catalog": lambda: build_catalog(CatalogSettings.model_validate(DOCUMENTATION_ONLY))[0],
    "intake": lambda: build_intake(IntakeSettings.model_validate(DOCUMENTATION_ONLY))[0],
    "routing": lambda: build_routing(RoutingSettings.model_validate(DOCUMENTATION_ONLY))[0],
    "notifications": lambda: build_notifications(NotificationSettings.model_validate(DOCUMENTATION_ONLY))[0],
    "registry-gateway": lambda: build_registry_gateway(RegistryGatewaySettings.model_validate(DOCUMENTATION_ONLY))[0],
    "workspace": lambda: build_workspace(WorkspaceSettings.model_validate(DOCUMENTATION_ONLY))[0],
    "example-handler": lambda: build_handler(ExampleHandlerSettings()).runtime,
}
SETTINGS: dict[str, type[BaseSettings]] = {
    "All services and handlers": PlatformSettings,
    "catalog": CatalogSettings,
    "intake": IntakeSettings,
    "routing": RoutingSettings,
    "notifications": NotificationSettings,
    "registry-gateway": RegistryGatewaySettings,
    "workspace": WorkspaceSettings,
    "example handler": ExampleHandlerSettings,
    "pay.egov simulator (development and tests only)": SimulatorSettings,
    "e-Delivery simulator (development and tests only)": EDeliverySimSettings,
    "SMS provider simulator (development and tests only)": SmsSimSettings,
    "RegiX simulator (development and tests only)": RegixSimSettings,
    "National eID simulator (development and tests only)": EidSimSettings,
    "Mail server (development and tests only)": MailSimSettings,
}


def asyncapi_documents() -> dict[Path, str]:
    documents = {}
    for name, runtime in RUNTIMES.items():
        spec = AsyncAPI(runtime().broker, title=f"egov {name}", version="1", schema_version="3.0.0").to_specification()
        body = json.dumps(json.loads(spec.to_json()), indent=2, ensure_ascii=False, sort_keys=True)
        documents[ROOT / "docs" / "asyncapi" / f"{name}.json"] = body + "\n"
    return documents


def configuration_document() -> str:
    lines = [
        "# Configuration",
        "",
        "Generated from the settings classes by `make generate`; do not edit by hand.",
        "Each variable is read from the environment (case-insensitive). OpenTelemetry also reads the",
        "standard `OTEL_*` variables (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_SDK_DISABLED`, ...).",
    ]
    base = PlatformSettings.model_fields
    for title, settings in SETTINGS.items():
        # NOTE: a service's table lists only what it adds or sets differently from the common one.
        fields = {
            name: info
            for name, info in settings.model_fields.items()
            if settings is PlatformSettings or name not in base or info.default != base[name].default
        }
        lines += ["", f"## {title}", "", "| Variable | Default | Description |", "|---|---|---|"]
        for name, info in fields.items():
            lines.append(f"| `{_variable(settings, name, info)}` | {_default(info)} | {info.description} |")
    return "\n".join(lines) + "\n"


def _variable(settings: type[BaseSettings], name: str, info: FieldInfo) -> str:
    """The environment variable: an alias without the prefix (`HTTP_PORT`), or prefix and name."""
    alias = info.validation_alias
    first = alias.choices[0] if isinstance(alias, AliasChoices) else alias
    if isinstance(first, str) and first.isupper():
        return first
    return (str(settings.model_config.get("env_prefix") or "") + name).upper()


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "(required)"
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    return f"`{json.dumps(value, ensure_ascii=False, default=_plain) if isinstance(value, dict | list) else value}`"


def _plain(value: object) -> object:
    """A nested settings model as the JSON an environment variable would give, anything else as text."""
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else str(value)


def chart_topics_document() -> str:
    """Every topic the services create, and every administration's (`{administration}` standing
    for its id), each with its kind, whose size and retention the chart's values set."""
    platform: dict[str, TopicSpec] = {}
    for name, runtime in RUNTIMES.items():
        if name != "example-handler":
            # NOTE: an administration's topics come from `administrations` (the catalog makes the seeded ones).
            platform |= {spec.name: spec for spec in runtime().topics if topics.administration_of(spec.name) is None}
    placeholder = "{administration}"
    administration = [TopicSpec(prefix + placeholder) for prefix in topics.ADMINISTRATION_PREFIXES]
    administration.append(dead_letter_topic(f"handler.{placeholder}"))
    header = (
        "# Generated from the services' topics (egov_schemas.topics, each service's runtime) by `make generate`;\n"
        "# do not edit. `kind` picks the sizing in values.yaml (global.kafka.topics.kinds).\n"
    )
    document = {
        "platform": [_topic_entry(spec) for spec in sorted(platform.values(), key=lambda spec: spec.name)],
        "administration": [_topic_entry(spec) for spec in administration],
    }
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _topic_entry(spec: TopicSpec) -> dict[str, object]:
    config = {**({"cleanup.policy": "compact"} if spec.compacted else {}), **spec.config}
    return {"name": spec.name, "kind": _topic_kind(spec.name), **({"config": config} if config else {})}


def _topic_kind(name: str) -> str:
    kinds = {
        topics.APPLICATIONS: "lifecycle",
        topics.SUBMISSIONS: "submissions",
        topics.CATALOG: "catalog",
        topics.NOTIFICATION_OUTCOMES: "outcomes",
        topics.INBOX_PREFIX: "inbox",
        topics.REPLIES_PREFIX: "replies",
        topics.REGISTRY_REQUESTS_PREFIX: "registryRequests",
        topics.REGISTRY_REPLIES_PREFIX: "registryReplies",
        topics.dlq(""): "deadLetters",
    }
    for known, kind in kinds.items():
        if name == known or (known.endswith(".") and name.startswith(known)):
            return kind
    raise ValueError(f"no kind of topic for {name}: add it to _topic_kind")


def chart_acls_document() -> str:
    header = (
        "# Generated from deploy/local/src/egov_localstack/kafka_acls.py by `make generate`; do not edit.\n"
        "# `administration` is every administration's rules, `{administration}` standing for its id.\n"
    )
    return header + yaml.safe_dump(chart_acls(), sort_keys=False, allow_unicode=True)


def expected() -> dict[Path, str]:
    return {
        **asyncapi_documents(),
        ROOT / "docs" / "configuration.md": configuration_document(),
        ROOT / "deploy" / "helm" / "egov" / "files" / "kafka-acls.yaml": chart_acls_document(),
        ROOT / "deploy" / "helm" / "egov" / "files" / "kafka-topics.yaml": chart_topics_document(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    # NOTE: the documents must not depend on the environment of whoever generates them.
    for variable in [*os.environ]:
        if any(variable.upper() == name.upper() for s in SETTINGS.values() for name in s.model_fields):
            del os.environ[variable]
    os.environ["OTEL_SDK_DISABLED"] = "true"
    documents = expected()
    if args.check:
        stale = [
            str(path.relative_to(ROOT))
            for path, text in documents.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        if stale:
            print("generated documents out of date (run `make generate`): " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in documents.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
