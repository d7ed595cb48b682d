"""Command lines of JVM programs on the Kafka jars fetched by `make stack-deps`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from egov_localstack import paths

if TYPE_CHECKING:
    from pathlib import Path


def kafka_java(main: str, *args: str, logs_dir: Path) -> list[str]:
    """`java` running `main` (a class, or a single-file program) with Kafka's classpath."""
    heap = os.environ.get("LOCAL_KAFKA_HEAP", "512m")
    return [
        "java",
        f"-Xmx{heap}",
        f"-Xms{heap}",
        f"-Dlog4j2.configurationFile={paths.KAFKA_LOG4J}",
        f"-Dkafka.logs.dir={logs_dir}",
        "-cp",
        f"{paths.KAFKA_LIBS}/*",
        main,
        *args,
    ]
