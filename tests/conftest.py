"""Fixtures shared by every test package."""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator

# Prefect reads logging and its home folder when first imported: set them before any test module
# imports it. A home of its own keeps the suite off ~/.prefect and off other runs' databases.
# pytest-xdist's workers inherit the controller's environment, home included: each makes its own,
# or two workers would share one home's results and database. A home set from outside is kept.
_OWN_HOME = "TESTS_OWN_PREFECT_HOME"  # the home this file made, as opposed to one set outside
if os.environ.get("PREFECT_HOME") in (None, os.environ.get(_OWN_HOME)):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    os.environ["PREFECT_HOME"] = os.environ[_OWN_HOME] = tempfile.mkdtemp(
        prefix=f"dps-test-prefect-{worker}-")
# notices are rendered as DOCX in every test; their PDF (LibreOffice, ~1 s a letter) only where a
# test asks for it
os.environ.setdefault("DPS_NOTICE_PDF", "0")
from cli.quiet import configure_prefect  # noqa: E402

configure_prefect()

import pytest  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

from tests.prefect_server import PrefectServer  # noqa: E402


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session (started on first use: ~8 s, but a
    minute or more beside other workers' servers: the timeout only bounds a failure), with
    flow heartbeats off as in the CLI."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.runtime import without_heartbeat

    with prefect_test_harness(server_startup_timeout=300), without_heartbeat():
        yield


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """One moto S3 server over real HTTP for the whole session; yields its endpoint URL.

    Port 0 lets the OS choose a free port, so parallel runs never collide. Tests that use it
    create their own bucket, because the server's state lives for the whole session.
    """
    werkzeug_log = logging.getLogger("werkzeug")
    previous_level = werkzeug_log.level
    werkzeug_log.setLevel(logging.WARNING)  # one access-log line per request drowns failures
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        werkzeug_log.setLevel(previous_level)


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """One `prefect server start` (SQLite, its own PREFECT_HOME) for the session: ~10 s to
    start on a 2-core machine. For the tests that deploy, trigger and resume, and for the CLI
    crash tests, whose many short `dps` runs would each start a temporary API otherwise."""
    from tests.prefect_server import running_server

    with running_server(tmp_path_factory.mktemp("prefect-server")) as server:
        yield server
