"""Authentication on the local broker: SASL/SCRAM users, their passwords, and granting ACLs.

The stack keeps one random secret in its Kafka folder; every principal's password is derived
from it (HMAC), so `egov-stack` commands run later find the same passwords without a file of
them. The `admin` super user is written into the storage at format time (the broker needs it
before any Admin call can be made); every other principal is created with its ACLs by
`GrantAccess.java`, through Kafka's own Admin client.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_localstack import paths
from egov_localstack.jvm import kafka_java
from egov_localstack.kafka_acls import grants_of

if TYPE_CHECKING:
    from pathlib import Path

ADMIN = "admin"
MECHANISM = "SCRAM-SHA-512"
PROTOCOL = "SASL_PLAINTEXT"
GRANT_TOOL = paths.REPO_ROOT / "deploy" / "local" / "kafka" / "GrantAccess.java"


@dataclass(frozen=True)
class KafkaPrincipals:
    """The principals of one local broker, whose secret lives in `secret_file`."""

    secret_file: Path

    def password(self, principal: str) -> str:
        if not self.secret_file.exists():
            self.secret_file.parent.mkdir(parents=True, exist_ok=True)
            self.secret_file.write_text(secrets.token_hex(32))
            self.secret_file.chmod(0o600)
        key = bytes.fromhex(self.secret_file.read_text().strip())
        return hmac.new(key, principal.encode(), hashlib.sha256).hexdigest()

    def client_env(self, principal: str) -> dict[str, str]:
        """The SDK's settings for a process that authenticates as `principal`."""
        return {
            "KAFKA_SECURITY_PROTOCOL": PROTOCOL,
            "KAFKA_SASL_MECHANISM": MECHANISM,
            "KAFKA_USERNAME": principal,
            "KAFKA_PASSWORD": self.password(principal),
        }

    def format_arguments(self) -> list[str]:
        """`kafka-storage format` arguments that bootstrap the super user."""
        return ["--add-scram", f"{MECHANISM}=[name={ADMIN},password={self.password(ADMIN)}]"]

    def broker_settings(self) -> dict[str, str]:
        """server.properties entries: SCRAM on the client listener, ACLs, `admin` above them.

        NOTE: the broker reaches its controller (in the same process) as `admin` too, with SASL
        PLAIN against a static user: SCRAM credentials live in the metadata the controller
        serves, so they cannot authenticate the controller listener itself. A PLAINTEXT
        controller listener would make ANONYMOUS a super user for anyone on the machine.
        """
        admin = f'username="{ADMIN}" password="{self.password(ADMIN)}"'
        return {
            "listener.security.protocol.map": "CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
            "sasl.enabled.mechanisms": MECHANISM,
            "sasl.mechanism.inter.broker.protocol": MECHANISM,
            "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config": (
                f"org.apache.kafka.common.security.scram.ScramLoginModule required {admin};"
            ),
            "sasl.mechanism.controller.protocol": "PLAIN",
            "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
            "listener.name.controller.plain.sasl.jaas.config": (
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                f'{admin} user_{ADMIN}="{self.password(ADMIN)}";'
            ),
            "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users": f"User:{ADMIN}",
        }

    def grant(self, bootstrap_servers: str, principals: list[str]) -> None:
        """Create `principals` (SCRAM users) with their ACLs from the table in kafka_acls."""
        lines = []
        for principal in principals:
            lines.append(f"user {principal} {self.password(principal)}")
            lines += [
                f"acl {principal} {grant.resource} {grant.pattern} {grant.name} {operation}"
                for grant in grants_of(principal)
                for operation in grant.operations
            ]
        env = {**os.environ, "KAFKA_ADMIN_USERNAME": ADMIN, "KAFKA_ADMIN_PASSWORD": self.password(ADMIN)}
        result = subprocess.run(  # noqa: S603 - fixed argv
            kafka_java(str(GRANT_TOOL), bootstrap_servers, logs_dir=self.secret_file.parent / "logs"),
            input="\n".join(lines),
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"granting Kafka access to {', '.join(principals)} failed: {result.stderr.strip()}")
