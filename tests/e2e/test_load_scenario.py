"""The load scenario of bench/locust on the session's platform: four citizens and a clerk for 20
seconds. Locust runs as its own process (importing it patches the standard library for gevent,
which this process's asyncio must not see). It fails when the scenario breaks: a failed request
or check, no application followed to its end, no staff page served."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import httpx

from bench.locust import names, timings
from bench.locust.applications import CERTIFIED_COPY, HEIRS
from egov_localstack.platform import EID, Platform
from egov_schemas.lifecycle import FINAL_STATES
from tests.e2e.citizen import access, heirs_application, logged_in, submit, submit_once_known
from tests.e2e.staff import StaffSession
from tests.kafka_helpers import eventually

ROOT = Path(__file__).resolve().parents[2]
RUN_S = 20
# NOTE: locust gives 10:1 weights' first five users as four citizens and one clerk.
USERS = 5
CLERK = "elena-ivanova"


async def run_locust(platform: Platform, stats_prefix: Path) -> tuple[int | None, str]:
    command = [
        *(sys.executable, "-m", "locust", "-f", "bench/locust/locustfile.py", "--headless", "--only-summary"),
        *("--users", str(USERS), "--spawn-rate", str(USERS), "--run-time", f"{RUN_S}s"),
        *("--host", platform.url("intake"), "--workspace-url", platform.url("workspace")),
        *("--eid-url", platform.url(EID), "--catalog-url", platform.url("catalog")),
        # NOTE: half the applications for staff, so that the clerk has work within the run.
        *("--staff-share", "0.5", "--staff-people", CLERK, "--follow-for", "15", "--json-file", str(stats_prefix)),
    ]
    process = await asyncio.create_subprocess_exec(
        *command, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=RUN_S + 30)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return process.returncode, output.decode()


def worklist_pages(served: dict[tuple[str, str], int]) -> int:
    """The worklist pages served, whatever their filters."""
    pages = (names.workspace("/"), names.workspace("/?"))
    return sum(count for (_, name), count in served.items() if name == pages[0] or name.startswith(pages[1]))


async def open_copies(platform: Platform, intake: httpx.AsyncClient, since: dt.datetime) -> set[str]:
    """The certified copies the run's citizens submitted that have not ended (in intake's view)."""
    mine = await intake.get("/applications", headers=logged_in(platform))
    assert mine.status_code == 200, mine.text
    return {
        row["id"]
        for row in mine.json()
        if row["service"] == CERTIFIED_COPY.service
        and row["status"] not in FINAL_STATES
        and dt.datetime.fromisoformat(row["submitted_at"]) >= since
    }


async def refuse_what_is_left(platform: Platform, intake: httpx.AsyncClient, since: dt.datetime, seeded: str) -> None:
    """Close, as the clerk, the certified copies left open, so that Sofia's worklist, which the
    session's later tests read, holds no more than before. (Those filed with an eID login cannot be
    withdrawn without the access token only locust's process had.)"""
    async with StaffSession(platform) as elena:
        await elena.log_in(CLERK)

        async def closed() -> bool:
            left = await open_copies(platform, intake, since)
            seeded_status = await intake.get(f"/applications/{seeded}", headers=access(seeded))
            if seeded_status.json()["status"] not in FINAL_STATES:
                left.add(seeded)
            for application_id in left:
                # NOTE: either may be refused as done already (the case hers, or refused in the
                # last round and not yet ended in intake's view).
                await elena.act(application_id, "claim")
                await elena.act(application_id, "refuse", reasons="Подадено от теста за натоварване.")
            return not left

        await eventually(closed, timeout=30, every=1.0)


async def test_citizens_and_a_clerk_run_the_scenario_without_a_failure(platform, intake, tmp_path):
    started = dt.datetime.now(dt.UTC)
    # NOTE: intake learns Sofia's package from the catalog's events: apply once it does, and give
    # the clerk a case from the start.
    await submit_once_known(intake, heirs_application())
    for_the_clerk = await submit(intake, CERTIFIED_COPY.body)

    try:
        code, output = await run_locust(platform, tmp_path / "stats")
    finally:
        await refuse_what_is_left(platform, intake, started, for_the_clerk)

    entries: list[dict[str, Any]] = json.loads((tmp_path / "stats.json").read_text(encoding="utf-8"))
    failed = {entry["name"]: entry["num_failures"] for entry in entries if entry["num_failures"]}
    assert (code, failed) == (0, {}), output
    served = {(entry["method"], entry["name"]): entry["num_requests"] for entry in entries}
    assert served.get(("POST", names.APPLICATIONS), 0) > 0, output
    # NOTE: with no failure, each of these reached `completed` (another final status fails).
    assert served.get((timings.LIFECYCLE, HEIRS.milestone), 0) > 0, output
    assert served.get(("GET", names.APPLICATIONS), 0) > 0, output  # "my applications"
    assert served.get(("GET", names.workspace("/auth/callback"))) == 1, output  # the clerk logged in once
    assert worklist_pages(served) > 0, output
    assert served.get(("GET", names.CASE), 0) > 0, output
