"""What a worklist benchmark run does, from command-line flags and `BENCH_*` environment variables."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

DEFAULT_CASES = 100_000
DEFAULT_REQUESTS = 30
DEFAULT_WARMUP = 3
DEFAULT_WORKSPACE_URL = "http://127.0.0.1:8006"
DATABASE_URL_ENV = "BENCH_DATABASE_URL_WORKSPACE"


@dataclass(frozen=True)
class WorklistOptions:
    cases: int = DEFAULT_CASES
    """Cases preloaded for each administration (Sofia, whose worklist is measured, and Burgas)."""
    requests: int = DEFAULT_REQUESTS
    """Timed requests per scenario, one after another."""
    warmup: int = DEFAULT_WARMUP
    """Untimed requests per scenario first."""
    seed: int | None = None
    """Seeds the generated cases; None draws a fresh seed (ids then never collide with an earlier run's)."""
    start_local: bool = True
    workspace_url: str = DEFAULT_WORKSPACE_URL
    database_url: str | None = None
    """The workspace's database (`postgresql://...`); needed with `--running`."""


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.worklist",
        description="The staff workspace's worklist and case page at scale: preload cases, time the pages.",
    )
    parser.add_argument(
        "--cases",
        type=_non_negative_int,
        default=DEFAULT_CASES,
        help="cases to COPY for Sofia and as many for Burgas (0: measure what is there; default %(default)s)",
    )
    parser.add_argument("--requests", type=_positive_int, default=DEFAULT_REQUESTS, help="timed requests per scenario")
    parser.add_argument(
        "--warmup", type=_non_negative_int, default=DEFAULT_WARMUP, help="untimed requests per scenario first"
    )
    parser.add_argument("--seed", type=int, help="seed of the generated cases (default: a fresh one)")
    parser.add_argument(
        "--running",
        action="store_true",
        help="measure the workspace at --workspace-url and its --database-url (default: start a fresh platform)",
    )
    parser.add_argument("--workspace-url", default=os.environ.get("BENCH_WORKSPACE_URL", DEFAULT_WORKSPACE_URL))
    parser.add_argument(
        "--database-url",
        default=os.environ.get(DATABASE_URL_ENV) or None,
        help=f"the workspace's database, postgresql://... (env {DATABASE_URL_ENV}); needed with --running",
    )
    return parser


def parse_args(argv: list[str] | None = None) -> WorklistOptions:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.running and not args.database_url:
        parser.error(f"--running needs --database-url (or {DATABASE_URL_ENV})")
    return WorklistOptions(
        cases=args.cases,
        requests=args.requests,
        warmup=args.warmup,
        seed=args.seed,
        start_local=not args.running,
        workspace_url=args.workspace_url.rstrip("/"),
        database_url=args.database_url,
    )
