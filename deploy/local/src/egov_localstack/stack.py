"""The local stack: one KRaft Kafka node and one FerretDB (SQLite) server on loopback.

When `KAFKA_BOOTSTRAP_SERVERS` and `MONGODB_URL` are both set, those are used and nothing is
started: an existing cluster, or containers started by testcontainers where Docker exists.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from egov_localstack import paths
from egov_localstack.processes import ManagedProcess, wait_for_port

KAFKA_READY_LINE = "Kafka Server started"


@dataclass(frozen=True)
class StackPorts:
    kafka: int = 9092
    kafka_controller: int = 9093
    ferretdb: int = 27017

    @classmethod
    def from_env(cls) -> StackPorts:
        return cls(
            kafka=int(os.environ.get("LOCAL_KAFKA_PORT", cls.kafka)),
            kafka_controller=int(os.environ.get("LOCAL_KAFKA_CONTROLLER_PORT", cls.kafka_controller)),
            ferretdb=int(os.environ.get("LOCAL_FERRETDB_PORT", cls.ferretdb)),
        )


@dataclass(frozen=True)
class Connection:
    kafka_bootstrap_servers: str
    mongodb_url: str

    def as_env(self) -> dict[str, str]:
        return {"KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap_servers, "MONGODB_URL": self.mongodb_url}


def external_connection() -> Connection | None:
    """The connection given by the environment, if both URLs are set."""
    kafka, mongo = os.environ.get("KAFKA_BOOTSTRAP_SERVERS"), os.environ.get("MONGODB_URL")
    return Connection(kafka, mongo) if kafka and mongo else None


@dataclass
class LocalStack:
    """Kafka and FerretDB processes whose data, logs and pid files live under `base_dir`."""

    base_dir: Path = paths.LOCAL_DIR
    ports: StackPorts = field(default_factory=StackPorts.from_env)
    die_with_caller: bool = False

    @property
    def run_dir(self) -> Path:
        return self.base_dir / "run"

    @property
    def kafka(self) -> ManagedProcess:
        return ManagedProcess("kafka", self.run_dir, self.die_with_caller)

    @property
    def ferretdb(self) -> ManagedProcess:
        return ManagedProcess("ferretdb", self.run_dir, self.die_with_caller)

    @property
    def connection(self) -> Connection:
        return Connection(
            kafka_bootstrap_servers=f"127.0.0.1:{self.ports.kafka}",
            mongodb_url=f"mongodb://127.0.0.1:{self.ports.ferretdb}/",
        )

    def start(self, timeout: float = 90.0) -> Connection:
        self.start_ferretdb(timeout)
        self.start_kafka(timeout)
        return self.connection

    def stop(self) -> None:
        self.stop_kafka()
        self.ferretdb.stop()

    def start_ferretdb(self, timeout: float = 30.0) -> None:
        _require(paths.FERRETDB_BIN, "make stack-deps")
        data_dir = self.base_dir / "ferretdb"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.ferretdb.start(
            [
                str(paths.FERRETDB_BIN),
                f"-listen-addr=127.0.0.1:{self.ports.ferretdb}",
                f"-data-dir={data_dir}",
            ]
        )
        wait_for_port("127.0.0.1", self.ports.ferretdb, timeout, process=self.ferretdb)

    def start_kafka(self, timeout: float = 90.0) -> None:
        _require(paths.KAFKA_LIBS / ".complete", "make stack-deps")
        if self.kafka.pid() is not None:
            return
        kafka_dir = self.base_dir / "kafka"
        logs_dir = kafka_dir / "logs"
        logs_dir.mkdir(parents=True, exist_ok=True)
        props = kafka_dir / "server.properties"
        props.write_text(_server_properties(self.ports, kafka_dir / "data"))
        if not (kafka_dir / "data" / "meta.properties").exists():
            self._format_storage(props)
        server_log = logs_dir / "server.log"
        offset = server_log.stat().st_size if server_log.exists() else 0
        self.kafka.start(self._java("kafka.Kafka", str(props), logs_dir=logs_dir))
        wait_for_port("127.0.0.1", self.ports.kafka, timeout, process=self.kafka)
        _wait_for_log_line(server_log, offset, KAFKA_READY_LINE, timeout, self.kafka)

    def stop_kafka(self) -> None:
        self.kafka.stop()

    def _format_storage(self, props: Path) -> None:
        logs_dir = props.parent / "logs"
        cluster_id = subprocess.run(  # noqa: S603 - fixed argv
            self._java("kafka.tools.StorageTool", "random-uuid", logs_dir=logs_dir),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        subprocess.run(  # noqa: S603 - fixed argv
            self._java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props), logs_dir=logs_dir),
            check=True,
            capture_output=True,
        )

    @staticmethod
    def _java(main_class: str, *args: str, logs_dir: Path) -> list[str]:
        heap = os.environ.get("LOCAL_KAFKA_HEAP", "512m")
        return [
            "java",
            f"-Xmx{heap}",
            f"-Xms{heap}",
            f"-Dlog4j2.configurationFile={paths.KAFKA_LOG4J}",
            f"-Dkafka.logs.dir={logs_dir}",
            "-cp",
            f"{paths.KAFKA_LIBS}/*",
            main_class,
            *args,
        ]


def _server_properties(ports: StackPorts, data_dir: Path) -> str:
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{ports.kafka_controller}",
        "listeners": f"PLAINTEXT://127.0.0.1:{ports.kafka},CONTROLLER://127.0.0.1:{ports.kafka_controller}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{ports.kafka}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(data_dir),
        "num.partitions": "1",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "5",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
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


def _require(path: Path, how: str) -> None:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `{how}` first")
