"""`dps extract` on documents as insurers and brokers send them: what a new user tries first."""

from __future__ import annotations

import json

from fixtures import FIXTURES
from tests.cli.conftest import Dps

REAL = FIXTURES / "real"


def test_certificates_from_three_issuers_show_every_cover_with_its_limit_insured_and_expiry(
    dps: Dps,
) -> None:
    files = ("el-certificate-statutory-wording-five-million-insurer-style.pdf",
             "broker-confirmation-of-cover-period-per-cover.pdf",
             "summary-of-insurance-cover-short-amounts.pdf")
    result = dps("extract", *(str(REAL / name) for name in files))
    assert result.returncode == 0, result.stderr
    covers = [line.strip() for line in result.stdout.splitlines() if "  cover " in line]
    assert covers[0] == (
        "cover employers-liability: limit £5,000,000, insured Brightwater Children's Services "
        "Ltd, insurer Halden Mutual Insurance plc, policy HM/EL/7734120, 2025-06-01 to "
        "2026-05-31 [page 1]")
    assert len(covers) == 7
    assert all("no limit read" not in line and "(not read)" not in line for line in covers)


def test_extract_as_json_gives_the_covers_a_program_can_use(dps: Dps) -> None:
    result = dps("extract", "--json",
                 str(REAL / "broker-scheme-certificate-run-together-pl-pi.pdf"))
    assert result.returncode == 0, result.stderr
    (document,) = json.loads(result.stdout)["files"]
    assert {(c["type"], c["limit"], c["expiry"]) for c in document["covers"]} == {
        ("public-liability", "1500000.00", "2027-02-15"),
        ("professional-indemnity", "1500000.00", "2027-02-15")}


def test_a_contracts_insurance_requirements_show_no_cover(dps: Dps) -> None:
    requirements = REAL / "joint-schedule-3-insurance-requirements-not-evidence.docx"
    result = dps("extract", str(requirements))
    assert result.returncode == 0, result.stderr
    assert "  cover " not in result.stdout
    assert "unrecognised-document" in result.stdout
