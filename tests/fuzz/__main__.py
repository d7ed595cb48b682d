"""`python -m tests.fuzz [REQUESTS_PER_SERVICE]`: start a fresh local platform, fuzz every
service's HTTP API, print a line per service and, last, one JSON line with the totals."""

from __future__ import annotations

import json
import sys
import time

from egov_localstack.throwaway import throwaway_platform
from tests.fuzz.fuzzer import Tally, fuzz
from tests.fuzz.targets import targets

DEFAULT_REQUESTS = 1000


def report(tallies: list[Tally]) -> str:
    lines = [f"{'service':<18} {'requests':>8} {'5xx':>5} {'non-problem 4xx':>16} {'seconds':>8}  statuses"]
    for tally in tallies:
        statuses = " ".join(f"{status}:{count}" for status, count in sorted(tally.statuses.items()))
        lines.append(
            f"{tally.service:<18} {tally.requests:>8} {tally.server_errors:>5} {tally.non_problem_4xx:>16}"
            f" {tally.seconds:>8.1f}  {statuses}"
        )
        lines.extend(f"  ! {finding}" for finding in tally.findings)
    return "\n".join(lines)


def totals(tallies: list[Tally]) -> dict[str, int]:
    return {
        "requests": sum(t.requests for t in tallies),
        "server_errors": sum(t.server_errors for t in tallies),
        "non_problem_4xx": sum(t.non_problem_4xx for t in tallies),
    }


def main(argv: list[str]) -> int:
    wanted = int(argv[0]) if argv else DEFAULT_REQUESTS
    begun = time.monotonic()
    with throwaway_platform("fuzz") as run:
        started = time.monotonic()
        tallies = [fuzz(target, wanted) for target in targets(run.platform)]
        print(report(tallies))
        print(
            f"fuzzed in {time.monotonic() - started:.0f} s ({started - begun:.0f} s to start the platform)", flush=True
        )
    result = totals(tallies)
    print(json.dumps(result), flush=True)
    return 0 if result["server_errors"] == 0 and result["non_problem_4xx"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
