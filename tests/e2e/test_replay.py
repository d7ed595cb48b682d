"""`egov-ops replay` rebuilds intake's status view from the lifecycle log while intake keeps
serving: a view gone wrong is put right, and a citizen applying meanwhile is not disturbed."""

from __future__ import annotations

import asyncio
import io

import asyncpg
import pytest
from rich.console import Console

from egov_localstack.cli import local_token
from egov_ops.cli import main
from egov_sdk.auth import OPERATOR, SERVICE
from tests.e2e.citizen import access, final_status, heirs_application, submit


@pytest.fixture
def ops_env(stack, monkeypatch, platform):
    """egov-ops's environment: the stack's Kafka as its super user, an operator's token."""
    settings = stack.kafka
    for name, value in settings.model_dump(mode="json").items():
        if name.startswith("kafka_") and value is not None:
            monkeypatch.setenv(name.upper(), str(value))
    if settings.kafka_password is not None:
        monkeypatch.setenv("KAFKA_PASSWORD", settings.kafka_password.get_secret_value())
    monkeypatch.setenv("EGOV_OPS_TOKEN", local_token(roles=(OPERATOR,)))


async def egov_ops(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = await asyncio.to_thread(main, list(argv), Console(file=out, width=300, force_terminal=False))
    return code, out.getvalue()


async def history(intake, application_id: str) -> tuple[str, list[str]]:
    answer = (await intake.get(f"/applications/{application_id}", headers=access(application_id))).json()
    return answer["status"], [step["state"] for step in answer["history"]]


async def test_a_broken_status_view_is_rebuilt_from_the_lifecycle_log(platform, intake, ops_env):
    ids = [await submit(intake, heirs_application()) for _ in range(3)]
    for application_id in ids:
        assert (await final_status(intake, application_id))["status"] == "completed"
    complete = await history(intake, ids[0])
    assert complete[1][-1] == "completed"

    # NOTE: a bug (or a restore from an old backup) left the view behind the log.
    connection = await asyncpg.connect(platform.database_url("intake"))
    try:
        await connection.execute(
            "DELETE FROM status_history WHERE application_id = ANY($1::text[]) AND sequence > 2", ids
        )
        await connection.execute(
            "UPDATE applications SET status = 'routed', sequence = 2 WHERE id = ANY($1::text[])", ids
        )
    finally:
        await connection.close()
    assert [(await history(intake, i))[0] for i in ids] == ["routed"] * 3

    replaying = asyncio.create_task(egov_ops("replay", "intake.status", "--service-url", platform.url("intake")))
    meanwhile = await submit(intake, heirs_application())
    code, output = await replaying
    assert code == 0, output
    assert "intake.status.replay-" in output
    assert "caught up" in output
    for application_id in ids:
        assert await history(intake, application_id) == complete
    assert (await final_status(intake, meanwhile))["status"] == "completed"
    assert (await history(intake, meanwhile))[1] == complete[1]


async def test_only_an_operator_may_replay_and_only_a_projection(platform, ops_env, monkeypatch):
    monkeypatch.setenv("EGOV_OPS_TOKEN", local_token(roles=(SERVICE,)))
    code, output = await egov_ops("replay", "intake.status", "--service-url", platform.url("intake"))
    assert (code, "Only platform operators may replay a projection" in output) == (2, True), output

    monkeypatch.setenv("EGOV_OPS_TOKEN", local_token(roles=(OPERATOR,)))
    code, output = await egov_ops("replay", "intake.catalog-view", "--service-url", platform.url("intake"))
    assert (code, "not a projection this service can replay" in output) == (2, True), output
