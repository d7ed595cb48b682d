"""One benchmark run: the platform end to end, then the two baselines, as one flat dict of figures.

`run_bench` expects the platform to be running already (a wrapper such as `make bench` starts it);
it never starts or stops services itself.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from bench.application_body import sample_body
from bench.bare_http import bare_http_load
from bench.bare_relay import bare_relay
from bench.lifecycle import LifecycleCollector
from bench.load import LoadResult, LoadSpec, run_load
from bench.metrics import end_to_end
from bench.postgres import count_rows
from bench.preload import preload

if TYPE_CHECKING:
    from collections.abc import Mapping

    from bench.options import BenchOptions

Figure = float | int | None
BenchResult = dict[str, Figure]

REQUIRED_KEYS = (
    "applications",
    "e2e_per_s",
    "e2e_p50_s",
    "e2e_p99_s",
    "first_decile_per_s",
    "last_decile_per_s",
    "intake_rps",
    "bare_http_rps",
    "bare_relay_per_s",
    "rows_in_store_at_start",
)


def progress(message: str) -> None:
    # NOTE: progress goes to stderr so that stdout is the table and, last, the JSON line.
    print(f"bench: {message}", file=sys.stderr, flush=True)


async def run_bench(
    options: BenchOptions, intake_url: str, kafka: str, database_urls: Mapping[str, str]
) -> BenchResult:
    result: BenchResult = dict.fromkeys(REQUIRED_KEYS)
    result |= {
        "applications": options.applications,
        "concurrency": options.concurrency,
        "rate": options.rate,
        "preloaded": 0,
    }
    if options.preload:
        progress(f"preloading {options.preload} completed applications into {sorted(database_urls)}")
        await preload(dict(database_urls), options.preload)
        result["preloaded"] = options.preload
    result["rows_in_store_at_start"] = await count_rows(database_urls.get("intake"), "applications")
    if options.platform:
        result |= await platform_figures(options, intake_url.rstrip("/"), kafka)
    if options.bare_http:
        progress(f"bare HTTP baseline: {options.applications} requests")
        # NOTE: never rate-limited: the baseline is the most a bare endpoint answers at this concurrency.
        load = await bare_http_load(
            options.applications, options.concurrency, options.wrk_threads, None, options.max_load_s
        )
        result |= {**_load_figures("bare_http", load), "concurrency": load.connections}
    if options.bare_relay:
        modes = [("batched", "bare_relay_per_s")]
        if options.relay_awaited:
            modes.append(("awaited", "bare_relay_awaited_per_s"))
        for mode, key in modes:
            progress(f"bare Kafka relay baseline ({mode}): {options.relay_count} messages")
            relayed = await bare_relay(kafka, options.relay_count, mode=mode, partitions=options.relay_partitions)
            result |= {key: relayed.per_s, f"{key.removesuffix('_per_s')}_delivered": relayed.delivered}
        result["relay_messages"] = options.relay_count
    return result


async def platform_figures(options: BenchOptions, intake_url: str, kafka: str) -> BenchResult:
    """Submit through intake under wrk; time each application on the lifecycle log."""
    collector = LifecycleCollector(kafka)
    await collector.start()
    try:
        progress(f"submitting {options.applications} applications to {intake_url}")
        load = await run_load(
            LoadSpec(
                url=f"{intake_url}/applications",
                body=sample_body(),
                requests=options.applications,
                concurrency=options.concurrency,
                threads=options.wrk_threads,
                rate=options.rate,
                max_seconds=options.max_load_s,
            )
        )
        progress(f"intake accepted {load.accepted}; waiting for them to complete")
        await collector.wait_for_final(load.accepted, options.drain_timeout_s)
    finally:
        await collector.stop()
    tally = collector.tally
    figures = end_to_end(tally.completions)
    return {
        **_load_figures("intake", load),
        "concurrency": load.connections,
        "submitted_seen": tally.submitted,
        "completed": figures.completed,
        "ended_otherwise": sum(tally.other_final.values()),
        "unfinished": max(0, load.accepted - tally.final),
        "e2e_per_s": figures.e2e_per_s,
        "e2e_p50_s": figures.e2e_p50_s,
        "e2e_p99_s": figures.e2e_p99_s,
        "first_decile_per_s": figures.first_decile_per_s,
        "last_decile_per_s": figures.last_decile_per_s,
    }


def _load_figures(prefix: str, load: LoadResult) -> BenchResult:
    return {
        f"{prefix}_rps": load.rps,
        f"{prefix}_accepted": load.accepted,
        f"{prefix}_failed": load.unexpected_status + load.socket_errors,
        f"{prefix}_p50_s": load.latency_p50_s,
        f"{prefix}_p99_s": load.latency_p99_s,
    }
