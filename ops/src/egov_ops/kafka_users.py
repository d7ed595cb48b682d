"""An administration's Kafka principal on a broker the operator reaches as a super user: its
SCRAM-SHA-512 credential and the rules of the platform's one ACL table (kafka_acls), created
where missing; what is there is left as it is, so a second run changes nothing."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import ClusterAuthorizationFailedError, KafkaError
from pydantic import SecretStr, TypeAdapter, ValidationError

from egov_localstack.kafka_acls import administration_grants, handler_principal
from egov_ops.kafka_admin_api import (
    RESOURCE_NOT_FOUND,
    SCRAM_SHA_512,
    AclBinding,
    AclOperation,
    AclPermission,
    CreateAcls,
    DescribeAclsOf,
    DescribeUserScramCredentials,
    PatternType,
    ResourceType,
    UpsertScramCredential,
)
from egov_schemas import topics
from egov_schemas.identifiers import AdministrationId
from egov_sdk.kafka import TopicSpec, connection_options, ensure_topics

if TYPE_CHECKING:
    from egov_localstack.kafka_acls import Grant
    from egov_sdk.settings import PlatformSettings

MECHANISM = "SCRAM-SHA-512"
ITERATIONS = 4096  # NOTE: Kafka's least for SCRAM-SHA-512, as GrantAccess.java uses for the local stack
_RESOURCES = {"topic": ResourceType.TOPIC, "group": ResourceType.GROUP}
_PATTERNS = {"literal": PatternType.LITERAL, "prefix": PatternType.PREFIXED}
_OPERATIONS = {
    "Read": AclOperation.READ,
    "Write": AclOperation.WRITE,
    "Create": AclOperation.CREATE,
    "Describe": AclOperation.DESCRIBE,
}


class NotAnAdministration(ValueError):
    """What was given for an administration's id is none."""


class Refused(Exception):
    """The broker refused a request (the principal is not a super user, no authorizer, ...)."""


@dataclass(frozen=True)
class KafkaUser:
    """What `ensure_kafka_user` found and did."""

    principal: str
    credential: Literal["created", "replaced", "kept"]
    acls_created: int
    acls_kept: int
    acls_not_in_table: int
    topics_created: tuple[str, ...]
    generated_password: str | None
    """The password made for a new principal, to be shown once; None when one was given or kept."""

    @property
    def changed(self) -> bool:
        return self.credential != "kept" or bool(self.acls_created or self.topics_created)


def administration_principal(administration: str) -> str:
    """The principal of an administration's handler (its id checked as the catalog checks it)."""
    try:
        TypeAdapter(AdministrationId).validate_python(administration)
    except ValidationError:
        raise NotAnAdministration(
            f"{administration!r} is not an administration id: 2 to 63 lowercase Latin letters and digits, "
            "words joined by single hyphens (e.g. burgas-district)"
        ) from None
    return handler_principal(administration)


def wanted_acls(principal: str, grants: list[Grant]) -> set[AclBinding]:
    """The table's rules as Kafka's ALLOW bindings of `User:<principal>`, one per operation."""
    return {
        (_RESOURCES[g.resource], g.name, _PATTERNS[g.pattern], f"User:{principal}", _OPERATIONS[operation])
        for g in grants
        for operation in g.operations
    }


def salted_password(password: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """SCRAM's SaltedPassword (RFC 5802's Hi: PBKDF2 with HMAC-SHA-512), what the broker keeps."""
    return hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations)


async def ensure_kafka_user(
    settings: PlatformSettings, administration: str, password: str | None, *, create_topics: bool
) -> KafkaUser:
    """Create the handler's credential (with `password`, or a generated one) and its ACLs where
    missing; with `create_topics`, the administration's four topics too."""
    principal = administration_principal(administration)
    admin = AIOKafkaAdminClient(
        **connection_options(settings), client_id="egov-ops", request_timeout_ms=settings.kafka_request_timeout_ms
    )
    await admin.start()
    try:
        generated = None
        credential: Literal["created", "replaced", "kept"] = "kept"
        if not await _has_credential(admin, principal):
            if password is None:
                password = generated = secrets.token_urlsafe(32)
            await _upsert_credential(admin, principal, password)
            credential = "created"
        elif password is not None and not await _authenticates(settings, principal, password):
            await _upsert_credential(admin, principal, password)
            credential = "replaced"
        present = await _acls_of(admin, principal)
        wanted = wanted_acls(principal, administration_grants(administration))
        if missing := sorted(wanted - present):
            await _create_acls(admin, missing)
        specs = [TopicSpec(name) for name in topics.administration_topics(administration)]
        created = await ensure_topics(settings, specs) if create_topics else []
    finally:
        await admin.close()
    return KafkaUser(
        principal=principal,
        credential=credential,
        acls_created=len(missing),
        acls_kept=len(wanted & present),
        acls_not_in_table=len(present - wanted),
        topics_created=tuple(created),
        generated_password=generated,
    )


def _check(code: int, message: str | None, what: str) -> None:
    if code == ClusterAuthorizationFailedError.errno:
        raise Refused(f"{what}: only a super user may (set KAFKA_USERNAME and KAFKA_PASSWORD to one's)")
    if code:
        raise Refused(f"{what}: Kafka's error {code} {message or ''}".strip())


async def _has_credential(admin: AIOKafkaAdminClient, principal: str) -> bool:
    # NOTE: aiokafka's admin client has no method for these requests; its `_send_request` sends them
    # over its connections, and brokers pass them on to the controller.
    response: Any = await admin._send_request(DescribeUserScramCredentials([principal]))
    _check(response.error_code, response.error_message, f"describing {principal}'s credentials")
    for user, code, message, infos, _ in response.results:
        if user == principal and code != RESOURCE_NOT_FOUND:
            _check(code, message, f"describing {principal}'s credentials")
            return any(mechanism == SCRAM_SHA_512 for mechanism, _, _ in infos)
    return False


async def _upsert_credential(admin: AIOKafkaAdminClient, principal: str, password: str) -> None:
    salt = secrets.token_bytes(32)
    request = UpsertScramCredential(
        principal, iterations=ITERATIONS, salt=salt, salted_password=salted_password(password, salt)
    )
    response: Any = await admin._send_to_controller(request)
    for _, code, message, _ in response.results:
        _check(code, message, f"setting {principal}'s credential")


async def _authenticates(settings: PlatformSettings, principal: str, password: str) -> bool:
    """Whether `principal` logs in with `password` (on a SASL listener; elsewhere it cannot be told)."""
    if not settings.kafka_security_protocol.startswith("SASL_"):
        return False
    update = {"kafka_sasl_mechanism": MECHANISM, "kafka_username": principal, "kafka_password": SecretStr(password)}
    client = AIOKafkaAdminClient(**connection_options(settings.model_copy(update=update)), client_id="egov-ops")
    try:
        await client.start()
    except KafkaError:
        return False
    else:
        return True
    finally:
        await client.close()


async def _acls_of(admin: AIOKafkaAdminClient, principal: str) -> set[AclBinding]:
    response: Any = await admin._send_request(DescribeAclsOf(f"User:{principal}"))
    _check(response.error_code, response.error_message, f"reading {principal}'s ACLs")
    return {
        (resource, name, pattern, who, operation)
        for resource, name, pattern, acls in response.resources
        for who, host, operation, permission in acls
        if host == "*" and permission == AclPermission.ALLOW
    }


async def _create_acls(admin: AIOKafkaAdminClient, bindings: list[AclBinding]) -> None:
    response: Any = await admin._send_request(CreateAcls(bindings))
    for code, message in response.creation_responses:
        _check(code, message, "creating ACLs")
