"""Bad use of `dps` gets one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Dps


def _one_line_error(result, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert fragment in lines[0]


def test_submitting_a_file_that_does_not_exist(dps: Dps) -> None:
    _one_line_error(dps("submit", "nowhere.docx"), "file not found: nowhere.docx")


def test_status_of_an_unknown_id(dps: Dps) -> None:
    _one_line_error(dps("status", "S-20990101-000000-abcdef"), "no submission with id")


def test_status_of_an_id_that_cannot_be_a_key(dps: Dps) -> None:
    _one_line_error(dps("status", "../../etc/passwd"), "no submission with id")


def test_answering_a_clarification_of_an_unknown_submission(dps: Dps, tmp_path: Path) -> None:
    plan = tmp_path / "improvement-plan.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    result = dps("submit", "--clarifies", "S-20990101-000000-abcdef", str(plan))
    _one_line_error(result, "no submission with id 'S-20990101-000000-abcdef'")


def test_a_lot_without_clarifies_is_a_usage_error(dps: Dps, tmp_path: Path) -> None:
    plan = tmp_path / "improvement-plan.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    _one_line_error(dps("submit", "--lot", "3", str(plan)), "--lot is for answering")


def test_loading_a_text_file_as_an_ofsted_snapshot(dps: Dps, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("these are my notes\nnot a snapshot\n")
    _one_line_error(dps("ofsted", "load", str(text)), "is not a usable Ofsted snapshot")


def test_an_unknown_storage_scheme(dps: Dps) -> None:
    result = dps("register", "list", DPS_STORAGE="ftp://example/x")
    _one_line_error(result, "ftp://example/x")


@pytest.mark.parametrize("command", [["submit"], ["status"], ["ofsted", "load"], ["nonsense"]])
def test_missing_arguments_are_a_usage_error(dps: Dps, command: list[str]) -> None:
    result = dps(*command)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "usage: dps" in result.stderr


@pytest.mark.parametrize(
    "command",
    [[], ["demo"], ["ofsted", "load"], ["submit"], ["process"], ["status"], ["register", "list"]],
)
def test_every_command_has_help_with_an_example(dps: Dps, command: list[str]) -> None:
    result = dps(*command, "--help")
    assert result.returncode == 0
    assert "example: dps" in result.stdout or command == []


def test_the_installed_command_runs_outside_the_checkout(tmp_path: Path) -> None:
    """The console script as `./run` installs it, from another folder and without PYTHONPATH:
    every package it imports (here the letters, through the review flow) must be installed."""
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "dps"
    if not script.exists():
        pytest.skip("the dps console script is not installed beside this Python")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(DPS_STORAGE=str(tmp_path / "data"), PREFECT_HOME=str(tmp_path / "prefect"))
    command = [str(script), "review", "decide", "R-none", "--lot", "3", "--accept",
               "--reviewer", "J Smith", "--reason", "seen"]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=120, check=False)
    _one_line_error(result, "no review with id 'R-none'")


def test_renewing_for_a_provider_not_on_the_register(dps: Dps, tmp_path: Path) -> None:
    certificate = tmp_path / "insurance.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")
    _one_line_error(dps("register", "renew", "nobody", str(certificate)),
                    "no register entry for provider 'nobody'")
