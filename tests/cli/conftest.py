"""Running `dps` as a user does: a separate process, its own storage, its exit code and output."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.prefect_server import PrefectServer

REPO = Path(__file__).resolve().parents[2]

Dps = Callable[..., subprocess.CompletedProcess[str]]


def dps_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DPS_", "AWS_"))}
    env.update(
        {
            "DPS_STORAGE": str(tmp_path / "data"),
            "DPS_NOTICE_PDF": "0",  # the DOCX letters only: LibreOffice is slow and optional
            "PYTHONPATH": str(REPO),
            "PREFECT_HOME": str(tmp_path / "prefect"),
        }
    )
    env.pop("PREFECT_API_URL", None)  # the test harness's server is not the CLI's
    env.update(extra)
    return env


@pytest.fixture
def dps(tmp_path: Path) -> Dps:
    """Run `dps ARGS…` in a subprocess; returns the completed process (text output)."""

    def run(*args: str, timeout: float = 240, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli.main", *args],
            cwd=tmp_path,
            env=dps_env(tmp_path, **extra),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def api(prefect_server: PrefectServer) -> dict[str, str]:
    """The environment that points `dps` at the session's Prefect server, as on a council's
    machine running one. Each `dps` flow command otherwise starts Prefect's temporary API
    (~9 s): the tests that run many commands, and are not about that, use the server; the demo
    tests keep the serverless quick start covered."""
    return {"PREFECT_API_URL": prefect_server.api_url,
            "PREFECT_HOME": str(prefect_server.home / "client")}


@pytest.fixture
def dps_served(dps: Dps, api: dict[str, str]) -> Dps:
    """`dps` against the session's Prefect server (see `api`)."""

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return dps(*args, **{**api, **extra})

    return run


def run_until_it_dies(tmp_path: Path, *args: str, **extra: str) -> int:
    """Run `dps ARGS…` in a session of its own and return its exit code; then kill whatever it
    left behind (Prefect's temporary server, idle reading processes), as a real crash's
    supervisor would. No pipes: an orphan holding one would keep a reader waiting forever."""
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args], cwd=tmp_path, env=dps_env(tmp_path, **extra),
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
