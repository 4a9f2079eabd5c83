"""Insurance covers from certificates in any layout: labels and nearby values, in any order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.evidence import InsuranceCover
from extraction.documents import extract_document
from extraction.insurance import find_covers
from extraction.model import ReadDocument, TextBlock
from fixtures.supporting.render import Grid, Layout, Para, Title, to_docx, to_pdf
from tests.extraction.builders import lines

Writer = Callable[[Layout], bytes]
EL, PL, PI = "employers-liability", "public-liability", "professional-indemnity"


def table(*rows: tuple[str, ...]) -> ReadDocument:
    return ReadDocument("application/pdf",
                        tuple(TextBlock(row, True, page=1, table=0) for row in rows))


def by_type(read: ReadDocument) -> dict[str, InsuranceCover]:
    return {cover.type: cover for cover in find_covers(read, "certificate.pdf")}


def test_a_table_row_read_as_a_line_of_text_is_a_cover_with_its_limit_and_expiry() -> None:
    covers = by_type(lines("Certificate of insurance",
                           "Employers Liability £10,000,000 31/03/2025"))
    assert covers[EL].limit == "10000000.00"
    assert covers[EL].expiry == "2025-03-31"


def test_the_same_row_as_table_cells_under_a_header_is_read_by_column() -> None:
    covers = by_type(table(
        ("Type of cover", "Start date", "Expiry date", "Limit of indemnity", "Policy number"),
        ("Employers Liability", "01/04/2024", "31/03/2025", "£10,000,000", "EL-2024-1"),
    ))
    assert covers[EL].model_dump(include={"limit", "start", "expiry", "policy_number"}) == {
        "limit": "10000000.00", "start": "2024-04-01", "expiry": "2025-03-31",
        "policy_number": "EL-2024-1"}


@pytest.mark.parametrize(("name", "cover_type"), [
    ("EL", EL), ("Employers Liability", EL), ("Employer's liability", EL),
    ("Employers' Liability", EL), ("PL", PL), ("Public liability", PL),
    ("Public & Products Liability", PL), ("Products and Public Liability", PL), ("PI", PI),
    ("Professional Indemnity", PI), ("Professional Negligence", PI),
])
def test_every_name_of_a_type_of_cover_is_understood(name: str, cover_type: str) -> None:
    assert by_type(lines(f"{name}: £5,000,000"))[cover_type].limit == "5000000.00"


@pytest.mark.parametrize("label", [
    "Limit of indemnity", "Indemnity limit", "Limit of liability", "Sum insured"])
def test_every_limit_label_gives_the_limit_of_the_section_it_is_in(label: str) -> None:
    covers = by_type(lines("Section 2: Public Liability", f"{label}: £5m any one occurrence"))
    assert covers[PL].limit == "5000000.00"


@pytest.mark.parametrize("label", ["Insured", "Name of insured", "Policyholder", "The insured"])
def test_every_insured_label_names_the_insured_of_every_cover(label: str) -> None:
    covers = by_type(lines(f"{label}: Acme Care Ltd", "EL £10m", "PL £5m"))
    assert {cover.insured for cover in covers.values()} == {"Acme Care Ltd"}


@pytest.mark.parametrize(("text", "start", "expiry"), [
    ("Period of insurance: from 1 April 2024 to 31 March 2025", "2024-04-01", "2025-03-31"),
    ("Period of insurance 01/04/2024 - 31/03/2025", "2024-04-01", "2025-03-31"),
    ("Expiry date: 31/03/2025", None, "2025-03-31"),
    ("Renewal date: 1st April 2025", None, "2025-04-01"),
    ("Valid until 31 March 2025", None, "2025-03-31"),
    ("Valid from 1 April 2024 until 31 March 2025", "2024-04-01", "2025-03-31"),
])
def test_the_period_is_read_from_every_way_of_stating_it(
        text: str, start: str | None, expiry: str) -> None:
    cover = by_type(lines("Employers' Liability £10,000,000", text))[EL]
    assert (cover.start, cover.expiry) == (start, expiry)


def test_a_cover_stating_its_own_period_keeps_it_over_the_certificates() -> None:
    covers = by_type(lines(
        "Period of insurance: 01/04/2024 to 31/03/2025",
        "Section 1 Employers Liability", "Limit of indemnity: £10m",
        "Section 2 Professional Indemnity", "Limit of indemnity: £2m", "Expiry date: 30/06/2025",
    ))
    assert covers[EL].expiry == "2025-03-31"
    assert covers[PI].expiry == "2025-06-30"


def test_an_excess_is_never_taken_for_the_limit() -> None:
    covers = by_type(lines("Public liability: excess £250, limit of indemnity £5,000,000",
                           "PI limit: £2m Excess: £1,000"))
    assert covers[PL].limit == "5000000.00"
    assert covers[PI].limit == "2000000.00"


def test_a_policy_number_containing_el_names_no_cover() -> None:
    covers = by_type(lines("Policy number: HC-EL-558120", "Public Liability £5,000,000"))
    assert set(covers) == {PL}
    assert covers[PL].policy_number == "HC-EL-558120"


def test_the_statutory_minimum_in_the_wording_does_not_replace_the_stated_limit() -> None:
    covers = by_type(lines(
        "Certificate of Employers' Liability Insurance",
        "The minimum cover required by the Employers' Liability (Compulsory Insurance) Act 1969 "
        "is £5 million.",
        "Limit of indemnity: £10,000,000",
    ))
    assert covers[EL].limit == "10000000.00"


def test_missing_values_are_absent_never_guessed() -> None:
    cover = by_type(lines("Certificate of insurance", "Section 1 Employers Liability",
                          "Limit of indemnity: see policy wording", "Policy number: EL77120"))[EL]
    assert cover.limit is None
    assert (cover.insured, cover.insurer, cover.start, cover.expiry) == (None, None, None, None)
    assert cover.policy_number == "EL77120"


def test_each_cover_keeps_its_document_page_and_source_text() -> None:
    cover = by_type(lines("Certificate of insurance", "Employers Liability £10,000,000"))[EL]
    assert (cover.document, cover.page) == ("certificate.pdf", 1)
    assert cover.source_text == "Employers Liability £10,000,000"


# A layout the corpus does not have: one column per cover, labels down the side, and the
# labels documents.md names but the corpus layouts do not all use.
UNSEEN = Layout((
    Title("Riverside Insurance Services"),
    Title("Insurance Certificate"),
    Para("Name of insured: Oakridge Homes CIC"),
    Para("Underwritten by: Lambeth Mutual Insurance Ltd"),
    Grid((
        ("", "Employers Liability", "Public & Products Liability", "Professional Negligence"),
        ("Indemnity limit", "£10m", "GBP 5,000,000", "£2,000,000"),
        ("Policy number", "LM-1001", "LM-1002", "LM-1003"),
        ("Renewal date", "01/05/2025", "01/05/2025", "01/08/2025"),
    )),
    Para("This certificate is issued as evidence of the insurance described above."),
))


@pytest.mark.parametrize("writer", [to_docx, to_pdf], ids=["docx", "pdf"])
def test_an_insurer_layout_not_in_the_corpus_is_read(writer: Writer) -> None:
    extracted = extract_document("unseen", writer(UNSEEN))
    assert extracted.kinds == ("insurance-certificate",)
    covers = {cover.type: cover for cover in extracted.covers}
    assert {t: c.limit for t, c in covers.items()} == {
        EL: "10000000.00", PL: "5000000.00", PI: "2000000.00"}
    assert {c.insured for c in covers.values()} == {"Oakridge Homes CIC"}
    assert {c.insurer for c in covers.values()} == {"Lambeth Mutual Insurance Ltd"}
    assert {t: c.expiry for t, c in covers.items()} == {
        EL: "2025-05-01", PL: "2025-05-01", PI: "2025-08-01"}
