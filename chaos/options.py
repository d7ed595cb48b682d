"""What a chaos run does, from command-line flags and `CHAOS_*` environment variables."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass

SERVICE_TARGETS = ("intake", "routing", "handler-sofia", "notifications", "registry-gateway")
INFRASTRUCTURE_TARGETS = ("kafka", "postgres")


@dataclass(frozen=True)
class ChaosOptions:
    applications: int = 10_000
    """Applications submitted to intake (each once; see citizens.py for what is retried)."""
    registry_requests: int | None = None
    """Registry requests published as a handler would; None means one per ten applications."""
    rate: float | None = 100.0
    """Submissions per second; None submits as fast as intake answers."""
    concurrency: int = 20
    services: tuple[str, ...] = SERVICE_TARGETS
    """Service processes killed and restarted, each at least once."""
    infrastructure: tuple[str, ...] = INFRASTRUCTURE_TARGETS
    """Parts of the stack killed and restarted once each."""
    pause_s: tuple[float, float] = (2.0, 6.0)
    """Bounds of the random pause between one disruption's restart and the next kill."""
    down_s: tuple[float, float] = (0.5, 3.0)
    """Bounds of the random time a killed process stays down before it is started again."""
    quiet_timeout_s: float = 600.0
    """Longest wait, after the load, for outboxes to empty and consumers to catch up."""
    seed: int | None = None

    @property
    def registry_request_count(self) -> int:
        if self.registry_requests is not None:
            return self.registry_requests
        return max(1, self.applications // 10)


def parse_args(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> ChaosOptions:
    env = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__)
    parser.add_argument(
        "--applications", type=_positive_int, default=int(env.get("CHAOS_APPLICATIONS", ChaosOptions.applications))
    )
    parser.add_argument(
        "--registry-requests", type=_positive_int, default=_optional_int(env, "CHAOS_REGISTRY_REQUESTS")
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=float(env.get("CHAOS_RATE", ChaosOptions.rate or 0)),
        help="submissions per second; 0 means as fast as intake answers",
    )
    parser.add_argument("--concurrency", type=_positive_int, default=ChaosOptions.concurrency)
    parser.add_argument("--quiet-timeout", type=float, default=ChaosOptions.quiet_timeout_s)
    parser.add_argument("--seed", type=int, default=_optional_int(env, "CHAOS_SEED"))
    parser.add_argument(
        "--kill",
        type=_targets,
        default=SERVICE_TARGETS + INFRASTRUCTURE_TARGETS,
        help="comma-separated targets (default all): " + ",".join(SERVICE_TARGETS + INFRASTRUCTURE_TARGETS),
    )
    args = parser.parse_args(argv)
    return ChaosOptions(
        applications=args.applications,
        registry_requests=args.registry_requests,
        rate=args.rate or None,
        concurrency=args.concurrency,
        quiet_timeout_s=args.quiet_timeout,
        seed=args.seed,
        services=tuple(target for target in args.kill if target in SERVICE_TARGETS),
        infrastructure=tuple(target for target in args.kill if target in INFRASTRUCTURE_TARGETS),
    )


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    value = env.get(name)
    return int(value) if value else None


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _targets(text: str) -> tuple[str, ...]:
    targets = tuple(target.strip() for target in text.split(",") if target.strip())
    if unknown := set(targets) - set(SERVICE_TARGETS + INFRASTRUCTURE_TARGETS):
        raise argparse.ArgumentTypeError(f"unknown targets: {', '.join(sorted(unknown))}")
    return targets
