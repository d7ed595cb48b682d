"""The whole platform on one machine: every service and the example handler as processes.

Used by `make run` (which waits for Ctrl-C) and by the end-to-end tests (which pick free ports
and their own database names so they never touch a running development platform). Each service
gets a database of its own on the stack's server, made at start when missing, and on the local
broker a Kafka principal of its own named like the service, with the ACLs of kafka_acls.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from egov_eid_sim.identities import IDENTITIES
from egov_localstack import paths
from egov_localstack.clamd import CLAMD_PORT, Clamd
from egov_localstack.databases import ensure_databases
from egov_localstack.processes import ManagedProcess, answers_ok, free_port, free_ports
from egov_localstack.stack import Connection, LocalStack, external_connection

if TYPE_CHECKING:
    from pathlib import Path


# NOTE: on one machine the catalog trusts tokens signed with this well-known key (`egov-stack
# token` mints them); an installation configures its identity provider's key instead.
LOCAL_AUTH_JWT_KEY = "egov-local-development-key-not-a-secret"
LOCAL_APPLICATION_TOKEN_KEY = "egov-local-application-tokens-not-a-secret"  # noqa: S105 - local only
# NOTE: the pay.egov simulator's development client (egov_pay_egov_sim.settings.LOCAL_CLIENTS).
LOCAL_PAYEGOV_SECRET = "egov-local-pay-egov-secret-not-a-secret"  # noqa: S105 - local only
# NOTE: the SMS simulator's development client (egov_sms_sim.settings.LOCAL_CLIENTS).
LOCAL_SMS_SECRET = "egov-local-sms-secret-not-a-secret"  # noqa: S105 - local only
LOCAL_CONTACTS_TOKEN_KEY = "egov-local-contacts-claim-check-not-a-secret"  # noqa: S105 - local only
LOCAL_PREFILL_TOKEN_KEY = "egov-local-prefill-not-a-secret"  # noqa: S105 - local only
LOCAL_AUDIT_SUBJECT_KEY = "egov-local-audit-subjects-not-a-secret"
LOCAL_SESSION_KEY = "egov-local-portal-sessions-not-a-secret"
# NOTE: the eID simulator's development client (egov_eid_sim.settings.LOCAL_CLIENTS).
LOCAL_EID_CLIENT = "egov-portal"
LOCAL_EID_SECRET = "egov-local-eid-secret-not-a-secret"  # noqa: S105 - local only
LOCAL_WORKSPACE_EID_CLIENT = "egov-workspace"
LOCAL_WORKSPACE_EID_SECRET = "egov-local-workspace-eid-secret-not-a-secret"  # noqa: S105 - local only
LOCAL_WORKSPACE_SESSION_KEY = "egov-local-workspace-sessions-not-a-secret"
LOCAL_FILES_TOKEN_KEY = "egov-local-files-not-a-secret"  # noqa: S105 - local only
PAY_EGOV = "pay-egov-sim"
MAIL = "mail"
E_DELIVERY = "e-delivery-sim"
SMS = "sms-sim"
REGIX = "regix-sim"
EID = "eid"


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    module: str
    port: int
    database: str | None
    """None for a simulator of a national system: no database, no Kafka principal."""
    extra_ports: tuple[tuple[str, int], ...] = ()
    """More ports it listens on, each given in an environment variable: (variable, port)."""


SERVICES = (
    ServiceSpec(PAY_EGOV, "egov_pay_egov_sim", 8020, None),
    ServiceSpec(E_DELIVERY, "egov_e_delivery_sim", 8021, None),
    ServiceSpec(SMS, "egov_sms_sim", 8022, None),
    ServiceSpec(REGIX, "egov_regix_sim", 8023, None),
    ServiceSpec(EID, "egov_eid_sim", 8024, None),
    ServiceSpec(MAIL, "egov_mail_sim", 8025, None, extra_ports=(("SMTP_PORT", 1025),)),
    ServiceSpec("catalog", "egov_catalog", 8001, "egov_catalog"),
    ServiceSpec("intake", "egov_intake", 8002, "egov_intake"),
    ServiceSpec("routing", "egov_routing", 8003, "egov_routing"),
    ServiceSpec("notifications", "egov_notifications", 8004, "egov_notifications"),
    ServiceSpec("registry-gateway", "egov_registry_gateway", 8005, "egov_registry"),
    ServiceSpec("workspace", "egov_workspace", 8006, "egov_workspace"),
    ServiceSpec("handler-sofia", "egov_example_handler", 8010, "egov_handler_sofia"),
)


def on_free_ports(database_prefix: str) -> tuple[ServiceSpec, ...]:
    """Every service on a free port with databases of its own (named with the prefix), so that a
    test run never touches a platform already running."""
    ports = iter(free_ports(sum(1 + len(spec.extra_ports) for spec in SERVICES)))
    return tuple(
        replace(
            spec,
            port=next(ports),
            database=database_prefix + spec.database if spec.database else None,
            extra_ports=tuple((variable, next(ports)) for variable, _ in spec.extra_ports),
        )
        for spec in SERVICES
    )


class Platform:
    def __init__(
        self,
        connection: Connection,
        run_dir: Path,
        *,
        services: tuple[ServiceSpec, ...] = SERVICES,
        extra_env: dict[str, str] | None = None,
        clamd_port: int = CLAMD_PORT,
    ):
        self.connection = connection
        self.services = services
        self.clamd = Clamd(run_dir, clamd_port)
        """ClamAV's daemon, which scans the files attached to applications (intake's CLAMD_PORT)."""
        self._run_dir = run_dir
        self._extra_env = extra_env or {}
        self._database_urls: dict[str, str] = {}
        self._replicas: dict[str, int] = {}
        self._ports: dict[str, int] = {}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self._spec(name).port}"

    def extra_port(self, name: str, variable: str) -> int:
        """Another port a service listens on (the mail server's SMTP port)."""
        return dict(self._spec(name).extra_ports)[variable]

    def _spec(self, name: str) -> ServiceSpec:
        return next(spec for spec in self.services if spec.name == name)

    def process(self, name: str) -> ManagedProcess:
        return ManagedProcess(name, self._run_dir, die_with_parent=True)

    def replicas(self, name: str) -> list[ManagedProcess]:
        """Every process of a service: the first, then the replicas started since."""
        count = self._replicas.get(name, 1)
        return [self.process(name), *(self.process(f"{name}-{index}") for index in range(2, count + 1))]

    def database_url(self, name: str) -> str:
        """The URL of a service's own database."""
        database = next(spec.database for spec in self.services if spec.name == name)
        if database is None:
            raise ValueError(f"{name} has no database")
        return self._database_urls[database]

    def start(self, timeout: float = 90.0) -> None:
        self._database_urls = ensure_databases(
            self.connection.database_url,
            [spec.database for spec in self.services if spec.database is not None],
            own_roles=self.connection.local,
        )
        if (principals := self.connection.kafka_principals) is not None:
            users = [spec.name for spec in self.services if spec.database is not None]
            principals.grant(self.connection.kafka_bootstrap_servers, users)
        self.clamd.start(timeout)
        for spec in self.services:
            self._start_process(spec, spec.name, spec.port)
        for spec in self.services:
            self._wait_ready(spec.name, f"http://127.0.0.1:{spec.port}", timeout)

    def start_replica(self, name: str, timeout: float = 90.0) -> str:
        """Another process of a running service, on a port of its own; its URL."""
        spec = next(spec for spec in self.services if spec.name == name)
        self._replicas[name] = self._replicas.get(name, 1) + 1
        replica, port = f"{name}-{self._replicas[name]}", free_port()
        self._start_process(spec, replica, port)
        url = f"http://127.0.0.1:{port}"
        self._wait_ready(replica, url, timeout)
        return url

    def kill(self, name: str) -> None:
        """SIGKILL every process of a service: a crash, not a shutdown (ManagedProcess.kill)."""
        for process in self.replicas(name):
            process.kill()

    def restart(self, name: str, timeout: float = 90.0) -> None:
        """Start again each process of a service that is not running (after `kill`), on its port
        and with its settings as before; return once every one answers ready."""
        spec = next(spec for spec in self.services if spec.name == name)
        processes = self.replicas(name)
        for process in processes:
            if process.pid() is None:
                self._start_process(spec, process.name, self._ports[process.name])
        for process in processes:
            self._wait_ready(process.name, f"http://127.0.0.1:{self._ports[process.name]}", timeout)

    def stop(self) -> None:
        for spec in reversed(self.services):
            for process in reversed(self.replicas(spec.name)):
                process.stop(timeout=15.0)
        self.clamd.stop()

    def _start_process(self, spec: ServiceSpec, process_name: str, port: int) -> None:
        if spec.database is None:
            env = {
                **self._extra_env,
                "HTTP_PORT": str(port),
                **{variable: str(extra) for variable, extra in spec.extra_ports},
            }
            if spec.name == MAIL:
                # NOTE: on disk beside the logs: what arrived survives a restart of the server.
                env["MAIL_SIM_DIRECTORY"] = str(self._run_dir / "mail")
            if spec.name == EID:
                # NOTE: the signing key survives a restart, so ID tokens issued before still verify.
                env["EID_SIM_KEY_FILE"] = str(self._run_dir / "eid-key.json")
                env["EID_SIM_CLIENTS"] = json.dumps(self._eid_clients())
            self.process(process_name).start([sys.executable, "-m", spec.module], env=env)
            self._ports[process_name] = port
            return
        env = {
            **self.connection.as_env(),
            "AUTH_JWT_KEY": LOCAL_AUTH_JWT_KEY,
            "APPLICATION_TOKEN_KEY": LOCAL_APPLICATION_TOKEN_KEY,
            "PAYEGOV_SECRET": LOCAL_PAYEGOV_SECRET,
            "SMS_API_SECRET": LOCAL_SMS_SECRET,
            "CONTACTS_TOKEN_KEY": LOCAL_CONTACTS_TOKEN_KEY,
            "PREFILL_TOKEN_KEY": LOCAL_PREFILL_TOKEN_KEY,
            "AUDIT_SUBJECT_KEY": LOCAL_AUDIT_SUBJECT_KEY,
            "SESSION_KEY": LOCAL_SESSION_KEY,
            "EID_CLIENT_ID": LOCAL_EID_CLIENT,
            "EID_CLIENT_SECRET": LOCAL_EID_SECRET,
            # NOTE: on one machine, every webhook receiver is on a private address.
            "WEBHOOK_ALLOW_PRIVATE": "true",
            **self._national_systems(),
            "FILES_TOKEN_KEY": LOCAL_FILES_TOKEN_KEY,
            **(self._attachments() if spec.name == "intake" else {}),
            **(self._workspace() if spec.name == "workspace" else {}),
            **self._extra_env,
            "DATABASE_URL": self._database_urls[spec.database],
            "HTTP_PORT": str(port),
            **self._kafka_principal(spec),
        }
        self.process(process_name).start([sys.executable, "-m", spec.module], env=env)
        self._ports[process_name] = port

    def _eid_clients(self) -> dict[str, object]:
        """The portal and the workspace as the eID simulator's clients, at the ports intake and the
        workspace were given."""
        names = {spec.name for spec in self.services}
        portal = self.url("intake") if "intake" in names else "http://127.0.0.1:8002"
        workspace = self.url("workspace") if "workspace" in names else "http://127.0.0.1:8006"
        return {
            LOCAL_EID_CLIENT: _eid_client(LOCAL_EID_SECRET, portal),
            LOCAL_WORKSPACE_EID_CLIENT: _eid_client(LOCAL_WORKSPACE_EID_SECRET, workspace),
        }

    def _workspace(self) -> dict[str, str]:
        """The workspace's own client at the eID and session key, and the demo employees (those of
        the eID simulator's demo people who work for an administration), as its staff."""
        return {
            "EID_CLIENT_ID": LOCAL_WORKSPACE_EID_CLIENT,
            "EID_CLIENT_SECRET": LOCAL_WORKSPACE_EID_SECRET,
            "SESSION_KEY": LOCAL_WORKSPACE_SESSION_KEY,
            "SEED_STAFF": json.dumps(demo_staff()),
        }

    def _attachments(self) -> dict[str, str]:
        """Where intake keeps attached files (one folder for all its replicas) and has them scanned."""
        return {
            "BLOB_DIR": str(self._run_dir / "blobs"),
            "CLAMD_HOST": "127.0.0.1",
            "CLAMD_PORT": str(self.clamd.port),
        }

    def _national_systems(self) -> dict[str, str]:
        """Where the services reach each other, the simulators of national systems and the mail
        server, and where they are called back."""
        names = {spec.name for spec in self.services}
        env: dict[str, str] = {}
        if PAY_EGOV in names and "routing" in names:
            env["PAYEGOV_URL"] = self.url(PAY_EGOV)
            env["PAYMENT_CALLBACK_URL"] = f"{self.url('routing')}/payments/pay-egov"
        if "intake" in names:
            env |= {"INTAKE_URL": self.url("intake"), "PORTAL_URL": self.url("intake")}
        if "workspace" in names:
            env["WORKSPACE_URL"] = self.url("workspace")
        if EID in names:
            env["EID_ISSUER"] = f"{self.url(EID)}/realms/eid"
        if E_DELIVERY in names:
            env["E_DELIVERY_URL"] = self.url(E_DELIVERY)
        if SMS in names:
            env["SMS_URL"] = self.url(SMS)
        if REGIX in names:
            env["REGIX_URL"] = f"{self.url(REGIX)}/RegiXEntryPoint.svc"
        if "registry-gateway" in names:
            env["REGISTRY_GATEWAY_URL"] = self.url("registry-gateway")
        if MAIL in names:
            env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.extra_port(MAIL, "SMTP_PORT"))}
        return env

    def _kafka_principal(self, spec: ServiceSpec) -> dict[str, str]:
        """On the local broker, each process is its own principal (its name); on a given cluster,
        the credentials in the environment are used as they are."""
        principals = self.connection.kafka_principals
        return principals.client_env(spec.name) if principals is not None else {}

    def _wait_ready(self, process_name: str, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        process = self.process(process_name)
        while time.monotonic() < deadline:
            if process.pid() is None:
                raise RuntimeError(f"{process_name} exited during start; see {process.log_file}")
            if answers_ok(f"{url}/health/ready"):
                return
            time.sleep(0.3)
        raise TimeoutError(f"{process_name} was not ready within {timeout:.0f}s; see {process.log_file}")


def _eid_client(secret: str, base_url: str) -> dict[str, object]:
    """An eID client that returns to `base_url` (as 127.0.0.1 and as localhost)."""
    bases = [base_url, base_url.replace("127.0.0.1", "localhost")]
    return {
        "secret": secret,
        "redirect_uris": [f"{base}/auth/callback" for base in bases],
        "post_logout_redirect_uris": [f"{base}/" for base in bases],
    }


def demo_staff() -> list[dict[str, str]]:
    """The eID simulator's demo people who work for an administration, in their workspace roles:
    a head of unit, an administration's admin, and clerks."""
    staff = []
    for person in IDENTITIES:
        if person.administration is None:
            continue
        role = (
            "head_of_unit"
            if "head-of-unit" in person.roles
            else "admin"
            if "administration-admin" in person.roles
            else "clerk"
        )
        name = f"{person.given_name} {person.family_name}"
        staff.append({"administration_id": person.administration, "person": person.egn, "name": name, "role": role})
    return staff


def run_platform(stack: LocalStack) -> int:
    """Start the stack (unless URLs are given) and every service; stop all on Ctrl-C or SIGTERM."""
    given = external_connection()
    connection = given or stack.start()
    platform = Platform(connection, paths.LOCAL_DIR / "run" / "platform")
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        print("starting services ...", flush=True)
        platform.start()
        print("\nThe platform is running:")
        print(f"  {'portal':<17} {platform.url('intake')}/")
        print(f"  {'workspace':<17} {platform.url('workspace')}/")
        for spec in platform.services:
            if spec.name == EID:
                print(f"  {spec.name:<17} {platform.url(EID)}/realms/eid/.well-known/openid-configuration")
            elif spec.name != MAIL:
                print(f"  {spec.name:<17} {platform.url(spec.name)}/docs")
        print(f"  mail              {platform.url(MAIL)}  (SMTP 127.0.0.1:{platform.extra_port(MAIL, 'SMTP_PORT')})")
        print(f"  kafka             {connection.kafka_bootstrap_servers}")
        print(f"  postgresql        {connection.database_url}")
        print(f"  clamd             127.0.0.1:{platform.clamd.port}")
        print("demo people at the eID (citizens log in to the portal at any level; staff to the workspace at")
        print("eid_substantial or eid_high, with the role the workspace gives them):")
        for person in IDENTITIES:
            print(f"  {person.key:<17} {person.egn}  {person.given_name} {person.family_name}: {person.description}")
        print(f"logs: {paths.LOCAL_DIR / 'run' / 'platform'}/*.log\nPress Ctrl-C to stop.", flush=True)
        stopping.wait()
    finally:
        print("\nstopping ...", flush=True)
        platform.stop()
        if given is None:
            stack.stop()
        print("stopped.")
    return 0
