"""Every Kafka topic name of the platform, in one place."""

from __future__ import annotations

import re

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN

APPLICATIONS = "egov.applications"
"""The lifecycle log: thin events, no personal data; key = application id."""

SUBMISSIONS = "egov.intake.submissions"
"""Full submissions (applicant and form) from intake to routing; restricted to those two."""

CATALOG = "egov.catalog"
"""Compacted catalog state: administrations, service versions, packages; key = entity."""

REGISTRY_REQUESTS = "egov.registry.requests"
REGISTRY_REPLIES = "egov.registry.replies"
NOTIFICATION_OUTCOMES = "egov.notifications.outcomes"

ADMIN_INBOX_TEMPLATE = "egov.admin.{administration}.inbox"
ADMIN_REPLIES_TEMPLATE = "egov.admin.{administration}.replies"

_ADMIN_SLUG = ADMINISTRATION_ID_PATTERN.strip("^$")
ADMIN_REPLIES_PATTERN = rf"egov\.admin\.{_ADMIN_SLUG}\.replies"
_ADMIN_TOPIC = re.compile(rf"^egov\.admin\.(?P<admin>{_ADMIN_SLUG})\.(?P<kind>inbox|replies)$")


def admin_inbox(administration_id: str) -> str:
    """Work items for one administration; only that administration may read it."""
    return ADMIN_INBOX_TEMPLATE.format(administration=_checked(administration_id))


def admin_replies(administration_id: str) -> str:
    """That administration's decisions on its work items."""
    return ADMIN_REPLIES_TEMPLATE.format(administration=_checked(administration_id))


def administration_of(topic: str) -> str | None:
    """The administration an inbox or replies topic belongs to, or None for other topics."""
    match = _ADMIN_TOPIC.match(topic)
    return match.group("admin") if match else None


def dlq(consumer: str) -> str:
    """The dead-letter topic of one consumer (group)."""
    return f"egov.dlq.{consumer}"


def _checked(administration_id: str) -> str:
    if not re.fullmatch(ADMINISTRATION_ID_PATTERN, administration_id):
        raise ValueError(f"not an administration id: {administration_id!r}")
    return administration_id
