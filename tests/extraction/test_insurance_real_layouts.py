"""Insurance documents as insurers, brokers and buyers really write them (documents.md, "What real
documents look like"): the statutory EL certificate, broker letters whose sentences run together
and give each cover its own period, policy schedules with many sections, and the requirement
schedules and blank questionnaires that state limits but are no evidence of cover."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from domain.evidence import InsuranceCover
from extraction.classify import classify
from extraction.documents import extract_document
from extraction.insurance import evidenced, find_covers
from extraction.model import ReadDocument, TextBlock

EL, PL, PI = "employers-liability", "public-liability", "professional-indemnity"

STATUTORY_EL = (
    "CERTIFICATE OF EMPLOYERS\u2019 LIABILITY INSURANCE (a)",
    "(Where required by regulation 5 of the Employers\u2019 Liability (Compulsory Insurance)",
    "Regulations 1998 (the Regulations), one or more copies of this certificate must be",
    "displayed at each place of business at which the policyholder employs persons covered by",
    "the policy)",
    "Policy No. 01/ZC/2234567",
    "1. Name of policyholder Brightwater Children\u2019s Services Limited",
    "2. Date of commencement of insurance policy 1st June 2019",
    "3. Date of expiry of insurance policy 31st May 2020",
    "We hereby certify that subject to paragraph 2:",
    "1. the policy to which this certificate relates satisfies the requirements of the relevant",
    "law applicable in Great Britain, Northern Ireland, the Isle of Man, the Island of Jersey,",
    "the Island of Guernsey and the Island of Alderney; and",
    "2. (a) the minimum amount of cover provided by this policy is no less than "
    "\u00a35 million (b)",
    "Signed on behalf of Aviva Insurance Limited (Authorised Insurer)",
    "Notes",
    "(b) See regulation 3(1) of the Regulations and delete whichever of paragraphs 2(a) or 2(b)",
    "does not apply. Where 2(b) is applicable, specify the amount of cover provided by the",
    "relevant policy.",
)

BROKER_LETTER = (
    "Certificate of Insurance",
    "This is to certify that Little Acorns Fostering Ltd is insured under policy number",
    "PCL/558120/2026 with Markel International Insurance Company Limited for Public",
    "Liability with a Limit of Liability of up to \u00a31,500,000and Professional Indemnity of up",
    "to \u00a31,500,000 in respect of their activities as a fostering agency.",
    "Public Liability",
    "Effective from: 16/02/2026 00:00",
    "Until: 15/02/2027 23:59",
    "Professional Indemnity",
    "Effective from: 01/03/2026 00:00",
    "Until: 28/02/2027 23:59",
    "Signed for and on behalf of Towergate Insurance Limited",
)

POLICY_SCHEDULE = (
    "POLICY SCHEDULE",
    "Policy Number: CHS/2024/001234",
    "The Insured: Oakwood Residential Care Ltd",
    "Period of Insurance: From 01/04/2024 To 31/03/2025 (both days inclusive)",
    "Insurer: Ecclesiastical Insurance Office plc",
    "Section 1 - Buildings",
    "Sum Insured \u00a32,450,000",
    "Section 2 - Contents",
    "Sum Insured \u00a3150,000",
    "Section 3 - Employers' Liability",
    "Limit of Indemnity \u00a310,000,000 any one occurrence",
    "Section 4 - Money",
    "Limit \u00a35,000 any one loss",
    "Section 5 - Public and Products Liability",
    "Limit of Indemnity \u00a35,000,000 any one occurrence",
    "Section 6 - Business Interruption",
    "Sum Insured \u00a3500,000",
    "Section 7 - Professional Indemnity",
    "Limit of Indemnity five million pounds in the aggregate",
    "Section 8 - Legal Expenses",
    "Limit \u00a3100,000",
)

CONTRACT_REQUIREMENTS = (
    "SCHEDULE 9 \u2013 INSURANCE REQUIREMENTS",
    "1. The Supplier shall effect and maintain the following insurances for the duration of",
    "the Contract:",
    "1.1 Employer's Liability insurance with a limit of indemnity of not less than \u00a35,000,000",
    "in respect of any one occurrence;",
    "1.2 Public Liability insurance with a limit of indemnity of not less than \u00a35,000,000;",
    "1.3 Professional Indemnity insurance with a limit of indemnity of not less than",
    "\u00a32,000,000 for each and every claim.",
    "2. The Supplier shall provide the Authority with a certificate of insurance on request.",
)

BLANK_QUESTIONNAIRE = (
    "Part 2 Section 7 \u2013 Insurance",
    "7.1 Please self-certify whether you already have, or can commit to obtain, prior to the",
    "commencement of the contract, the levels of insurance cover indicated below:",
    "Employer's (Compulsory) Liability = \u00a35,000,000",
    "Public Liability = \u00a35,000,000",
    "Professional Indemnity = \u00a32,000,000",
    "Insurer: ______________",
    "Policy number: ______________",
    "Name of the insured: ______________",
    "Expiry date: ______________",
)


def lines(texts: tuple[str, ...]) -> ReadDocument:
    return ReadDocument("application/pdf",
                        tuple(TextBlock((text,), False, page=1) for text in texts))


def by_type(texts: tuple[str, ...]) -> dict[str, InsuranceCover]:
    return {cover.type: cover for cover in evidenced(find_covers(lines(texts), "c.pdf"))}


def as_pdf(texts: tuple[str, ...]) -> bytes:
    """The lines set on an A4 page as a word processor would, with a real text layer."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setFont("Helvetica", 9)
    for number, text in enumerate(texts):
        page.drawString(40, 800 - 14 * number, text)
    page.save()
    return buffer.getvalue()


