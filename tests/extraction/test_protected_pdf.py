"""PDFs encrypted with an owner password only (printing and copying restricted) open without a
password and are read; a PDF that needs a password to open is refused (documents.md)."""

from __future__ import annotations

import pytest

from extraction.documents import extract_document
from extraction.errors import DocumentRefused
from extraction.pdf_reader import read_pdf
from fixtures.hostile import HOSTILE
from fixtures.third_party import THIRD_PARTY

CERTIFICATES = ("owner-password-certificate-rc4.pdf", "owner-password-certificate-aes256.pdf")
NEEDS_A_PASSWORD = (
    HOSTILE / "encrypted.pdf",
    THIRD_PARTY / "pdfplumber__password-example.pdf",
    THIRD_PARTY / "pysamples__libreoffice-writer-password.pdf",
)


@pytest.mark.parametrize("name", CERTIFICATES)
def test_an_insurers_certificate_that_forbids_printing_and_copying_is_read_in_full(
        name: str) -> None:
    data = (HOSTILE / name).read_bytes()
    assert b"/Encrypt" in data  # still the protected file, not a decrypted copy
    extracted = extract_document(name, data)
    assert extracted.kinds == ("insurance-certificate",)
    assert extracted.findings == ()
    assert [(cover.type, cover.limit, cover.expiry) for cover in extracted.covers] == [
        ("employers-liability", "10000000.00", "2025-03-31"),
        ("public-liability", "5000000.00", "2025-03-31"),
        ("professional-indemnity", "2000000.00", "2025-03-31"),
    ]
    assert {cover.insured for cover in extracted.covers} == {
        "Children First Fostering Agency Limited"}


def test_an_encrypted_pdf_that_opens_with_the_empty_password_is_read() -> None:
    document = read_pdf((HOSTILE / "encrypted-no-user-password.pdf").read_bytes())
    assert document.pages == 1
    assert "minutes of the board" in document.text


@pytest.mark.parametrize("path", NEEDS_A_PASSWORD, ids=[path.name for path in NEEDS_A_PASSWORD])
def test_a_pdf_that_needs_a_password_to_open_is_still_refused(path) -> None:
    with pytest.raises(DocumentRefused, match="the PDF is protected by a password"):
        read_pdf(path.read_bytes())
    finding, = extract_document(path.name, path.read_bytes()).findings
    assert finding.code == "unsupported-file-type"
    assert "protected by a password" in finding.message
