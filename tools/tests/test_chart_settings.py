"""Every setting a service cannot start without is given by the chart: a service whose required
variable the chart forgot would crash at start on the cluster."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from egov_catalog.settings import CatalogSettings
from egov_intake.settings import IntakeSettings
from egov_notifications.settings import NotificationSettings
from egov_registry_gateway.settings import RegistryGatewaySettings
from egov_routing.settings import RoutingSettings
from egov_workspace.settings import WorkspaceSettings

VALUES = Path(__file__).resolve().parents[2] / "deploy" / "helm" / "egov" / "values.yaml"
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
