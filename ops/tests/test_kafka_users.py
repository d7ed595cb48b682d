"""An administration's Kafka principal: its id checked as the catalog checks it, its ACLs those of
the platform's table, its credential what SCRAM keeps."""

import hashlib

import pytest

from egov_localstack.kafka_acls import administration_grants
from egov_ops.kafka_admin_api import (
    AclOperation,
    DescribeUserScramCredentials,
    DescribeUserScramCredentialsRequestV0,
    PatternType,
    ResourceType,
)
from egov_ops.kafka_user_view import done_lines, handler_settings
from egov_ops.kafka_users import KafkaUser, NotAnAdministration, administration_principal, salted_password, wanted_acls
from egov_schemas import topics


@pytest.mark.parametrize("administration", ["burgas", "burgas-district", "veliko-tarnovo", "s1"])
def test_an_administration_id_names_its_handler(administration):
    assert administration_principal(administration) == f"handler-{administration}"


@pytest.mark.parametrize(
    "given", ["Burgas", "burgas_district", "-burgas", "burgas--district", "b", "a" * 64, "", "x y"]
)
def test_what_is_no_administration_id_is_refused(given):
    with pytest.raises(NotAnAdministration, match="not an administration id"):
        administration_principal(given)


def test_the_acls_are_the_tables_rules_one_per_operation_for_that_principal_only():
    acls = wanted_acls("handler-burgas", administration_grants("burgas"))

    assert len(acls) == sum(len(grant.operations) for grant in administration_grants("burgas"))
    assert {principal for _, _, _, principal, _ in acls} == {"User:handler-burgas"}
    inbox = topics.admin_inbox("burgas")
    assert (ResourceType.TOPIC, inbox, PatternType.LITERAL, "User:handler-burgas", AclOperation.READ) in acls
    assert (ResourceType.TOPIC, inbox, PatternType.LITERAL, "User:handler-burgas", AclOperation.WRITE) not in acls
    assert (ResourceType.GROUP, "handler.burgas", PatternType.LITERAL, "User:handler-burgas", AclOperation.READ) in acls


def test_the_salted_password_is_pbkdf2_with_sha512_and_depends_on_the_salt():
    salted = salted_password("secret", b"salt", 4096)

    assert salted == hashlib.pbkdf2_hmac("sha512", b"secret", b"salt", 4096)
    assert len(salted) == 64
    assert salted != salted_password("secret", b"pepper", 4096)


def test_a_credential_request_is_encoded_as_kafkas_flexible_message():
    request = DescribeUserScramCredentials(["handler-x"]).build(DescribeUserScramCredentialsRequestV0)

    # NOTE: a compact array of one (1 + 1), a compact string (length + 1), empty tagged fields twice.
    assert request.encode() == b"\x02\x0ahandler-x\x00\x00"


def test_a_run_that_found_everything_changed_nothing():
    kept = KafkaUser("handler-burgas", "kept", 0, 10, 0, (), None)

    assert not kept.changed
    assert KafkaUser("handler-burgas", "kept", 1, 9, 0, (), None).changed
    assert KafkaUser("handler-burgas", "created", 10, 0, 0, (), "pw").changed


def test_what_a_run_did_is_said_and_a_run_that_found_everything_says_nothing_changed():
    made = KafkaUser("handler-burgas", "created", 13, 0, 0, ("egov.inbox.burgas",), "pw")
    found = KafkaUser("handler-burgas", "kept", 0, 13, 1, (), None)

    assert done_lines(made, "burgas", create_topics=True) == [
        "handler-burgas: SCRAM-SHA-512 credential created",
        "handler-burgas: 13 ACL(s) created, 0 already there",
        "topics created: egov.inbox.burgas",
    ]
    said = done_lines(found, "burgas", create_topics=True)
    assert "burgas's topics were all there" in said
    assert "nothing changed: handler-burgas's credential, ACLs and topics were all there" in said
    assert any("1 ACL(s) not in the platform's table, left as they are" in line for line in said)


def test_the_handlers_settings_show_a_generated_password_once_and_never_a_kept_one():
    made = KafkaUser("handler-burgas", "created", 13, 0, 0, (), "generated-pw")
    found = KafkaUser("handler-burgas", "kept", 0, 13, 0, (), None)

    assert handler_settings(made, "SASL_SSL", None)[1:5] == [
        "KAFKA_SECURITY_PROTOCOL=SASL_SSL",
        "KAFKA_SASL_MECHANISM=SCRAM-SHA-512",
        "KAFKA_USERNAME=handler-burgas",
        "KAFKA_PASSWORD=generated-pw",
    ]
    assert "KAFKA_PASSWORD=<the password it was given>" in handler_settings(found, "SASL_SSL", None)
    from_file = KafkaUser("handler-burgas", "created", 13, 0, 0, (), None)
    assert "KAFKA_PASSWORD=<the password in /run/pw>" in handler_settings(from_file, "SASL_SSL", "/run/pw")
    assert "KAFKA_SECURITY_PROTOCOL=<SASL_SSL or SASL_PLAINTEXT>" in handler_settings(found, "PLAINTEXT", None)
