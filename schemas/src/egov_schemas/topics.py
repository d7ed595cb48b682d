"""Every Kafka topic name of the platform, in one place.

Topics that belong to one administration are named `<role prefix>.<administration id>`, so that
Kafka's prefixed ACLs can give a service a role over every administration (routing writes every
`egov.inbox.`) while an administration's own principal gets the literal topics it owns.
"""

from __future__ import annotations

import re

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN

APPLICATIONS = "egov.applications"
"""The lifecycle log: thin events, no personal data; key = application id."""

SUBMISSIONS = "egov.intake.submissions"
"""Full submissions (applicant and form) from intake to routing; restricted to those two."""

CATALOG = "egov.catalog"
"""Compacted catalog state: administrations, service versions, packages; key = entity."""

NOTIFICATION_OUTCOMES = "egov.notifications.outcomes"

INBOX_PREFIX = "egov.inbox."
"""Work items for one administration: routing writes, only that administration reads."""
REPLIES_PREFIX = "egov.replies."
"""One administration's decisions on its work items: only it writes, routing reads."""
REGISTRY_REQUESTS_PREFIX = "egov.registry.requests."
"""One administration's registry requests: only it writes, the registry gateway reads."""
REGISTRY_REPLIES_PREFIX = "egov.registry.replies."
"""Answers to one administration's registry requests: the gateway writes, only it reads."""
ADMINISTRATION_PREFIXES = (INBOX_PREFIX, REPLIES_PREFIX, REGISTRY_REQUESTS_PREFIX, REGISTRY_REPLIES_PREFIX)

_ADMIN_SLUG = ADMINISTRATION_ID_PATTERN.strip("^$")
ADMIN_INBOX_TEMPLATE = INBOX_PREFIX + "{administration}"
ADMIN_REPLIES_TEMPLATE = REPLIES_PREFIX + "{administration}"
REGISTRY_REQUESTS_TEMPLATE = REGISTRY_REQUESTS_PREFIX + "{administration}"
REGISTRY_REPLIES_TEMPLATE = REGISTRY_REPLIES_PREFIX + "{administration}"
ADMIN_REPLIES_PATTERN = re.escape(REPLIES_PREFIX) + _ADMIN_SLUG
REGISTRY_REQUESTS_PATTERN = re.escape(REGISTRY_REQUESTS_PREFIX) + _ADMIN_SLUG
ADMIN_INBOX_PATTERN = re.escape(INBOX_PREFIX) + _ADMIN_SLUG
REGISTRY_REPLIES_PATTERN = re.escape(REGISTRY_REPLIES_PREFIX) + _ADMIN_SLUG
_ADMIN_TOPIC = re.compile(
    "^(?:" + "|".join(re.escape(prefix) for prefix in ADMINISTRATION_PREFIXES) + rf")(?P<admin>{_ADMIN_SLUG})$"
)


def admin_inbox(administration_id: str) -> str:
    """Work items for one administration; only that administration may read it."""
    return INBOX_PREFIX + _checked(administration_id)


def admin_replies(administration_id: str) -> str:
    """That administration's decisions on its work items."""
    return REPLIES_PREFIX + _checked(administration_id)


def registry_requests(administration_id: str) -> str:
    """That administration's requests to the registry gateway; the topic says who asks."""
    return REGISTRY_REQUESTS_PREFIX + _checked(administration_id)


def registry_replies(administration_id: str) -> str:
    """The gateway's answers to that administration's requests."""
    return REGISTRY_REPLIES_PREFIX + _checked(administration_id)


def administration_topics(administration_id: str) -> list[str]:
    """Every topic that belongs to one administration (made when it is registered)."""
    return [prefix + _checked(administration_id) for prefix in ADMINISTRATION_PREFIXES]


def administration_of(topic: str) -> str | None:
    """The administration one of its own topics belongs to, or None for other topics."""
    match = _ADMIN_TOPIC.match(topic)
    return match.group("admin") if match else None


def dlq(consumer: str) -> str:
    """The dead-letter topic of one consumer (group)."""
    return f"egov.dlq.{consumer}"


def _checked(administration_id: str) -> str:
    if not re.fullmatch(ADMINISTRATION_ID_PATTERN, administration_id):
        raise ValueError(f"not an administration id: {administration_id!r}")
    return administration_id
