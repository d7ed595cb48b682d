"""`python -m bench`: start a fresh local platform and benchmark it (or, with `--running`, the
platform at `--intake-url`); see bench/README.md."""

from __future__ import annotations

import asyncio
import sys

from bench.harness import run_bench
from bench.load import WrkMissing
from bench.local_platform import local_platform
from bench.options import parse_args
from bench.report import json_line, table


def main(argv: list[str] | None = None) -> int:
    invocation = parse_args(argv)
    try:
        if invocation.start_local:
            with local_platform() as target:
                result = asyncio.run(
                    run_bench(invocation.options, target.intake_url, target.kafka, target.database_urls)
                )
        else:
            result = asyncio.run(
                run_bench(invocation.options, invocation.intake_url, invocation.kafka, invocation.database_urls)
            )
    except WrkMissing as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    print(table(result))
    print(json_line(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
