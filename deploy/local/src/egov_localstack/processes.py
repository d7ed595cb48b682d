"""Starting and stopping long-running local processes, tracked by pid files.

NOTE: each process is started in its own session so that stopping it also stops anything it
spawned, and pid files let a second command (`stop`) find what an earlier one (`start`) started.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class ManagedProcess:
    """A process identified by name, with a pid file and a log file under `run_dir`."""

    name: str
    run_dir: Path
    die_with_parent: bool = False
    stop_signal: signal.Signals = signal.SIGTERM

    @property
    def pid_file(self) -> Path:
        return self.run_dir / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return self.run_dir / f"{self.name}.log"

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _alive(pid) else None

    def start(self, argv: list[str], env: dict[str, str] | None = None, *, user: str | None = None) -> int:
        """Start `argv` (as `user`, when given and we are root) unless it is running already."""
        if (running := self.pid()) is not None:
            return running
        self.run_dir.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            proc = subprocess.Popen(  # noqa: S603 - argv is built by this package, not from input
                argv,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, **(env or {})},
                start_new_session=True,
                user=user,
                group=user,
                extra_groups=[] if user else None,
                preexec_fn=_exit_with_parent if self.die_with_parent else None,  # noqa: PLW1509
            )
        self.pid_file.write_text(str(proc.pid))
        return proc.pid

    def stop(self, timeout: float = 20.0) -> None:
        pid = self.pid()
        if pid is not None:
            _signal_group(pid, self.stop_signal)
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(pid):
                _kill_group(pid)
        self.pid_file.unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL the process and all it started, with no chance to clean up: a crash, as an
        out-of-memory kill or a lost node would make it (the chaos test does this on purpose)."""
        pid = self.pid()
        if pid is not None:
            _kill_group(pid)
        self.pid_file.unlink(missing_ok=True)


def _exit_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the parent dies.

    NOTE: a test session or `make run` killed without its cleanup (SIGKILL, a CI time-out) then
    leaves no Kafka, PostgreSQL or service behind. (It runs after a change of user, which
    would reset the setting.)
    """
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # NOTE: a child we started and that has exited stays a zombie until reaped; reap it here so
    # that it is not mistaken for a live process.
    with contextlib.suppress(ChildProcessError):
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    return True


def _kill_group(pid: int) -> None:
    _signal_group(pid, signal.SIGKILL)
    while _alive(pid):
        time.sleep(0.05)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def wait_for_port(host: str, port: int, timeout: float, *, process: ManagedProcess) -> None:
    """Wait until something accepts TCP connections on host:port, failing fast if `process` dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.pid() is None:
            raise RuntimeError(f"{process.name} exited during start; see {process.log_file}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
            return
        time.sleep(0.2)
    raise TimeoutError(f"{process.name} did not open {host}:{port} within {timeout:.0f}s")


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """`count` different free ports: all are held at once while they are picked, since one port
    freed and asked for again may well be handed out twice."""
    with contextlib.ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]


def answers_ok(url: str, timeout: float = 2.0) -> bool:
    """True when a GET of `url` (a loopback URL we built) answers 200."""
    with (
        contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
        urllib.request.urlopen(url, timeout=timeout) as response,  # noqa: S310 - a loopback URL we built
    ):
        return bool(response.status == 200)
    return False
