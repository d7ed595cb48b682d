"""Every setting a service cannot start without is given by the chart: a service whose required
variable the chart forgot would crash at start on the cluster. The same of a handler and the
egov-handler chart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from egov_catalog.settings import CatalogSettings
from egov_intake.settings import IntakeSettings
from egov_notifications.settings import NotificationSettings
from egov_registry_gateway.settings import RegistryGatewaySettings
from egov_routing.settings import RoutingSettings
from egov_sdk.handler import HandlerSettings
from egov_workspace.settings import WorkspaceSettings

HELM = Path(__file__).resolve().parents[2] / "deploy" / "helm"
VALUES = HELM / "egov" / "values.yaml"
HANDLER_DEPLOYMENT = HELM / "egov-handler" / "templates" / "deployment.yaml"
SETTINGS: dict[str, type[BaseSettings]] = {
    "catalog": CatalogSettings,
    "intake": IntakeSettings,
    "routing": RoutingSettings,
    "notifications": NotificationSettings,
    "registry-gateway": RegistryGatewaySettings,
    "workspace": WorkspaceSettings,
}
# NOTE: what egov-lib's Deployment template sets for every workload.
FROM_THE_TEMPLATE = {"SERVICE_NAME", "HTTP_HOST", "HTTP_PORT", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS"}


def required_variables(settings: type[BaseSettings]) -> set[str]:
    prefix = str(settings.model_config.get("env_prefix") or "")
    return {(prefix + name).upper() for name, field in settings.model_fields.items() if field.is_required()}


def test_the_chart_has_a_settings_class_for_every_service() -> None:
    assert set(yaml.safe_load(VALUES.read_text())["services"]) == set(SETTINGS)


@pytest.mark.parametrize("service", sorted(SETTINGS))
def test_every_required_setting_is_given(service: str) -> None:
    entry = yaml.safe_load(VALUES.read_text())["services"][service]
    given = FROM_THE_TEMPLATE | set(entry.get("env", {})) | set(entry.get("secretEnv", {}))
    assert required_variables(SETTINGS[service]) - given == set()


def test_a_required_setting_left_out_is_found() -> None:
    assert "SESSION_KEY" in required_variables(IntakeSettings)


def handler_chart_variables() -> set[str]:
    """The variables the egov-handler chart's Deployment sets itself (`- name: X` in its `env`)."""
    return set(re.findall(r"^\s*- name: ([A-Z][A-Z0-9_]*)\s*$", HANDLER_DEPLOYMENT.read_text(), re.MULTILINE))


def test_the_handler_chart_gives_every_required_handler_setting() -> None:
    assert "ADMINISTRATION_ID" in required_variables(HandlerSettings)
    assert required_variables(HandlerSettings) - handler_chart_variables() == set()


def test_every_variable_the_handler_chart_sets_is_a_handler_setting() -> None:
    # NOTE: OpenTelemetry reads its own standard OTEL_* variables (egov_sdk.telemetry).
    settings = {name.upper() for name in HandlerSettings.model_fields}
    given = {name for name in handler_chart_variables() if not name.startswith("OTEL_")}
    assert {"SERVICE_NAME", "HTTP_PORT", "KAFKA_USERNAME", "KAFKA_PASSWORD", "DATABASE_URL"} <= given
    assert given - settings == set()