def test_the_statutory_el_certificate_gives_its_cover_from_the_regulations_wording() -> None:
    cover = by_type(STATUTORY_EL)[EL]
    assert cover.model_dump(include={"limit", "insured", "insurer", "policy_number", "start",
                                     "expiry"}) == {
        "limit": "5000000.00", "insured": "Brightwater Children's Services Limited",
        "insurer": "Aviva Insurance Limited", "policy_number": "01/ZC/2234567",
        "start": "2019-06-01", "expiry": "2020-05-31"}


def test_the_statutory_el_certificate_is_recognised_and_read_from_a_real_pdf() -> None:
    read = extract_document("el-certificate.pdf", as_pdf(STATUTORY_EL))
    assert read.kinds == ("insurance-certificate",)
    assert [(cover.type, cover.limit, cover.expiry) for cover in read.covers] == [
        (EL, "5000000.00", "2020-05-31")]


def test_the_statutory_wording_names_only_employers_liability() -> None:
    assert set(by_type(STATUTORY_EL)) == {EL}


def test_a_broker_letter_read_across_its_line_breaks_gives_each_cover_and_its_own_period() -> None:
    covers = by_type(BROKER_LETTER)
    assert {kind: (c.limit, c.start, c.expiry) for kind, c in covers.items()} == {
        PL: ("1500000.00", "2026-02-16", "2027-02-15"),
        PI: ("1500000.00", "2026-03-01", "2027-02-28")}
    assert {c.insured for c in covers.values()} == {"Little Acorns Fostering Ltd"}
    assert {c.policy_number for c in covers.values()} == {"PCL/558120/2026"}


def test_the_insurer_named_in_a_broker_letter_wins_over_the_broker_that_signed_it() -> None:
    covers = by_type(BROKER_LETTER)
    assert {c.insurer for c in covers.values()} == {
        "Markel International Insurance Company Limited"}


def test_a_policy_schedule_takes_each_limit_from_its_own_section_only() -> None:
    covers = by_type(POLICY_SCHEDULE)
    assert {kind: c.limit for kind, c in covers.items()} == {
        EL: "10000000.00", PL: "5000000.00", PI: "5000000.00"}
    assert {(c.insured, c.insurer, c.start, c.expiry) for c in covers.values()} == {
        ("Oakwood Residential Care Ltd", "Ecclesiastical Insurance Office plc", "2024-04-01",
         "2025-03-31")}


def test_a_contracts_insurance_requirements_are_no_evidence_of_cover() -> None:
    assert by_type(CONTRACT_REQUIREMENTS) == {}
    assert classify(lines(CONTRACT_REQUIREMENTS)) == ()


def test_a_blank_questionnaire_asking_for_cover_yields_no_cover_and_no_policy_number() -> None:
    read = find_covers(lines(BLANK_QUESTIONNAIRE), "sq.pdf")
    assert evidenced(read) == ()
    assert {cover.policy_number for cover in read} == {None}
    assert classify(lines(BLANK_QUESTIONNAIRE)) == ()


def test_a_requirement_titled_as_a_certificate_is_still_not_a_certificate() -> None:
    titled = ("Certificate of insurance", *CONTRACT_REQUIREMENTS[1:])
    assert classify(lines(titled)) == ()


def test_a_cover_the_certificate_says_is_not_provided_is_no_cover() -> None:
    texts = ("Certificate of insurance", "Insured: Acme Care Ltd",
             "Period of insurance: 1 April 2025 to 31 March 2026",
             "Public Liability: \u00a35,000,000",
             "Employers' Liability is not provided by this policy",
             "Professional Indemnity | Not covered", "EL: N/A")
    assert set(by_type(texts)) == {PL}


def test_a_limit_read_from_a_sentence_of_a_scan_keeps_the_ocr_confidence() -> None:
    scanned = tuple(TextBlock((text,), False, page=1, confidence=0.62) for text in BROKER_LETTER)
    covers = {c.type: c for c in find_covers(ReadDocument("application/pdf", scanned), "s.pdf")}
    assert covers[PL].limit == "1500000.00"
    assert covers[PL].confidence == 0.62
