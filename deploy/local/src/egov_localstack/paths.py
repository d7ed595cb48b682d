"""Where the local stack keeps its binaries, data and logs: one ignored folder, `.local/`."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[4]
LOCAL_DIR = Path(os.environ.get("EGOV_LOCAL_DIR", REPO_ROOT / ".local"))
KAFKA_LIBS = LOCAL_DIR / "kafka" / "libs"
KAFKA_LOG4J = REPO_ROOT / "deploy" / "local" / "kafka" / "log4j2.xml"
