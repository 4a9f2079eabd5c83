"""`dps accounts invite` and `dps portal`, run as a user runs them."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli.conftest import Dps, dps_env


def test_inviting_a_provider_user_prints_a_one_time_link(dps: Dps) -> None:
    result = dps("accounts", "invite", "--provider", "acme-fostering", "--email",
                 "Ann@Acme.example", DPS_PORTAL_URL="https://dps.midshire.example")
    assert result.returncode == 0, result.stderr
    first, link = result.stdout.splitlines()
    assert first.startswith("Invitation for ann@acme.example (a user of provider "
                            "acme-fostering), usable once until ")
    assert re.fullmatch(r"https://dps\.midshire\.example/set-password/[\w-]{40,}", link)


def test_inviting_officers_and_an_administrator(dps: Dps) -> None:
    partner = dps("accounts", "invite", "--officer", "--authority", "North Borough Council",
                  "--email", "raj@north.example",
                  DPS_PARTNER_AUTHORITIES='["North Borough Council"]')
    assert "(an officer of North Borough Council)" in partner.stdout
    deciding = dps("accounts", "invite", "--officer", "--authority", "North Borough Council",
                   "--decides-reviews", "--email", "deputy@north.example",
                   DPS_PARTNER_AUTHORITIES='["North Borough Council"]')
    assert "North Borough Council, deciding reviews" in deciding.stdout
    admin = dps("accounts", "invite", "--admin", "--email", "it@midshire.example")
    assert "(an administrator)" in admin.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--email", "a@b.example"], "say who is invited"),
    (["--officer", "--email", "a@b.example"], "--authority goes with --officer"),
    (["--officer", "--authority", "Nowhere Council", "--email", "a@b.example"],
     "'Nowhere Council' is not the council or one of its partners"),
    (["--provider", "../acme", "--email", "a@b.example"], "cannot be a provider id"),
    (["--provider", "acme", "--email", "not-an-address"], "Enter an email address in the "
     "correct format"),
    (["--admin", "--decides-reviews", "--email", "a@b.example"], "is for officers"),
])
def test_a_refused_invitation_is_one_line(dps: Dps, args: list[str], message: str) -> None:
    result = dps("accounts", "invite", *args)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_the_portal_command_serves_the_sign_in_page(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "portal", "--port", str(port)], cwd=tmp_path,
        env=dps_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = _get_when_up(f"http://127.0.0.1:{port}/sign-in", process)
        assert "<h1 class=\"govuk-heading-l\">Sign in</h1>" in page
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=20)
    assert "DPS_PORTAL_SECRET is not set" in err


def _get_when_up(url: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return str(answer.read().decode())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")
