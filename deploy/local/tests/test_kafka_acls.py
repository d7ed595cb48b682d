"""The ACL table states the design's rules: who alone writes what, and nothing across administrations."""

from __future__ import annotations

import pytest

from egov_localstack.kafka_acls import (
    ADMINISTRATION_PLACEHOLDER,
    SERVICE_GRANTS,
    Grant,
    administration_grants,
    chart_acls,
    grants_of,
    handler_principal,
)
from egov_schemas import topics


def writers(topic: str) -> set[str]:
    """Every principal of the table (services, and two administrations' handlers) that may write `topic`."""
    principals = [*SERVICE_GRANTS, handler_principal("sofia"), handler_principal("burgas")]
    return {p for p in principals if any(_allows(g, topic, "Write") for g in grants_of(p))}


def _allows(grant: Grant, topic: str, operation: str) -> bool:
    matches = topic.startswith(grant.name) if grant.pattern == "prefix" else topic == grant.name
    return grant.resource == "topic" and matches and operation in grant.operations


@pytest.mark.parametrize(
    ("topic", "only"),
    [
        (topics.CATALOG, {"catalog"}),
        (topics.APPLICATIONS, {"routing"}),
        (topics.admin_inbox("sofia"), {"routing"}),
        (topics.SUBMISSIONS, {"intake"}),
        # NOTE: and the workspace, for the services an administration's staff process.
        (topics.admin_replies("sofia"), {"handler-sofia", "workspace"}),
        (topics.registry_requests("burgas"), {"handler-burgas", "workspace"}),
        (topics.registry_replies("sofia"), {"registry-gateway"}),
    ],
)
def test_each_topic_has_its_one_writer(topic: str, only: set[str]) -> None:
    assert writers(topic) == only


def test_a_handler_touches_nothing_of_another_administration() -> None:
    sofia = administration_grants("sofia")
    assert all("burgas" not in grant.name for grant in sofia)
    assert all(grant.pattern == "literal" for grant in sofia)


def test_the_chart_gets_every_service_and_an_administration_template() -> None:
    rendered = chart_acls()
    services = rendered["services"]
    assert isinstance(services, dict)
    assert set(services) == set(SERVICE_GRANTS)
    template = str(rendered["administration"])
    assert ADMINISTRATION_PLACEHOLDER in template
    assert "x-administration-x" not in template


def test_principals_are_services_or_handlers_of_valid_administrations() -> None:
    with pytest.raises(KeyError):
        grants_of("portal")
    with pytest.raises(ValueError, match="administration id"):
        handler_principal("Sofia City")
