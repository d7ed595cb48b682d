"""The local stack: one KRaft Kafka node and one PostgreSQL server on loopback.

When `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` are both set, those are used and nothing is
started: an existing cluster, or containers started by testcontainers where Docker exists.

PostgreSQL comes from Debian's `postgresql` package. The server refuses to run as root, so
when we are root it runs as the package's `postgres` user, in a data folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from egov_localstack import paths
from egov_localstack.jvm import kafka_java
from egov_localstack.kafka_acls import handler_principal
from egov_localstack.kafka_auth import ADMIN, KafkaPrincipals
from egov_localstack.processes import ManagedProcess, free_ports, wait_for_port

KAFKA_READY_LINE = "Kafka Server started"
POSTGRES_USER = "postgres"
POSTGRES_SUPERUSER = "egov"
# NOTE: a throwaway development server: durability is traded for speed (never in production).
POSTGRES_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "256MB",
    "shared_preload_libraries": "pg_stat_statements",
    "wal_level": "minimal",
    "max_wal_senders": "0",
}
# NOTE: what a server killed with SIGKILL needs to keep every commit it acknowledged. With
# synchronous_commit off, a commit returns before its WAL leaves the server's memory, and the
# last fraction of a second of commits dies with the process (the chaos test lost acknowledged
# work this way). fsync may stay off: the operating system, which is not killed, still writes
# what the server handed it.
CRASH_SAFE_POSTGRES_SETTINGS = {"synchronous_commit": "on"}


@dataclass(frozen=True)
class StackPorts:
    kafka: int = 9092
    kafka_controller: int = 9093
    postgres: int = 55432

    @classmethod
    def from_env(cls) -> StackPorts:
        return cls(
            kafka=int(os.environ.get("LOCAL_KAFKA_PORT", cls.kafka)),
            kafka_controller=int(os.environ.get("LOCAL_KAFKA_CONTROLLER_PORT", cls.kafka_controller)),
            postgres=int(os.environ.get("LOCAL_POSTGRES_PORT", cls.postgres)),
        )


@dataclass(frozen=True)
class Connection:
    """Where the stack is: Kafka, and the PostgreSQL server (its URL names a database to connect
    to for administration; each service gets a database of its own on that server)."""

    kafka_bootstrap_servers: str
    database_url: str
    local: bool = False
    kafka_principals: KafkaPrincipals | None = None
    """The local broker's principals; None on a given cluster, whose credentials come from the
    environment (KAFKA_USERNAME, ...) and are passed on as they are."""

    def as_env(self) -> dict[str, str]:
        """The connection as the SDK's settings; on the local broker, as its super user."""
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap_servers,
            "DATABASE_URL": self.database_url,
            **(self.kafka_principals.client_env(ADMIN) if self.kafka_principals else {}),
        }


def external_connection() -> Connection | None:
    """The connection given by the environment, if both URLs are set."""
    kafka, database = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("DATABASE_URL")
    return Connection(kafka, database) if kafka and database else None


