"""A real Prefect server for the tests that deploy, trigger and resume: `prefect server start` in
a subprocess, with its own PREFECT_HOME and SQLite database, and helpers to talk to it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TypeVar

REPO = Path(__file__).resolve().parents[1]
PREFECT = str(Path(sys.executable).with_name("prefect"))
T = TypeVar("T")


@dataclass(frozen=True)
class PrefectServer:
    api_url: str
    home: Path  # holds the server's database and log, and the clients' home

    def env(self, storage: Path, **extra: str) -> dict[str, str]:
        """The environment of a process that uses this server and `storage` (a CLI, a worker,
        `dps serve`): nothing of the test session's own Prefect or DPS settings."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PREFECT_", "DPS_", "AWS_"))}
        env.update({
            "PREFECT_API_URL": self.api_url,
            "PREFECT_HOME": str(self.home / "client"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DPS_STORAGE": str(storage),
            "DPS_NOTICE_PDF": "0",
            "DPS_PROJECT_DIR": str(REPO),
            "PYTHONPATH": str(REPO),
        })
        env.update(extra)
        return env

    @contextlib.contextmanager
    def settings(self) -> Iterator[None]:
        """Prefect's client in this process talks to this server (not the session's harness)."""
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}):
            yield


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(home: Path, startup_timeout: float = 300) -> Iterator[PrefectServer]:
    """Start `prefect server start` on a free port; stop it (its whole session) afterwards.

    A port free when probed can be taken before the server binds it (pytest-xdist's workers
    start their servers at the same moment): a server that exits as it starts is started again
    on another port, up to three times in all. It starts in ~10 s alone, but it migrates a new
    database first, and beside the other workers' servers and tests it has taken over 90 s."""
    for _ in range(3):
        port = free_port()
        server = PrefectServer(f"http://127.0.0.1:{port}/api", home)
        log = (home / "server.log").open("wb")
        process = _start(home, port, log)
        try:
            wait_until(partial(_answers_or_exited, process, server.api_url),
                       startup_timeout, "the Prefect server to start")
            if process.poll() is None:
                yield server
                return
        finally:
            stop_session(process)
            log.close()
    raise RuntimeError(f"prefect server start exited:\n{_tail(home / 'server.log')}")


def _start(home: Path, port: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """`prefect server start` on `port`, in a session of its own, its output in `log`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({
        "PREFECT_HOME": str(home / "server"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",  # the API is enough; the UI's assets take time to serve
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    })
    return subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)


def _answers_or_exited(process: subprocess.Popen[bytes], api_url: str) -> bool:
    return process.poll() is not None or _is_healthy(api_url)


def _is_healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until(check: Callable[[], T], timeout: float, what: str, every: float = 0.25) -> T:
    """Poll `check` until it returns something truthy; that value. Fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def stop_session(process: subprocess.Popen[bytes]) -> None:
    """Stop a process started with start_new_session and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def run(args: list[str], env: dict[str, str], timeout: float = 180,
        cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run a command to the end; its output, for the assertion messages."""
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)


def dps(*args: str) -> list[str]:
    """The `dps` command line, run from the repository as the CLI tests run it."""
    return [sys.executable, "-m", "cli.main", *args]
