"""egov-ops against a Kafka it cannot reach: a clear message naming what to set, not a traceback."""

import io
import socket

from rich.console import Console

from egov_ops.cli import main


def test_an_unreachable_kafka_is_told_with_what_to_set(monkeypatch):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{port}")
    out = io.StringIO()

    code = main(["dlq"], Console(file=out, width=300))

    assert code == 3
    assert f"127.0.0.1:{port}" in out.getvalue()
    assert "KAFKA_USERNAME" in out.getvalue()
