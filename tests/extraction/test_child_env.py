"""The reading process, Tesseract and LibreOffice get what they need of the environment and never
a credential (issue 11, security tests: today the reader inherits the AWS keys)."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.child_env import CredentialRefused, child_env
from extraction import ocr, reader_pool
from extraction.limits import DEFAULT_LIMITS
from extraction.reader_pool import ReaderPool
from extraction.sniff import PDF

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "AWS_SECRET_ACCESS_KEY": "aws-secret-for-the-test",
    "AWS_ACCESS_KEY_ID": "AKIATESTTESTTEST",
    "DPS_PORTAL_SECRET": "portal-secret-for-the-test",
    "DPS_SMTP_PASSWORD": "smtp-password-for-the-test",
    "PREFECT_API_KEY": "prefect-key-for-the-test",
    "GITHUB_TOKEN": "token-for-the-test",
}


def environment_of(pid: int) -> dict[str, str]:
    """A live process's own environment, as the kernel holds it for that process."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {name.decode(): value.decode(errors="replace") for name, value in pairs}


def test_a_reading_process_holds_no_credential_of_its_parent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    pool = ReaderPool(max_idle=1)
    try:
        certificate = ROOT / "fixtures/samples/accepted-fostering-agency/insurance-certificate.pdf"
        read = pool.read(certificate.read_bytes(), PDF, DEFAULT_LIMITS)  # a real read, then idle
        assert read.pages
        (pid,) = pool.idle_process_ids()
        env = environment_of(pid)
    finally:
        pool.close()
    assert set(SECRETS) & set(env) == set()
    assert not any(value in env.values() for value in SECRETS.values())
    assert env["PYTHONPATH"]  # what it needs to import the reader: it read the file above


def test_the_reader_names_the_ocr_engine_variable_that_ocr_reads() -> None:
    assert reader_pool._OCR_ENGINE_VARIABLE == ocr.ENGINE_VARIABLE


def test_a_child_keeps_the_path_and_locale_and_gets_its_own_home() -> None:
    parent = {"PATH": "/usr/bin", "LANG": "en_GB.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/root",
              "USER": "dps", "DPS_STORAGE": "s3://bucket", **SECRETS}
    env = child_env(parent, home="/scratch/home", OMP_THREAD_LIMIT="1")
    assert env == {"PATH": "/usr/bin", "LANG": "en_GB.UTF-8", "LC_ALL": "C.UTF-8",
                   "HOME": "/scratch/home", "OMP_THREAD_LIMIT": "1"}


def test_a_setting_the_caller_names_is_given_but_a_credential_never_is() -> None:
    assert child_env({}, home="/h", DPS_TESSERACT="/opt/tesseract")["DPS_TESSERACT"] == (
        "/opt/tesseract")
    for name in ("AWS_SECRET_ACCESS_KEY", "DPS_SMTP_PASSWORD", "API_TOKEN", "SIGNING_KEY"):
        with pytest.raises(CredentialRefused, match=name):
            child_env({}, home="/h", **{name: "x"})
