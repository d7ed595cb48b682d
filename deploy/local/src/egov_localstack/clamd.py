"""ClamAV's daemon, clamd, for the platform on one machine: intake has it scan every attached file.

clamd comes from Debian's `clamav-daemon` package. Its official signature databases come from
`freshclam`, which cannot download here, so it loads the test database shipped in
`deploy/local/clamav` (it detects the EICAR test file). Its configuration is written to the run
folder, and it listens on loopback TCP only: no Unix socket, nothing under /var/run/clamav.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from egov_localstack import paths
from egov_localstack.processes import ManagedProcess

CLAMD_PORT = 3310
SIGNATURES = paths.REPO_ROOT / "deploy" / "local" / "clamav"
# NOTE: above the largest upload intake takes, so that clamd reads (and judges) the whole of it;
# MaxFileSize and MaxScanSize match it, as clamd skips the parts of a file beyond them unscanned.
SCAN_LIMIT = "64M"


def clamd_conf(port: int, database_dir: Path) -> str:
    """clamd.conf for a daemon in the foreground, on loopback `port`, with `database_dir`'s signatures.

    NOTE: no LogFile and no PidFile: in the foreground clamd logs to stdout and stderr, which
    ManagedProcess keeps in clamd.log beside its own pid file; clamd's would only repeat them.
    No User either: it runs as whoever starts it (root in CI), with no folder of its own to own.
    """
    settings = {
        "Foreground": "yes",
        "TCPSocket": str(port),
        "TCPAddr": "127.0.0.1",
        "DatabaseDirectory": str(database_dir),
        "LogTime": "yes",
        "StreamMaxLength": SCAN_LIMIT,
        "MaxFileSize": SCAN_LIMIT,
        "MaxScanSize": SCAN_LIMIT,
    }
    return "".join(f"{name} {value}\n" for name, value in settings.items())


def clamd_binary() -> str:
    """clamd from PATH, else where Debian puts it (/usr/sbin is not on every user's PATH)."""
    found = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin")
    if found is None:
        raise FileNotFoundError("ClamAV's clamd is missing: apt-get install clamav-daemon")
    return found


def answers_ping(port: int, timeout: float = 1.0) -> bool:
    """True when clamd on loopback `port` answers PING (it listens only once its signatures are loaded)."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(b"zPING\0")
        return sock.recv(16) == b"PONG\0"
    return False


@dataclass(frozen=True)
class Clamd:
    """clamd with its configuration, log and pid file under `run_dir`, ended with its caller."""

    run_dir: Path
    port: int = CLAMD_PORT
    database_dir: Path = SIGNATURES

    @property
    def process(self) -> ManagedProcess:
        return ManagedProcess("clamd", self.run_dir, die_with_parent=True)

    @property
    def config_file(self) -> Path:
        return self.run_dir / "clamd.conf"

    def start(self, timeout: float = 60.0) -> None:
        """Start clamd unless it runs already; return once it answers PING."""
        binary = clamd_binary()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(clamd_conf(self.port, self.database_dir))
        self.process.start([binary, "-c", str(self.config_file)])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.pid() is None:
                raise RuntimeError(f"clamd exited during start; see {self.process.log_file}")
            if answers_ping(self.port):
                return
            time.sleep(0.2)
        raise TimeoutError(f"clamd did not answer PING within {timeout:.0f}s; see {self.process.log_file}")

    def stop(self) -> None:
        self.process.stop()
