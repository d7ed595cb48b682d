import datetime as dt
import json
import re

import pytest
from pydantic import ValidationError

from egov_schemas import EVENT_TYPES, topics
from egov_schemas.lifecycle import STATE_TRANSITIONS, ApplicationRouted, ApplicationState
from egov_schemas.work import Applicant, WorkItem

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)


def routed(sequence: int = 2) -> ApplicationRouted:
    return ApplicationRouted(
        application_id="app-1",
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=2016,
        service_version=1,
        sequence=sequence,
        occurred_at=NOW,
    )


def test_every_event_type_is_versioned_and_namespaced():
    assert EVENT_TYPES
    for ce_type in EVENT_TYPES:
        assert re.fullmatch(r"bg\.egov\.[a-z_.]+\.v\d+", ce_type), ce_type


def test_event_id_is_deterministic_per_transition():
    assert routed().event_id == routed().event_id
    assert routed().event_id != routed(sequence=3).event_id


def test_lifecycle_events_carry_their_state_and_are_keyed_by_application():
    event = routed()
    assert event.model_dump(mode="json")["state"] == "routed"
    assert event.partition_key() == "app-1"
    assert {cls.model_fields["state"].default for cls in STATE_TRANSITIONS} == set(ApplicationState)


def test_lifecycle_events_refuse_unknown_fields_such_as_personal_data():
    with pytest.raises(ValidationError, match="extra"):
        ApplicationRouted.model_validate({**routed().model_dump(), "egn": "7501010010"})


def test_applicant_identifier_is_checked():
    with pytest.raises(ValidationError, match="check digit"):
        Applicant(identifier="7501010011", name="Иван")


def test_topic_names():
    assert topics.admin_inbox("veliko-tarnovo") == "egov.inbox.veliko-tarnovo"
    assert topics.administration_of("egov.replies.burgas-district") == "burgas-district"
    assert topics.administration_of(topics.APPLICATIONS) is None
    assert re.fullmatch(topics.ADMIN_REPLIES_PATTERN, topics.admin_replies("sofia"))
    assert not re.fullmatch(topics.ADMIN_REPLIES_PATTERN, topics.admin_inbox("sofia"))
    assert re.fullmatch(topics.REGISTRY_REQUESTS_PATTERN, topics.registry_requests("sofia"))
    assert not re.fullmatch(topics.REGISTRY_REQUESTS_PATTERN, topics.registry_replies("sofia"))
    assert topics.administration_of("egov.registry.requests.sofia") == "sofia"
    assert topics.administration_of("egov.registry.requests.x.inbox") is None
    assert topics.administration_topics("burgas") == [
        "egov.inbox.burgas",
        "egov.replies.burgas",
        "egov.registry.requests.burgas",
        "egov.registry.replies.burgas",
    ]
    with pytest.raises(ValueError, match="administration id"):
        topics.admin_inbox("Sofia City")


def test_shadow_is_in_a_work_items_body_only_when_it_is_a_shadow_copy():
    """A handler built before shadow mode forbids unknown fields: it reads every real work item."""
    item = WorkItem(
        application_id="2a05eaba-58db-4e31-b9a5-05fe1867c849",
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=2016,
        service_version=1,
        submitted_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        applicant=Applicant(identifier="7501010010", name="Иван Петров"),
        form={},
    )
    assert "shadow" not in json.loads(item.model_dump_json())
    copy = item.shadow_copy()
    assert json.loads(copy.model_dump_json())["shadow"] is True
    assert WorkItem.model_validate_json(copy.model_dump_json()) == copy
    assert copy.event_id != item.event_id
