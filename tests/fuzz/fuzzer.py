"""Schemathesis against one running service: requests generated from its OpenAPI document, each
answer checked for what the platform promises (never a 5xx; every 4xx is problem+json).

A service is a `Target`: its URL and the header sets its requests are sent with, taken in turn,
so a service that needs a token (the catalog's writes, and reads as they gain authentication)
gets one by adding a header set in `targets.py`, without touching the generation here.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis.strategies import SearchStrategy
from schemathesis import GenerationMode
from schemathesis.core.result import Err

from egov_sdk.problems import PROBLEM_JSON

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
MAX_FINDINGS = 20
Case = schemathesis.Case[Any]


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    # NOTE: an empty dict sends no credentials, so the refusal of anonymous callers is fuzzed too.
    header_sets: tuple[dict[str, str], ...] = ({},)
    # NOTE: the OpenAPI document to generate from, when the service's own says too little
    # (intake's `form` is any object; the catalog knows each service's real form).
    document: dict[str, Any] | None = None


@dataclass
class Tally:
    service: str
    requests: int = 0
    server_errors: int = 0
    non_problem_4xx: int = 0
    seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)

    def record(self, label: str, status: int, media_type: str, body: bytes, reproduce: str) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status >= 500:
            self.server_errors += 1
            self._note(f"{label}: {status} {body[:200]!r}\n    {reproduce}")
        elif status >= 400 and media_type != PROBLEM_JSON:
            self.non_problem_4xx += 1
            self._note(f"{label}: {status} as {media_type or 'no content type'}\n    {reproduce}")

    def _note(self, finding: str) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)


@dataclass(frozen=True)
class _Sender:
    target: Target
    session: requests.Session
    headers: Iterator[dict[str, str]]
    tally: Tally
    timeout: float

    def send(self, case: Case) -> None:
        extra = next(self.headers)
        try:
            response = case.call(base_url=self.target.url, session=self.session, headers=extra, timeout=self.timeout)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, UnicodeEncodeError):
            # NOTE: requests refuses to send some generated headers and URLs (control characters,
            # values outside Latin-1); no server sees those, so none is counted.
            return
        media_type = next(iter(response.headers.get("content-type", [])), "").split(";")[0].strip()
        reproduce = case.as_curl_command(headers=extra)
        self.tally.record(case.operation.label, response.status_code, media_type, response.content, reproduce)


def fuzz(target: Target, requests_wanted: int, *, timeout: float = 10.0) -> Tally:
    """The document's examples, then at least `requests_wanted` requests spread over every
    operation, in passes of positive (schema-conforming) and negative (schema-violating) cases."""
    schema = (
        schemathesis.openapi.from_url(f"{target.url}/openapi.json")
        if target.document is None
        else schemathesis.openapi.from_dict(target.document)
    )
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    tally = Tally(target.name)
    # NOTE: an operation with few inputs (no parameters at all) runs out of distinct cases
    # early; further passes, each with another seed, make up the count from the others.
    per_pass = max(1, math.ceil(requests_wanted / (len(operations) * len(MODES))))
    started = time.monotonic()
    with requests.Session() as session:
        sender = _Sender(target, session, itertools.cycle(target.header_sets), tally, timeout)
        # NOTE: the document's own examples first, once with each header set, so that an example
        # meant to succeed (a complete definition) does so for whoever may write.
        for operation in operations:
            for strategy in operation.get_strategies_from_examples():
                for _ in target.header_sets:
                    _run(strategy, 1, 0, sender)
        for seed in itertools.count():
            before = tally.requests
            for operation, mode in itertools.product(operations, MODES):
                _run(operation.as_strategy(generation_mode=mode), per_pass, seed, sender)
            # NOTE: a pass that sent nothing would be followed by more of the same, for ever.
            if tally.requests >= requests_wanted or tally.requests == before:
                break
    tally.seconds = time.monotonic() - started
    return tally


def _run(strategy: SearchStrategy[Case], examples: int, seed: int, sender: _Sender) -> None:
    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=examples,
        phases=[Phase.generate],
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy)
    def run(case: Case) -> None:
        sender.send(case)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        # NOTE: negative cases of an operation without inputs (the health probes) cannot exist.
        return
