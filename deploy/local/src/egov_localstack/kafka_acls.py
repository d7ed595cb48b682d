"""Who may do what on Kafka: the platform's one table of principals and ACLs.

Each service and each administration's handler authenticates as a principal of its own. The
local stack grants these rules through the Kafka Admin API; the Helm chart renders the same
rules into Strimzi `KafkaUser` resources (deploy/helm/egov/files/kafka-acls.yaml is generated
from this module by tools/generate_docs.py).

Services get PREFIXED rules over a role (routing writes every `egov.inbox.`); an
administration's principal gets LITERAL rules on its own four topics. Every principal owns its
consumer groups and their dead-letter topics, and creates the topics it writes (a reader waits
for them), so that services may start in any order without a reader creating what it cannot
write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from egov_schemas import topics
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN

ResourceType = Literal["topic", "group"]
PatternType = Literal["literal", "prefix"]
# NOTE: Strimzi's spelling of Kafka's ACL operations; the local tool maps them onto Kafka's names.
Operation = Literal["Read", "Write", "Create", "Describe"]

READ: tuple[Operation, ...] = ("Read", "Describe")
WRITE: tuple[Operation, ...] = ("Write", "Describe")
OWN: tuple[Operation, ...] = ("Create", "Write", "Describe")
CREATE: tuple[Operation, ...] = ("Create", "Describe")
ADMINISTRATION_PLACEHOLDER = "{administration}"


@dataclass(frozen=True)
class Grant:
    """Allow `operations` on the topics or groups that `name` names (exactly, or as a prefix)."""

    resource: ResourceType
    name: str
    pattern: PatternType
    operations: tuple[Operation, ...]


def topic(name: str, operations: tuple[Operation, ...]) -> Grant:
    return Grant("topic", name, "literal", operations)


def topic_prefix(prefix: str, operations: tuple[Operation, ...]) -> Grant:
    return Grant("topic", prefix, "prefix", operations)


def own_consumers(service: str) -> list[Grant]:
    """A service's consumer groups (`<service>.<consumer>`) and their dead-letter topics."""
    return [
        Grant("group", f"{service}.", "prefix", ("Read", "Describe")),
        topic_prefix(topics.dlq(f"{service}."), OWN),
    ]


SERVICE_GRANTS: dict[str, list[Grant]] = {
    "catalog": [
        # NOTE: only the catalog writes the catalog, so a forged catalog record cannot be produced.
        topic(topics.CATALOG, OWN),
        # NOTE: it makes an administration's topics when the administration is registered.
        *(topic_prefix(prefix, CREATE) for prefix in topics.ADMINISTRATION_PREFIXES),
    ],
    "intake": [
        topic(topics.SUBMISSIONS, OWN),
        topic(topics.CATALOG, READ),
        topic(topics.APPLICATIONS, READ),
        *own_consumers("intake"),
    ],
    "routing": [
        # NOTE: only routing writes the lifecycle log and the inboxes.
        topic(topics.APPLICATIONS, OWN),
        topic_prefix(topics.INBOX_PREFIX, WRITE),
        topic(topics.SUBMISSIONS, READ),
        topic_prefix(topics.REPLIES_PREFIX, READ),
        topic(topics.CATALOG, READ),
        *own_consumers("routing"),
    ],
    "notifications": [
        topic(topics.APPLICATIONS, READ),
        topic(topics.CATALOG, READ),
        topic(topics.NOTIFICATION_OUTCOMES, OWN),
        *own_consumers("notifications"),
    ],
    "registry-gateway": [
        topic_prefix(topics.REGISTRY_REQUESTS_PREFIX, READ),
        # NOTE: the catalog says which registry operations each service may call, under which law.
        topic(topics.CATALOG, READ),
        topic_prefix(topics.REGISTRY_REPLIES_PREFIX, WRITE),
        *own_consumers("registry-gateway"),
    ],
    # NOTE: the staff workspace decides for every administration whose staff process a service:
    # it reads every inbox (leaving the handlers' work items alone) and writes every replies
    # topic, as each administration's handler does its own; routing checks each decision's owner.
    "workspace": [
        topic_prefix(topics.INBOX_PREFIX, READ),
        topic_prefix(topics.REPLIES_PREFIX, WRITE),
        topic_prefix(topics.REGISTRY_REQUESTS_PREFIX, WRITE),
        topic_prefix(topics.REGISTRY_REPLIES_PREFIX, READ),
        topic(topics.CATALOG, READ),
        *own_consumers("workspace"),
    ],
}


def handler_principal(administration: str) -> str:
    """The principal of an administration's handler (the name its process runs under, too)."""
    if not re.fullmatch(ADMINISTRATION_ID_PATTERN, administration):
        raise ValueError(f"not an administration id: {administration!r}")
    return f"handler-{administration}"


def administration_grants(administration: str) -> list[Grant]:
    """An administration's handler: its inbox to read, its replies and registry requests to
    write, the answers to its registry requests to read; nothing of any other administration."""
    group = f"handler.{administration}"
    return [
        topic(topics.admin_inbox(administration), READ),
        topic(topics.admin_replies(administration), WRITE),
        topic(topics.registry_requests(administration), WRITE),
        topic(topics.registry_replies(administration), READ),
        Grant("group", group, "literal", ("Read", "Describe")),
        topic(topics.dlq(group), OWN),
    ]


def grants_of(principal: str) -> list[Grant]:
    """The rules of a service's principal or of `handler-<administration>`."""
    if principal in SERVICE_GRANTS:
        return SERVICE_GRANTS[principal]
    administration = principal.removeprefix("handler-")
    if administration == principal:
        raise KeyError(f"no Kafka principal {principal!r}: a service or handler-<administration>")
    return administration_grants(administration)


def strimzi_acls(grants: list[Grant]) -> list[dict[str, object]]:
    """The rules in the shape of a Strimzi `KafkaUser`'s `spec.authorization.acls`."""
    return [
        {
            "resource": {"type": grant.resource, "name": grant.name, "patternType": grant.pattern},
            "operations": list(grant.operations),
        }
        for grant in grants
    ]


def chart_acls() -> dict[str, object]:
    """What the Helm chart renders: every service's rules, and an administration's rules with a
    placeholder the chart replaces by each configured administration's id."""
    return {
        "services": {service: strimzi_acls(grants) for service, grants in SERVICE_GRANTS.items()},
        "administration": strimzi_acls(_administration_template()),
    }


def _administration_template() -> list[Grant]:
    """`administration_grants` of a stand-in id, with the id turned back into the placeholder."""
    stand_in = "x-administration-x"
    return [
        Grant(g.resource, g.name.replace(stand_in, ADMINISTRATION_PLACEHOLDER), g.pattern, g.operations)
        for g in administration_grants(stand_in)
    ]