@dataclass
class LocalStack:
    """Kafka and PostgreSQL processes whose data, logs and pid files live under `base_dir`."""

    base_dir: Path = paths.LOCAL_DIR
    ports: StackPorts = field(default_factory=StackPorts.from_env)
    die_with_caller: bool = False
    postgres_settings: dict[str, str] = field(default_factory=dict)
    """Server settings over `POSTGRES_SETTINGS` (e.g. `CRASH_SAFE_POSTGRES_SETTINGS`)."""

    @classmethod
    def throwaway(cls, prefix: str, *, postgres_settings: dict[str, str] | None = None) -> LocalStack:
        """A stack of its own on free ports in a new temporary folder (tests, benchmarks), ended
        with its caller; the caller removes `base_dir` when done.

        NOTE: a folder of `tempfile`'s, readable by others: PostgreSQL runs as its own user and
        must reach its data folder (pytest's temporary folders are private to root).
        """
        base_dir = Path(tempfile.mkdtemp(prefix=prefix))
        os.chmod(base_dir, 0o755)  # noqa: S103 - read by the postgres user
        kafka, kafka_controller, postgres = free_ports(3)
        ports = StackPorts(kafka=kafka, kafka_controller=kafka_controller, postgres=postgres)
        return cls(base_dir=base_dir, ports=ports, die_with_caller=True, postgres_settings=postgres_settings or {})

    @property
    def run_dir(self) -> Path:
        return self.base_dir / "run"

    @property
    def kafka(self) -> ManagedProcess:
        return ManagedProcess("kafka", self.run_dir, self.die_with_caller)

    @property
    def postgres(self) -> ManagedProcess:
        # NOTE: SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
        return ManagedProcess("postgres", self.run_dir, self.die_with_caller, stop_signal=signal.SIGINT)

    @property
    def connection(self) -> Connection:
        return Connection(
            kafka_bootstrap_servers=f"127.0.0.1:{self.ports.kafka}",
            database_url=f"postgresql://{POSTGRES_SUPERUSER}@127.0.0.1:{self.ports.postgres}/postgres",
            local=True,
            kafka_principals=self.kafka_principals,
        )

    @property
    def kafka_principals(self) -> KafkaPrincipals:
        return KafkaPrincipals(self.base_dir / "kafka" / "secret")

    def grant_handler(self, administration: str) -> dict[str, str]:
        """Make the principal of an administration's handler with its ACLs on this stack's broker
        (again: nothing changes); the settings its process authenticates with."""
        principal = handler_principal(administration)
        self.kafka_principals.grant(self.connection.kafka_bootstrap_servers, [principal])
        return self.kafka_principals.client_env(principal)

    def start(self, timeout: float = 90.0) -> Connection:
        self.start_postgres(timeout)
        self.start_kafka(timeout)
        return self.connection

    def stop(self) -> None:
        self.stop_kafka()
        self.stop_postgres()

    def start_postgres(self, timeout: float = 60.0) -> None:
        if self.postgres.pid() is not None:
            return
        data_dir = self.base_dir / "postgres"
        user = POSTGRES_USER if os.geteuid() == 0 else None
        if not (data_dir / "PG_VERSION").exists():
            self._init_postgres(data_dir, user)
        settings = [
            f"-c{name}={value}"
            for name, value in {
                **POSTGRES_SETTINGS,
                **self.postgres_settings,
                "unix_socket_directories": str(data_dir),
            }.items()
        ]
        self.postgres.start(
            [_postgres_bin("postgres"), "-D", str(data_dir), "-p", str(self.ports.postgres), *settings], user=user
        )
        wait_for_port("127.0.0.1", self.ports.postgres, timeout, process=self.postgres)
        _wait_until_accepting(self.connection.database_url, timeout, self.postgres)

    def stop_postgres(self) -> None:
        self.postgres.stop(timeout=30.0)

    def _init_postgres(self, data_dir: Path, user: str | None) -> None:
        if data_dir.exists():
            shutil.rmtree(data_dir)
        data_dir.mkdir(parents=True)
        if user is not None:
            account = pwd.getpwnam(user)
            os.chown(data_dir, account.pw_uid, account.pw_gid)
        result = subprocess.run(  # noqa: S603 - fixed argv
            [
                _postgres_bin("initdb"),
                "-D",
                str(data_dir),
                "-U",
                POSTGRES_SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            capture_output=True,
            text=True,
            user=user,
            group=user,
            extra_groups=[] if user else None,
            check=False,
        )
        if result.returncode != 0:
            hint = f" (the {user} user must be able to reach {data_dir})" if user else ""
            raise RuntimeError(f"initdb failed{hint}: {result.stderr.strip()}")

    def start_kafka(self, timeout: float = 90.0) -> None:
        _require(paths.KAFKA_LIBS / ".complete", "make stack-deps")
        if self.kafka.pid() is not None:
            return
        kafka_dir = self.base_dir / "kafka"
        logs_dir = kafka_dir / "logs"
        logs_dir.mkdir(parents=True, exist_ok=True)
        props = kafka_dir / "server.properties"
        if not self.kafka_principals.secret_file.exists():
            # NOTE: a data folder formatted before the stack had authentication has no super user.
            shutil.rmtree(kafka_dir / "data", ignore_errors=True)
        props.touch()
        props.chmod(0o600)  # NOTE: it holds the super user's password
        props.write_text(_server_properties(self.ports, kafka_dir / "data", self.kafka_principals))
        if not (kafka_dir / "data" / "meta.properties").exists():
            self._format_storage(props)
        server_log = logs_dir / "server.log"
        offset = server_log.stat().st_size if server_log.exists() else 0
        self.kafka.start(kafka_java("kafka.Kafka", str(props), logs_dir=logs_dir))
        wait_for_port("127.0.0.1", self.ports.kafka, timeout, process=self.kafka)
        _wait_for_log_line(server_log, offset, KAFKA_READY_LINE, timeout, self.kafka)

    def stop_kafka(self) -> None:
        self.kafka.stop()

    def _format_storage(self, props: Path) -> None:
        logs_dir = props.parent / "logs"
        cluster_id = subprocess.run(  # noqa: S603 - fixed argv
            kafka_java("kafka.tools.StorageTool", "random-uuid", logs_dir=logs_dir),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        subprocess.run(  # noqa: S603 - fixed argv
            kafka_java(
                "kafka.tools.StorageTool",
                *("format", "-t", cluster_id, "-c", str(props), *self.kafka_principals.format_arguments()),
                logs_dir=logs_dir,
            ),
            check=True,
            capture_output=True,
        )


def _server_properties(ports: StackPorts, data_dir: Path, principals: KafkaPrincipals) -> str:
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{ports.kafka_controller}",
        "listeners": f"SASL_PLAINTEXT://127.0.0.1:{ports.kafka},CONTROLLER://127.0.0.1:{ports.kafka_controller}",
        "advertised.listeners": f"SASL_PLAINTEXT://127.0.0.1:{ports.kafka}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "SASL_PLAINTEXT",
        **principals.broker_settings(),
        "log.dirs": str(data_dir),
        "num.partitions": "1",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "5",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        # NOTE: one node on a small machine: a few threads do, and switching between many costs.
        "num.network.threads": "2",
        "num.io.threads": "2",
        # NOTE: topics are created on purpose by the services (with their cleanup policy), so a
        # typo in a topic name fails loudly instead of creating a topic nobody reads.
        "auto.create.topics.enable": "false",
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


def _wait_for_log_line(log: Path, offset: int, line: str, timeout: float, process: ManagedProcess) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.pid() is None:
            raise RuntimeError(f"{process.name} exited during start; see {log}")
        if log.exists():
            with log.open("rb") as handle:
                handle.seek(offset)
                if line.encode() in handle.read():
                    return
        time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not log {line!r} within {timeout:.0f}s; see {log}")


def _postgres_bin(name: str) -> str:
    """A PostgreSQL server program: from `LOCAL_POSTGRES_BIN`, else the newest Debian package."""
    if configured := os.environ.get("LOCAL_POSTGRES_BIN"):
        return str(Path(configured) / name)
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[4]))
    if not found:
        raise FileNotFoundError(f"PostgreSQL's {name} is missing; install Debian's postgresql package")
    return found[-1]


def _wait_until_accepting(url: str, timeout: float, process: ManagedProcess) -> None:
    """Wait until the server accepts sessions (it opens its port before recovery ends)."""
    import asyncio

    import asyncpg

    async def accepting() -> bool:
        try:
            connection = await asyncpg.connect(url, timeout=2)
        except (OSError, asyncpg.PostgresError):
            return False
        await connection.close()
        return True

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.pid() is None:
            raise RuntimeError(f"{process.name} exited during start; see {process.log_file}")
        if asyncio.run(accepting()):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not accept connections within {timeout:.0f}s; see {process.log_file}")


def _require(path: Path, how: str) -> None:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `{how}` first")
