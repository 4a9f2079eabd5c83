"""The commands that need a Prefect server say so in one line without one, and nothing else in
`dps` needs a server: a submission's event is best effort and never slows or fails `dps submit`.
(With a server: tests/flows/test_deployments.py and tests/flows/test_review_ui.py.)"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from fixtures.applications import SAMPLE_APPLICATIONS
from tests.cli.conftest import Dps

START_A_SERVER = ("needs a Prefect server: run `prefect server start` and set "
                  "PREFECT_API_URL=http://127.0.0.1:4200/api")


@pytest.mark.parametrize(("command", "name"), [
    (["serve"], "dps serve"), (["review", "ui", "S-1-2024.1-4"], "dps review ui")])
def test_the_server_commands_without_prefect_api_url_say_what_to_do(
    dps: Dps, command: list[str], name: str
) -> None:
    result = dps(*command)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [f"dps: {name} {START_A_SERVER}"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nobody listens once the probe is closed


def test_dps_serve_with_no_server_answering_says_so_in_one_line(dps: Dps) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api"
    result = dps("serve", PREFECT_API_URL=url)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dps: dps serve: no Prefect server answers at PREFECT_API_URL={url}")


def _submit(dps: Dps, **env: str) -> tuple[float, str, str, int]:
    sample = SAMPLE_APPLICATIONS[0]
    started = time.monotonic()
    result = dps("submit", "--provider", sample.provider, *(str(p) for p in sample.files()),
                 **env)
    return time.monotonic() - started, result.stdout, result.stderr, result.returncode


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_submitting_without_a_server_emits_nothing_and_prints_only_the_id(
    dps: Dps, tmp_path: Path
) -> None:
    took, stdout, stderr, code = _submit(dps)
    assert (code, stderr) == (0, "")
    submission_id = stdout.strip()
    assert (tmp_path / "data" / "submissions" / submission_id / "submission.json").is_file()
    assert not (tmp_path / "prefect").exists()  # Prefect was not even started
    assert took < 10, f"dps submit took {took:.1f} s"  # a temporary server would be 10 s more


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_submitting_with_a_server_that_does_not_answer_still_stores_it_quietly(
    dps: Dps, tmp_path: Path
) -> None:
    took, stdout, stderr, code = _submit(
        dps, PREFECT_API_URL=f"http://127.0.0.1:{_closed_port()}/api")
    assert (code, stderr) == (0, "")
    assert (tmp_path / "data" / "submissions" / stdout.strip() / "submission.json").is_file()
    assert took < 15, f"dps submit took {took:.1f} s"
