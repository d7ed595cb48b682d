"""What a benchmark run does, from command-line flags and `BENCH_*` environment variables."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

DEFAULT_APPLICATIONS = 10_000
DEFAULT_INTAKE_URL = "http://127.0.0.1:8002"
DEFAULT_KAFKA = "127.0.0.1:9092"

# NOTE: one database per service; the keys are the service names of egov_localstack.platform.
DATABASE_KEYS = ("intake", "routing", "notifications", "handler-sofia")
DATABASE_URL_ENV_PREFIX = "BENCH_DATABASE_URL_"


@dataclass(frozen=True)
class BenchOptions:
    applications: int = DEFAULT_APPLICATIONS
    concurrency: int = 50
    rate: float | None = None
    """Fixed offered rate (requests per second over all connections); None sends as fast as answered."""
    wrk_threads: int = 2
    preload: int = 0
    drain_timeout_s: float = 120.0
    """Give up waiting for completions after this long without any new final state."""
    max_load_s: float = 3600.0
    """Stop a wrk run that has not sent its requests after this long."""
    relay_messages: int | None = None
    """Messages through the bare relay; None means as many as applications."""
    relay_partitions: int = 3
    """Partitions of the bare relay's topics: the platform creates its topics with 3."""
    relay_awaited: bool = False
    """Also relay one record at a time (slow: a broker round trip per record and hop)."""
    platform: bool = True
    bare_http: bool = True
    bare_relay: bool = True

    @property
    def relay_count(self) -> int:
        return self.relay_messages if self.relay_messages is not None else self.applications


def database_urls_from_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """`BENCH_DATABASE_URL_INTAKE`, `..._ROUTING`, `..._NOTIFICATIONS`, `..._HANDLER_SOFIA` that are set."""
    env = os.environ if environ is None else environ
    urls = {}
    for key in DATABASE_KEYS:
        value = env.get(DATABASE_URL_ENV_PREFIX + key.upper().replace("-", "_"))
        if value:
            urls[key] = value
    return urls


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="End-to-end benchmark of the platform with bare FastAPI and bare Kafka baselines.",
    )
    parser.add_argument(
        "--applications",
        type=_positive_int,
        default=_positive_int(env.get("BENCH_APPLICATIONS", str(DEFAULT_APPLICATIONS))),
        help="applications to submit (env BENCH_APPLICATIONS; default %(default)s)",
    )
    parser.add_argument(
        "--running",
        action="store_true",
        help="measure a platform already running at --intake-url (default: start a fresh local stack and platform)",
    )
    parser.add_argument("--intake-url", default=env.get("BENCH_INTAKE_URL", DEFAULT_INTAKE_URL))
    parser.add_argument("--kafka", default=env.get("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_KAFKA))
    parser.add_argument("--concurrency", type=_positive_int, default=50, help="open connections of wrk")
    parser.add_argument("--rate", type=_positive_float, help="fixed offered rate in requests/s (default: unlimited)")
    parser.add_argument("--wrk-threads", type=_positive_int, default=2)
    parser.add_argument(
        "--preload", type=_non_negative_int, default=0, help="first bulk-insert this many completed applications"
    )
    parser.add_argument("--drain-timeout", type=_positive_float, default=120.0, help="seconds without progress")
    parser.add_argument("--max-load-seconds", type=_positive_float, default=3600.0)
    parser.add_argument("--relay-messages", type=_positive_int, help="messages through the bare relay")
    parser.add_argument("--relay-partitions", type=_positive_int, default=3)
    parser.add_argument(
        "--relay-awaited", action="store_true", help="also run the bare relay one record at a time (slow)"
    )
    parser.add_argument("--skip-platform", action="store_true", help="only the baselines")
    parser.add_argument("--skip-bare-http", action="store_true")
    parser.add_argument("--skip-bare-relay", action="store_true")
    return parser


@dataclass(frozen=True)
class Invocation:
    options: BenchOptions
    intake_url: str
    kafka: str
    database_urls: dict[str, str]
    start_local: bool = True


def parse_args(argv: list[str] | None = None) -> Invocation:
    args = build_parser().parse_args(argv)
    options = BenchOptions(
        applications=args.applications,
        concurrency=args.concurrency,
        rate=args.rate,
        wrk_threads=args.wrk_threads,
        preload=args.preload,
        drain_timeout_s=args.drain_timeout,
        max_load_s=args.max_load_seconds,
        relay_messages=args.relay_messages,
        relay_partitions=args.relay_partitions,
        relay_awaited=args.relay_awaited,
        platform=not args.skip_platform,
        bare_http=not args.skip_bare_http,
        bare_relay=not args.skip_bare_relay,
    )
    return Invocation(
        options, args.intake_url.rstrip("/"), args.kafka, database_urls_from_env(), start_local=not args.running
    )
