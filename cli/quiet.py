"""Prefect settings for a command-line run, set before Prefect is first imported (logging and
the home folder are read at import time; the temporary server copies the rest when it starts).

Measured on Prefect 3.9.1 (see README, "Prefect overhead"): without these, every sync flow run
waits about a second for its heartbeat thread, the temporary server's background recorders hit
"database is locked" and stall runs by about two seconds, and an offline machine prints
telemetry errors.
"""

from __future__ import annotations

import os
import sys

QUIET_DEFAULTS = {
    # a CLI prints its own summary; Prefect's per-run log lines would bury it
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_ROOT_LEVEL": "ERROR",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the temporary server's recorders contend for SQLite with the runs themselves; flow runs
    # are still recorded, task runs are not (a real server, PREFECT_API_URL, keeps them all)
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    # a cold start on a busy 2-core machine can take longer than the default 20 s
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def configure_prefect() -> None:
    """Quiet, serverless defaults; anything the user set in the environment wins."""
    if os.environ.get("PREFECT_API_URL"):
        return  # a real server: its own settings apply
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)


_announced = False


def announce_local_api() -> None:
    """Before a command's first flow run: say what the next ten seconds are for when that run
    starts Prefect's temporary local API (no server configured), once; never for a command
    that fails its own checks first, whose error stays one line."""
    global _announced
    from flows.runtime import uses_temporary_api

    if not _announced and uses_temporary_api():
        print("dps: starting Prefect's local API for this run (about 10 s; set PREFECT_API_URL "
              "to use a running server) …", file=sys.stderr, flush=True)
    _announced = True
