"""`egov-ops kafka-user` on screen: what was made (or found), and the handler's settings next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_ops.kafka_users import MECHANISM
from egov_schemas import topics

if TYPE_CHECKING:
    from egov_ops.kafka_users import KafkaUser

_CREDENTIAL = {
    "created": "SCRAM-SHA-512 credential created",
    "replaced": "SCRAM-SHA-512 credential set to the password of the file",
    "kept": "SCRAM-SHA-512 credential already there, left as it is",
}


def done_lines(user: KafkaUser, administration: str, *, create_topics: bool) -> list[str]:
    lines = [
        f"{user.principal}: {_CREDENTIAL[user.credential]}",
        f"{user.principal}: {user.acls_created} ACL(s) created, {user.acls_kept} already there",
    ]
    if user.acls_not_in_table:
        lines.append(
            f"{user.principal}: {user.acls_not_in_table} ACL(s) not in the platform's table, left as they are "
            "(remove them with kafka-acls.sh if they are not wanted)"
        )
    if user.topics_created:
        lines.append(f"topics created: {', '.join(user.topics_created)}")
    elif create_topics:
        lines.append(f"{administration}'s topics were all there")
    else:
        lines.append(
            f"{administration}'s topics ({', '.join(topics.administration_topics(administration))}) are made by "
            "the catalog when it registers the administration, or by this command with --create-topics"
        )
    if not user.changed:
        what = "credential, ACLs and topics" if create_topics else "credential and ACLs"
        lines.append(f"nothing changed: {user.principal}'s {what} were all there")
    return lines


def handler_settings(user: KafkaUser, security_protocol: str, password_file: str | None) -> list[str]:
    """The settings the administration's handler runs with, as `NAME=value` lines."""
    if user.generated_password is not None:
        password = f"KAFKA_PASSWORD={user.generated_password}"
        note = "the password is shown this once: put it in the handler's secret store now"
    elif password_file:
        password, note = f"KAFKA_PASSWORD=<the password in {password_file}>", ""
    else:
        password, note = "KAFKA_PASSWORD=<the password it was given>", "its password is unchanged"
    protocol = security_protocol if security_protocol.startswith("SASL_") else "<SASL_SSL or SASL_PLAINTEXT>"
    return [
        "next: run the administration's handler with",
        f"KAFKA_SECURITY_PROTOCOL={protocol}",
        f"KAFKA_SASL_MECHANISM={MECHANISM}",
        f"KAFKA_USERNAME={user.principal}",
        password,
        *([note] if note else []),
    ]


def kubernetes_comments(name: str, namespace: str | None) -> str:
    """What to do with the manifest, as YAML comments before it (so the output pipes to kubectl)."""
    where = f" -n {namespace}" if namespace else ""
    return "\n".join(
        [
            f"# Apply: egov-ops kafka-user ... --kubernetes | kubectl apply{where} -f -",
            f"# Strimzi's User Operator then writes the password into the Secret {name} (key `password`).",
            "# Next: run the administration's handler with KAFKA_SECURITY_PROTOCOL=SASL_SSL (or the cluster's",
            f"# SASL listener's), KAFKA_SASL_MECHANISM={MECHANISM}, KAFKA_USERNAME={name} and",
            f"# KAFKA_PASSWORD from the Secret {name}, key `password`.",
            "# A user the chart manages instead: list the administration under `administrations` in its values.",
            "",
        ]
    )
