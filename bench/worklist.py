"""`python -m bench.worklist`: the staff workspace's worklist at 100,000 applications per
administration. Starts a fresh local platform (or, with `--running`, measures the workspace at
`--workspace-url`), COPYs the cases in, logs a Sofia clerk in and times each worklist question
and a case page one request after another; then the same questions on the workspace's own
CaseRepository, and EXPLAIN (ANALYZE, BUFFERS) of the two heaviest. See bench/README.md."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from urllib.parse import urlencode

import httpx

from bench.worklist_database import explain, scope_of, time_repository
from bench.worklist_options import WorklistOptions, parse_args
from bench.worklist_report import Timing, WorklistResult, heaviest, json_line, plans_text, table
from bench.worklist_rows import ELENA
from bench.worklist_scenarios import Scenario, WrongAnswer, check, scenarios
from bench.worklist_store import open_case_of, preload_cases, totals
from egov_eid_sim.testing import LoginFailed, web_login
from egov_localstack.throwaway import throwaway_platform
from egov_sdk.clock import Clock

ADMINISTRATION = "sofia"
CLERK = "elena-ivanova"
SERVICE = 2020
SESSION_COOKIE = "egov_workspace_session"
HTTP_TIMEOUT_S = 60.0


def log(message: str) -> None:
    # NOTE: progress goes to stderr so that stdout is the plans, the table and, last, the JSON line.
    print(f"bench.worklist: {message}", file=sys.stderr, flush=True)


def describe(scenario: Scenario) -> str:
    if scenario.total is None:
        return scenario.path[:16] + "…"
    return urlencode(scenario.params) or "(default: open)"


async def time_pages(workspace_url: str, plan: list[Scenario], requests: int, warmup: int) -> list[Timing]:
    """Each scenario's page, `warmup` untimed then `requests` timed, one at a time, each checked."""
    timings = []
    async with httpx.AsyncClient(base_url=workspace_url, timeout=HTTP_TIMEOUT_S) as http:
        headers = {"Cookie": await web_login(http, CLERK, "eid_substantial", cookie=SESSION_COOKIE)}
        for scenario in plan:
            samples, total = [], None
            for attempt in range(warmup + requests):
                started = time.perf_counter()
                response = await http.get(scenario.path, params=scenario.params, headers=headers)
                elapsed_ms = (time.perf_counter() - started) * 1000
                total = check(scenario, response.status_code, response.text)
                if attempt >= warmup:
                    samples.append(elapsed_ms)
            timings.append(Timing(scenario.name, samples, describe(scenario), total))
            log(f"{scenario.name}: p95 {timings[-1].p95_ms:.1f} ms")
    return timings


async def run(options: WorklistOptions, workspace_url: str, database_url: str) -> WorklistResult:
    today = Clock().today()
    if options.cases:
        log(f"COPY {options.cases:,} cases for each of sofia and burgas ...")
        started = time.monotonic()
        await preload_cases(database_url, options.cases, today, dt.datetime.now(dt.UTC), options.seed)
        log(f"preloaded and vacuumed in {time.monotonic() - started:.0f} s")
    counted, rows, all_visible = await totals(database_url, ADMINISTRATION, ELENA, SERVICE, today)
    case = await open_case_of(database_url, ADMINISTRATION, ELENA, SERVICE)
    if case is None:
        raise WrongAnswer(f"no accepted case of service {SERVICE} is Elena's: nothing to open")
    plan = scenarios(counted, SERVICE, case)
    pages = await time_pages(workspace_url, plan, options.requests, options.warmup)
    log("the same questions on CaseRepository ...")
    scope = scope_of(ADMINISTRATION, ELENA, today)
    repository, statements = await time_repository(database_url, scope, plan, options.requests, options.warmup)
    plans = [p for name in heaviest(pages) for p in await explain(database_url, name, statements[name])]
    return WorklistResult(options.cases, rows, all_visible, options.requests, pages, repository, plans)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    try:
        if options.start_local:
            log("starting a fresh local platform ...")
            with throwaway_platform("bench") as started:
                platform = started.platform
                result = asyncio.run(run(options, platform.url("workspace"), platform.database_url("workspace")))
        else:
            assert options.database_url is not None  # NOTE: parse_args refuses --running without it
            result = asyncio.run(run(options, options.workspace_url, options.database_url))
    except (WrongAnswer, LoginFailed) as failure:
        print(f"bench.worklist: FAILED: {failure}", file=sys.stderr, flush=True)
        return 1
    print(plans_text(result.plans))
    print(table(result))
    print(json_line(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
