"""Recognising what a file is from its content (documents.md), and not being fooled by phrases."""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.form import QUESTIONS
from extraction.classify import classify
from extraction.documents import extract_document
from extraction.model import FormField, ReadDocument, TextBlock
from fixtures.supporting.document_samples import COVERING_LETTER
from fixtures.supporting.render import to_pdf
from tests.extraction.builders import lines

FILLER = tuple(f"Paragraph {n} of the policy explains how staff keep children safe."
               for n in range(1, 16))
EXAMPLES = {
    # evidence of cover names the insured and a period (documents.md), not a bare limit
    "insurance-certificate": lines("Certificate of insurance", "Insured: Acme Care Ltd",
                                   "Period of insurance: 1 April 2024 to 31 March 2025",
                                   "Employers' Liability £10,000,000"),
    "ofsted-certificate": lines("Certificate of registration", "Care Standards Act 2000",
                                "URN: SC123456"),
    "pricing-schedule": lines("Schedule of fees",
                              "Lot Service Core weekly fee Education weekly fee "
                              "Therapy weekly fee Total weekly fee",
                              "3 Standard foster placement 1,050.00 1,050.00"),
    "accounts": lines("Acme Care Ltd", "Financial statements",
                      "for the year ended 31 March 2024", "2024 £ 2023 £",
                      "Turnover 1,234,567 1,100,000"),
    # a narrative kind is its content too: a lead, allegations, abuse; Schedule 1's topics
    "safeguarding-policy": lines("Safeguarding policy", "Last reviewed: 1 March 2024",
                                 "Designated Safeguarding Lead: Alex Morgan",
                                 "Report any allegation of abuse to the DSL at once."),
    "statement-of-purpose": lines("Statement of purpose", "Name of home: Keys House",
                                  "Registered manager: Jo Bennett",
                                  "Keys House is a children's home registered with Ofsted."),
    "bid": lines("Mini-competition bid", "Placement reference: PR-2026-0147"),
}


@pytest.mark.parametrize("kind", EXAMPLES)
def test_each_kind_is_recognised_from_its_title_and_what_it_is_made_of(kind: str) -> None:
    assert classify(EXAMPLES[kind]) == (kind,)


def test_a_document_holding_several_kinds_is_every_one_of_them() -> None:
    both = ReadDocument("application/pdf", EXAMPLES["insurance-certificate"].blocks
                        + EXAMPLES["ofsted-certificate"].blocks)
    assert classify(both) == ("insurance-certificate", "ofsted-certificate")


def test_an_application_form_asking_for_the_certificate_of_insurance_is_only_a_form() -> None:
    document = docx.Document()
    document.add_paragraph("Application to join the Dynamic Purchasing System")
    table = document.add_table(rows=0, cols=2)
    for label, answer in [("Certificate of insurance", "attached"),
                          ("F1 Employer's liability insurance limit (£)", "£10,000,000"),
                          ("F2 Public liability insurance limit (£)", "£5,000,000"),
                          ("Safeguarding policy", "attached")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, answer
    out = io.BytesIO()
    document.save(out)
    assert extract_document("form.docx", out.getvalue()).kinds == ("application-form",)


def test_form_fields_named_by_question_ids_make_an_application_form() -> None:
    fields = tuple(FormField(name=question.id, value="x") for question in QUESTIONS[:12])
    assert classify(lines("Certificate of insurance", "EL £10m", fields=fields)) == (
        "application-form",)


def test_a_safeguarding_policy_that_mentions_insurance_is_not_a_certificate() -> None:
    policy = lines("Safeguarding and child protection policy", "Reviewed: 1 March 2024",
                   "Staff are covered by our employers' liability insurance of £10,000,000 and "
                   "our certificate of insurance is displayed in the office.",
                   "Allegations against staff are referred to the LADO.", *FILLER)
    assert classify(policy) == ("safeguarding-policy",)


def test_a_statement_of_purpose_with_a_safeguarding_section_is_only_a_statement() -> None:
    statement = lines("Statement of purpose – Keys House", "Name of home: Keys House",
                      "Registered manager: Jo Bennett", "The home is registered with Ofsted.",
                      "We care for up to four children aged 8 to 17.",
                      "Safeguarding and child protection", *FILLER)
    assert classify(statement) == ("statement-of-purpose",)


def test_a_title_without_what_the_kind_is_made_of_is_not_that_kind() -> None:
    assert classify(lines("Certificate of insurance", "Please see the attached schedule.")) == ()
    assert classify(lines("Pricing schedule", "Our fees are on the next page.")) == ()
    assert classify(lines("Mini-competition bid", "We would like to bid.")) == ()


def test_a_letter_enclosing_the_annual_accounts_is_not_accounts() -> None:
    letter = lines("Dear team,", "Annual accounts",
                   "Our accounts for the year ended 31 March 2024 are enclosed.")
    assert classify(letter) == ()


def test_a_phrase_inside_a_sentence_is_not_a_title() -> None:
    letter = lines("Dear team,", "Our certificate of registration from Ofsted is displayed in "
                   "the hall of the home for every visitor to see.")
    assert classify(letter) == ()


def test_a_covering_letter_listing_its_enclosures_is_unrecognised() -> None:
    extracted = extract_document("insurance-certificate.pdf", to_pdf(COVERING_LETTER.layout))
    assert extracted.kinds == ()
    assert [found.code for found in extracted.findings] == ["unrecognised-document"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=60), min_size=1, max_size=4), max_size=25))
def test_classification_never_raises_on_any_text(rows: list[list[str]]) -> None:
    read = ReadDocument("application/pdf",
                        tuple(TextBlock(tuple(row), len(row) > 1, page=1) for row in rows))
    assert isinstance(classify(read), tuple)


def test_a_contents_line_naming_a_kind_is_no_heading_of_it() -> None:
    contents = lines("Staff handbook", "Contents", "1.0 Statement of Purpose ........ 25",
                     "2.0 Safeguarding Policy . . . . 31", *FILLER)
    assert classify(contents) == ()
