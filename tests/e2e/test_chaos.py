"""The short chaos test (the full one is `make chaos`, docs/chaos.md): 500 applications and a
handler's registry requests while routing and the example handler are killed with SIGKILL and
restarted; nothing may be lost, doubled or left stuck."""

from __future__ import annotations

import pytest

from chaos.options import ChaosOptions
from chaos.report import findings_text
from chaos.run import run_chaos


@pytest.mark.disruptive
def test_kill_9_of_routing_and_the_handler_loses_doubles_and_strands_nothing(platform, stack, monkeypatch):
    # NOTE: the run's own Kafka clients take the stack's credentials from the environment.
    for name, value in stack.connection.as_env().items():
        monkeypatch.setenv(name, value)
    options = ChaosOptions(
        applications=500,
        registry_requests=50,
        rate=25.0,
        services=("routing", "handler-sofia"),
        infrastructure=(),
        pause_s=(1.0, 3.0),
        quiet_timeout_s=120.0,
    )
    outcome = run_chaos(platform, None, options)
    assert outcome.summary["kills_by_target"].keys() == {"routing", "handler-sofia"}
    assert outcome.summary["acknowledged"] == 500
    assert outcome.passed, findings_text(outcome)
