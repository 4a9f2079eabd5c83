"""A failure of the machinery prints one short line, never a traceback, a run's parameters or a
file's contents, and says where the full detail went (errors.log in the user's state folder)."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from html import escape
from pathlib import Path

import httpx
import pytest

from cli.failures import MAX_LINE, failure_line
from tests.cli.conftest import Dps

SNAPSHOT = Path(__file__).resolve().parents[2] / "fixtures" / "ofsted" / \
    "provider-level-at-31-march-2024.csv"
MARKER = "URN-SC999999-A-LINE-OF-THE-FILE"
# as long and as many-lined as a refusal that echoes a request can be
REFUSAL = ("Access Denied: " + "the request carried " * 5000 + "\n"
           + "\n".join(f"{MARKER},Children's home,{n}" for n in range(2000)))


class _RefusingS3(http.server.BaseHTTPRequestHandler):
    """An S3 endpoint whose bucket exists but that refuses everything else, at length."""

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        body = (f"<?xml version='1.0' encoding='UTF-8'?><Error><Code>AccessDenied</Code>"
                f"<Message>{escape(REFUSAL)}</Message></Error>").encode()
        self.send_response(403)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_s3() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RefusingS3)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        with contextlib.suppress(OSError):
            server.server_close()


def test_a_storage_refusing_at_length_prints_one_short_line_naming_the_log(
    dps: Dps, tmp_path: Path, refusing_s3: str
) -> None:
    state = tmp_path / "state"
    result = dps("ofsted", "load", str(SNAPSHOT), DPS_STORAGE="s3://council-dps",
                 AWS_ENDPOINT_URL=refusing_s3, AWS_ACCESS_KEY_ID="test",
                 AWS_SECRET_ACCESS_KEY="test", XDG_STATE_HOME=str(state), timeout=120)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:1000]
    (line,) = lines
    assert len(line) <= MAX_LINE, line
    assert line.startswith("dps: failed: StorageUnavailable: s3://council-dps")
    assert "AccessDenied" in line and MARKER not in line and "Traceback" not in result.stderr
    log = state / "dps" / "errors.log"
    assert line.endswith(f"(details in {log})")
    detail = log.read_text()
    assert "Traceback" in detail and MARKER in detail  # the whole of it is there


def test_debug_prints_the_traceback_as_well(dps: Dps, tmp_path: Path, refusing_s3: str) -> None:
    result = dps("ofsted", "load", str(SNAPSHOT), DPS_STORAGE="s3://council-dps",
                 AWS_ENDPOINT_URL=refusing_s3, AWS_ACCESS_KEY_ID="test",
                 AWS_SECRET_ACCESS_KEY="test", DPS_LOG_DIR=str(tmp_path / "logs"),
                 DPS_DEBUG="1", timeout=120)
    assert result.returncode == 1 and "Traceback" in result.stderr
    last = result.stderr.splitlines()[-1]
    assert len(last) <= MAX_LINE and last.endswith(f"(details in {tmp_path}/logs/errors.log)")


def test_prefects_refusal_of_a_run_shows_what_was_wrong_and_never_the_parameters() -> None:
    """The answer Prefect's API gave when a run's parameters held a whole Ofsted file."""
    request = httpx.Request("POST", "http://127.0.0.1:4200/api/flow_runs/")
    response = httpx.Response(422, request=request, json={
        "exception_message": "Invalid request received.",
        "exception_detail": [{
            "type": "value_error", "loc": ["body", "parameters"],
            "msg": "Value error, Flow run parameters must be less than 524,288 bytes when "
                   "serialized (got 1,541,142 bytes).",
            "input": {"data": f"\ufeffChildren's social care data\n{MARKER}\n" * 40000}}],
        "request_body": {"parameters": {"data": MARKER * 1000}}})
    error = httpx.HTTPStatusError(f"Client error '422' - Response: {response.json()}",
                                  request=request, response=response)

    line = failure_line(error, Path("/home/officer/.local/state/dps/errors.log"))

    assert len(line) <= MAX_LINE and "\n" not in line and MARKER not in line
    assert line.startswith("dps: failed: HTTPStatusError: HTTP 422 from /api/flow_runs/: "
                           "Value error, Flow run parameters must be less than 524,288 bytes")
    assert line.endswith("(details in /home/officer/.local/state/dps/errors.log)")


def test_a_message_cannot_forge_a_second_line_or_move_the_cursor() -> None:
    line = failure_line(RuntimeError("lost \x1b[2K\x08dps: accepted\rforged"), None)
    assert line == ("dps: failed: RuntimeError: lost \\x1b[2K\\x08dps: accepted "
                    "(DPS_DEBUG=1 prints the details)")


def test_an_error_without_a_message_still_says_what_failed_and_where_to_look() -> None:
    assert failure_line(TimeoutError(), None) == \
        "dps: failed: TimeoutError (DPS_DEBUG=1 prints the details)"
