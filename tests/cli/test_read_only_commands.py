"""Commands that only read start no Prefect: they answer in a second or two, not the ten it
takes Prefect's temporary API to start (issue 10, Deliver 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import dps_env

READ_ONLY = [
    ("status", "S-20990101-000000-abcdef"),
    ("register", "list"),
    ("register", "history", "children-first-fostering"),
    ("register", "export", "--format", "csv", "register.csv"),
    ("review", "list"),
    ("policy", "show"),
]


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_command_that_only_reads_imports_no_prefect(command: tuple[str, ...],
                                                       tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cli.main", *command],
        cwd=tmp_path, env=dps_env(tmp_path), capture_output=True, text=True, timeout=60,
        check=False,
    )
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert imported, result.stderr  # the interpreter did report its imports
    assert not [name for name in imported if name.split(".")[0] == "prefect"]
    assert "Traceback" not in result.stderr


def test_the_register_export_is_written_without_a_flow_run(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "cli.main", "register", "export", "--format",
                             "xlsx", "register.xlsx"], cwd=tmp_path, env=dps_env(tmp_path),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "register.xlsx").read_bytes()[:2] == b"PK"
    assert not (tmp_path / "prefect").exists()  # Prefect's home was never made
