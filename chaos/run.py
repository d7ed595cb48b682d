"""One chaos run on a running platform: load it, disrupt it, wait for quiet, take the census."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import random
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench.application_body import sample_body
from chaos.census import RunRecord, gather
from chaos.citizens import Submissions, submit_applications
from chaos.monkey import ChaosMonkey, Target, plan
from chaos.quiet import wait_until_quiet
from chaos.registry_requests import publish_registry_requests
from chaos.topic_reading import end_offsets
from chaos.verdict import Findings, verdict

if TYPE_CHECKING:
    from chaos.options import ChaosOptions
    from egov_localstack.platform import Platform
    from egov_localstack.stack import LocalStack

EXPECTED_RATE = 300.0
"""Submissions per second assumed when none is set, to spread the registry requests over the load."""


def progress(message: str) -> None:
    # NOTE: progress goes to stderr so that stdout is the findings and, last, the JSON line.
    print(f"chaos: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class ChaosOutcome:
    summary: dict[str, Any]
    """The run's result line: the issue's keys first, then the details."""
    findings: Findings

    @property
    def passed(self) -> bool:
        return not (self.findings.lost or self.findings.duplicated or self.findings.stuck)


def run_chaos(
    platform: Platform, stack: LocalStack | None, options: ChaosOptions, log: Callable[[str], None] = progress
) -> ChaosOutcome:
    kafka = platform.connection.kafka_bootstrap_servers
    seed = options.seed if options.seed is not None else random.randrange(2**32)  # noqa: S311 - a schedule, not a secret
    log(f"seed {seed}; {options.applications} applications, {options.registry_request_count} registry requests")
    began = time.monotonic()
    started_at = dt.datetime.now(dt.UTC)
    start_offsets = asyncio.run(end_offsets(kafka))

    load = _Load(platform.url("intake"), kafka, options)
    load.start()
    rng = random.Random(seed)  # noqa: S311 - a schedule of kills, not a secret
    disruptions = plan(options.services, options.infrastructure, rng, pause_s=options.pause_s, down_s=options.down_s)
    monkey = ChaosMonkey(chaos_targets(platform, stack, options), disruptions, log=log)
    monkey.run(load_going_on=load.is_alive)
    submissions, registry_requests = load.outcome()
    log(f"load done: {len(submissions.acknowledged)} acknowledged; kills {dict(monkey.kills)}; waiting for quiet")

    databases = {spec.name: platform.database_url(spec.name) for spec in platform.services if spec.database}
    quiet = asyncio.run(wait_until_quiet(kafka, databases, options.quiet_timeout_s, log))
    gateway_logs = [process.log_file for process in platform.replicas("registry-gateway")]
    run = RunRecord(started_at, start_offsets, frozenset(submissions.acknowledged), frozenset(registry_requests))
    evidence = asyncio.run(gather(run, kafka, databases, gateway_logs))
    findings = verdict(evidence)
    summary = {
        "applications": options.applications,
        "acknowledged": len(submissions.acknowledged),
        "lost": findings.lost.total(),
        "duplicated_effects": findings.duplicated.total(),
        "stuck": findings.stuck.total(),
        "kills": monkey.kills.total(),
        "kills_by_target": dict(sorted(monkey.kills.items())),
        "seconds": round(time.monotonic() - began, 1),
        "registry_requests": len(registry_requests),
        "registry_calls_retried": sum(call.attempts > 1 for call in evidence.registry_calls.values()),
        "answers_lost_in_flight": submissions.answers_lost,
        "resent_unstored": submissions.resent,
        "replayed_by_idempotency_key": submissions.replayed,
        "redelivered_copies": findings.copies,
        "quiet": quiet,
        "seed": seed,
    }
    return ChaosOutcome(summary, findings)


def chaos_targets(platform: Platform, stack: LocalStack | None, options: ChaosOptions) -> Mapping[str, Target]:
    targets = {
        name: Target(kill=functools.partial(platform.kill, name), start=functools.partial(platform.restart, name))
        for name in options.services
    }
    if options.infrastructure:
        if stack is None:
            raise RuntimeError("killing Kafka or PostgreSQL needs the local stack; unset KAFKA_BOOTSTRAP_SERVERS")
        parts = {
            "kafka": Target(kill=stack.kafka.kill, start=stack.start_kafka),
            "postgres": Target(kill=stack.postgres.kill, start=stack.start_postgres),
        }
        targets |= {name: parts[name] for name in options.infrastructure}
    return targets


class _Load(threading.Thread):
    """Citizens and a handler's registry requests, in a thread of their own (with their own
    event loop) so that the monkey's blocking restarts in the main thread never hold them up."""

    def __init__(self, intake_url: str, kafka: str, options: ChaosOptions):
        super().__init__(name="chaos-load", daemon=True)
        self._intake_url, self._kafka, self._options = intake_url, kafka, options
        self._outcome: tuple[Submissions, list[str]] | None = None
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            self._outcome = asyncio.run(self._load())
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread by outcome()
            self._error = exc

    async def _load(self) -> tuple[Submissions, list[str]]:
        options = self._options
        spread_s = options.applications / (options.rate or EXPECTED_RATE)
        submissions, requests = await asyncio.gather(
            submit_applications(
                self._intake_url,
                sample_body(),
                options.applications,
                concurrency=options.concurrency,
                rate=options.rate,
            ),
            publish_registry_requests(self._kafka, options.registry_request_count, spread_s=spread_s),
        )
        return submissions, requests

    def outcome(self) -> tuple[Submissions, list[str]]:
        self.join()
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        return self._outcome
