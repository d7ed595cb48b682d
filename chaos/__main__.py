"""`python -m chaos` (`make chaos`): the chaos test on a fresh local stack and platform."""

from __future__ import annotations

import logging
import shutil
import sys
import time
from typing import TYPE_CHECKING

from chaos.options import parse_args
from chaos.report import findings_text, json_line
from chaos.run import progress, run_chaos
from egov_localstack import paths
from egov_localstack.stack import CRASH_SAFE_POSTGRES_SETTINGS
from egov_localstack.throwaway import throwaway_platform

if TYPE_CHECKING:
    from pathlib import Path

    from egov_localstack.platform import Platform

# NOTE: the settings the end-to-end tests use: clients notice a broker or a topic change within
# seconds and retry soon, so a run spends its time on work, not on waiting out defaults.
PLATFORM_ENV = {
    "KAFKA_METADATA_MAX_AGE_MS": "2000",
    "KAFKA_REQUEST_TIMEOUT_MS": "5000",
    "OUTBOX_POLL_INTERVAL_S": "0.5",
    "CONSUMER_RETRY_BACKOFF_S": "0.5",
}


def keep_logs(platform: Platform, destination: Path) -> Path:
    """Copy every service process's log out of the run's folder, which is removed at the end."""
    destination.mkdir(parents=True, exist_ok=True)
    for spec in platform.services:
        for process in platform.replicas(spec.name):
            if process.log_file.exists():
                shutil.copy(process.log_file, destination / process.log_file.name)
    return destination


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    # NOTE: the observers' Kafka clients would log every failed connection while the broker is
    # down on purpose; the services' own logs (in the run folder) keep the record.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    progress("starting a fresh stack and platform")
    # NOTE: PostgreSQL is killed too, so it must keep what it acknowledged (see the settings).
    with throwaway_platform("chaos", PLATFORM_ENV, postgres_settings=CRASH_SAFE_POSTGRES_SETTINGS) as started:
        outcome = run_chaos(started.platform, started.stack, options)
        if not outcome.passed:
            kept = keep_logs(started.platform, paths.LOCAL_DIR / "chaos" / time.strftime("%Y%m%dT%H%M%S"))
            progress(f"the services' logs are kept in {kept}")
    print(findings_text(outcome))
    print(json_line(outcome), flush=True)
    return 0 if outcome.passed else 1


if __name__ == "__main__":
    sys.exit(main())
