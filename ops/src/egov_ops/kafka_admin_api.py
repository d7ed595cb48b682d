# NOTE: aiokafka is untyped here (its imports are Any to mypy); these classes extend its requests.
# mypy: allow-subclassing-any
"""The Kafka Admin API calls that aiokafka's admin client lacks: SCRAM credentials (describe,
upsert) and ACLs (describe, create), sent through its connection as any other request.

NOTE: aiokafka's protocol layer has the ACL requests but its client offers no method for them,
and it has no SCRAM credential requests at all; these follow Kafka's message definitions
(DescribeUserScramCredentials and AlterUserScramCredentials v0, DescribeAcls and CreateAcls v1).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from aiokafka.protocol.admin import CreateAclsRequest_v1, DescribeAclsRequest_v1
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactBytes,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)


class ResourceType(IntEnum):
    ANY = 1
    TOPIC = 2
    GROUP = 3


class PatternType(IntEnum):
    ANY = 1
    LITERAL = 3
    PREFIXED = 4


class AclOperation(IntEnum):
    ANY = 1
    READ = 3
    WRITE = 4
    CREATE = 5
    DESCRIBE = 8


class AclPermission(IntEnum):
    ANY = 1
    ALLOW = 3


SCRAM_SHA_512 = 2
"""Kafka's number of the SCRAM-SHA-512 mechanism."""
RESOURCE_NOT_FOUND = 91
"""The error of a user without SCRAM credentials (aiokafka has no class for it)."""


class DescribeUserScramCredentialsResponseV0(Response):
    API_KEY = 50
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        ("error_code", Int16),
        ("error_message", CompactString("utf-8")),
        (
            "results",
            CompactArray(
                ("user", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("credential_infos", CompactArray(("mechanism", Int8), ("iterations", Int32), ("tags", TaggedFields))),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class DescribeUserScramCredentialsRequestV0(RequestStruct):
    FLEXIBLE_VERSION = True
    API_KEY = 50
    API_VERSION = 0
    RESPONSE_TYPE = DescribeUserScramCredentialsResponseV0
    SCHEMA = Schema(
        ("users", CompactArray(("name", CompactString("utf-8")), ("tags", TaggedFields))),
        ("tags", TaggedFields),
    )


class DescribeUserScramCredentials(Request[DescribeUserScramCredentialsRequestV0]):
    API_KEY = 50

    def __init__(self, users: list[str]) -> None:
        self._users = users

    def build(
        self, request_struct_class: type[DescribeUserScramCredentialsRequestV0]
    ) -> DescribeUserScramCredentialsRequestV0:
        return request_struct_class([(user, {}) for user in self._users], {})


class AlterUserScramCredentialsResponseV0(Response):
    API_KEY = 51
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("user_name", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class AlterUserScramCredentialsRequestV0(RequestStruct):
    FLEXIBLE_VERSION = True
    API_KEY = 51
    API_VERSION = 0
    RESPONSE_TYPE = AlterUserScramCredentialsResponseV0
    SCHEMA = Schema(
        ("deletions", CompactArray(("name", CompactString("utf-8")), ("mechanism", Int8), ("tags", TaggedFields))),
        (
            "upsertions",
            CompactArray(
                ("name", CompactString("utf-8")),
                ("mechanism", Int8),
                ("iterations", Int32),
                ("salt", CompactBytes),
                ("salted_password", CompactBytes),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class UpsertScramCredential(Request[AlterUserScramCredentialsRequestV0]):
    """Set one user's SCRAM-SHA-512 credential: the salted password, never the password itself."""

    API_KEY = 51

    def __init__(self, user: str, *, iterations: int, salt: bytes, salted_password: bytes) -> None:
        self._upsertion: tuple[Any, ...] = (user, SCRAM_SHA_512, iterations, salt, salted_password, {})

    def build(
        self, request_struct_class: type[AlterUserScramCredentialsRequestV0]
    ) -> AlterUserScramCredentialsRequestV0:
        return request_struct_class([], [self._upsertion], {})


AclBinding = tuple[int, str, int, str, int]
"""An ALLOW rule from any host: (resource type, name, pattern type, principal, operation), in
Kafka's numbers (the enums above)."""


class DescribeAclsOf(Request[DescribeAclsRequest_v1]):
    """Every ACL of one principal (`User:<name>`)."""

    API_KEY = 29

    def __init__(self, principal: str) -> None:
        self._principal = principal

    def build(self, request_struct_class: type[DescribeAclsRequest_v1]) -> DescribeAclsRequest_v1:
        return request_struct_class(
            ResourceType.ANY, None, PatternType.ANY, self._principal, None, AclOperation.ANY, AclPermission.ANY
        )


class CreateAcls(Request[CreateAclsRequest_v1]):
    API_KEY = 30

    def __init__(self, bindings: list[AclBinding]) -> None:
        self._creations: list[tuple[Any, ...]] = [
            (resource, name, pattern, principal, "*", operation, AclPermission.ALLOW)
            for resource, name, pattern, principal, operation in bindings
        ]

    def build(self, request_struct_class: type[CreateAclsRequest_v1]) -> CreateAclsRequest_v1:
        return request_struct_class(self._creations)
