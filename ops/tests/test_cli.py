"""egov-ops's commands where no broker is needed, and against a Kafka it cannot reach: a clear
message naming what to set, not a traceback."""

import io
import socket

import pytest
import yaml
from rich.console import Console

from egov_ops.cli import main


@pytest.fixture
def unreachable(monkeypatch) -> str:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{port}")
    return f"127.0.0.1:{port}"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), Console(file=out, width=300))
    return code, out.getvalue()


@pytest.mark.parametrize("command", [["dlq"], ["topics"], ["kafka-user", "burgas"]])
def test_an_unreachable_kafka_is_told_with_what_to_set(unreachable, command):
    code, said = run(*command)

    assert code == 3
    assert unreachable in said
    assert "KAFKA_USERNAME" in said


def test_what_is_no_administration_id_is_refused_before_kafka_is_asked(unreachable):
    code, said = run("kafka-user", "Burgas_District")

    assert code == 2
    assert "'Burgas_District' is not an administration id" in said
    assert unreachable not in said


def test_a_password_file_that_cannot_be_read_is_told(unreachable, tmp_path):
    code, said = run("kafka-user", "burgas", "--password-file", str(tmp_path / "missing"))

    assert code == 2
    assert "cannot read the password file" in said


def test_for_kubernetes_it_prints_a_kafka_user_to_apply_with_what_to_do_next():
    code, said = run("kafka-user", "burgas", "--kubernetes", "--release", "egov", "--namespace", "egov-prod")

    assert code == 0
    manifest = yaml.safe_load(said)
    assert manifest["kind"] == "KafkaUser"
    assert manifest["metadata"]["name"] == "egov-handler-burgas"
    assert manifest["metadata"]["namespace"] == "egov-prod"
    comments = [line for line in said.splitlines() if line.startswith("#")]
    assert any("KAFKA_USERNAME=egov-handler-burgas" in line for line in comments)
    assert any("kubectl apply -n egov-prod -f -" in line for line in comments)


def test_for_kubernetes_a_password_file_or_topics_are_refused():
    code, said = run("kafka-user", "burgas", "--kubernetes", "--create-topics")

    assert code == 2
    assert "Strimzi makes the password" in said
