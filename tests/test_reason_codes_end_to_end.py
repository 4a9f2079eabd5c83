"""Documents in, decision out: real DOCX and PDF bytes made from the published form and the
supporting-document layouts, read by the real extractor and judged by every rule against the real
Ofsted snapshot and the GIAS fixture. Each variant changes one thing about a complete, acceptable
submission; together they give every reason code at least once, and each asserts the exact set."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd
import pytest

from domain.evidence import ExtractedDocument
from domain.models import StoredFile
from domain.reasons import REASONS
from extraction.documents import extract_document
from extraction.limits import DEFAULT_LIMITS, Limits
from fixtures import FIXTURES, OFSTED_SNAPSHOT
from fixtures.applications import SAMPLE_APPLICATIONS, SampleApplication
from fixtures.demo_documents import Supporting, documents
from fixtures.generate import application_docx
from fixtures.long import dense_policy_pdf
from fixtures.sample_dates import sample_files
from validators.case import Case
from validators.decide import decide_lots, run_rules
from validators.gias import load_gias_extract
from validators.ofsted import load_ofsted_snapshot
from validators.policy import DEFAULT_POLICY

AS_OF = dt.date(2024, 6, 3)
BASE = SAMPLE_APPLICATIONS[0]  # Children First Fostering Agency, lot 3, rated Outstanding
HOME = ("Acorn House", "4", "2590342")  # a children's home rated Good
HOME_OWNER = "Unity Residential Care Services Limited"
HOSTILE = FIXTURES / "hostile"
# a scan of the agency's own certificate (fixtures/scanned/), read by OCR
SCANNED_CERTIFICATE = FIXTURES / "scanned" / "scanned-insurance-combined-table-el-pl-pi.pdf"
LETTER = (
    FIXTURES / "corpus" / "supporting" / "covering-letter-listing-enclosures-is-unrecognised.pdf"
)


@cache
def ofsted() -> pd.DataFrame:
    return load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers


@cache
def gias() -> pd.DataFrame:
    return load_gias_extract(
        (FIXTURES / "gias" / "edubasealldata20250109.csv").read_bytes()
    ).establishments


@dataclass(frozen=True)
class Variant:
    """One change to the base submission, as the provider would make it in their files."""

    answers: dict[str, str] = field(default_factory=dict)
    settings: tuple[dict[str, str], ...] | None = None
    supporting: dict[str, object] = field(default_factory=dict)
    drop: tuple[str, ...] = ()  # file-name prefixes left out of the submission
    extra: tuple[tuple[str, bytes], ...] = ()
    not_yet_inspected: str = ""  # a URN whose judgement the snapshot lacks
    limits: Limits = DEFAULT_LIMITS  # how far each file is read

    def files(self) -> list[tuple[str, bytes]]:
        settings = list(self.settings) if self.settings is not None else BASE.settings
        sample = replace(BASE, answers={**BASE.answers, **self.answers}, settings=settings)
        social = tuple(
            (s["Setting name"], s["Lot"], s["Ofsted URN"]) for s in settings if s.get("Ofsted URN")
        )
        support = replace(BASE.supporting, **{"settings": social, **self.supporting})
        files = {BASE.file_name: application_docx(sample), **documents(support), **dict(self.extra)}
        return [
            (name, data)
            for name, data in files.items()
            if not name.startswith(self.drop or ("\0",))
        ]


_EXTRACTED: dict[tuple[str, str], ExtractedDocument] = {}


def _extract(name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> ExtractedDocument:
    key = (name, hashlib.sha256(data).hexdigest(), limits)
    if key not in _EXTRACTED:  # the same document recurs across variants: read it once
        _EXTRACTED[key] = extract_document(name, data, limits)
    return _EXTRACTED[key]


def decide(variant: Variant) -> tuple[set[str], dict[str, str]]:
    providers = ofsted()
    if variant.not_yet_inspected:
        providers = providers.copy()
        providers.loc[variant.not_yet_inspected, "overall_judgement"] = pd.NA
    return decide_files(variant.files(), AS_OF, providers, variant.limits)


def decide_files(files: list[tuple[str, bytes]], as_of: dt.date, providers: pd.DataFrame,
                 limits: Limits = DEFAULT_LIMITS) -> tuple[set[str], dict[str, str]]:
    stored = tuple(
        StoredFile(
            original_name=n,
            sha256=hashlib.sha256(d).hexdigest(),
            size=len(d),
            media_type="application/octet-stream",
        )
        for n, d in files
    )
    case = Case(
        tuple(_extract(n, d, limits) for n, d in files),
        DEFAULT_POLICY,
        as_of,
        providers,
        "Ofsted 2024",
        gias(),
        "GIAS 2025",
        files=stored,
    )
    findings = run_rules(case)
    return {f.code for f in findings}, {d.lot: d.outcome.value for d in decide_lots(case, findings)}


def _setting(name: str, lot: str, ofsted_urn: str = "", dfe_urn: str = "") -> dict[str, str]:
    return {"Setting name": name, "Lot": lot, "Ofsted URN": ofsted_urn, "DfE URN": dfe_urn}


IFA = _setting("Children First Fostering Agency", "3", "SC034253")
TWO_LOTS = {
    "B1": "3 Independent fostering agencies; 4 Children's residential homes",
    "G4": "Jo Bennett",
}
SCHOOL = {"B1": "1b Day special schools"}
BIG_PDF = b"%PDF-1.4\n" + b" " * (21 * 2**20)  # over the 20 MiB limit, and no PDF inside

A, R, V = "accepted", "rejected", "in-review"
VARIANTS: list[tuple[str, Variant, set[str], dict[str, str]]] = [
    ("complete", Variant(), set(), {"3": A}),
    (
        "macro-enabled extra file",
        Variant(extra=(("notes.docx", (HOSTILE / "macro-enabled-renamed.docx").read_bytes()),)),
        {"unsupported-file-type"},
        {"3": R},
    ),
    (
        "file over 20 MiB",
        Variant(extra=(("scan.pdf", BIG_PDF),)),
        {"file-too-large", "unreadable-document"},
        {"3": R},
    ),
    (
        "truncated extra file",
        Variant(extra=(("cut.pdf", (HOSTILE / "truncated.pdf").read_bytes()),)),
        {"unreadable-document"},
        {"3": R},
    ),
    (
        "covering letter",
        Variant(extra=(("letter.pdf", LETTER.read_bytes()),)),
        {"unrecognised-document"},
        {"3": A},
    ),
    (
        "JavaScript in a PDF",
        Variant(extra=(("js.pdf", (HOSTILE / "javascript.pdf").read_bytes()),)),
        {"active-content", "unrecognised-document"},
        {"3": A},
    ),
    (
        "a scanned copy of the insurance certificate as well",
        Variant(extra=(("scan.pdf", SCANNED_CERTIFICATE.read_bytes()),)),
        {"scanned-document"},
        {"3": A},
    ),
    (
        "a long policy with appendices, read as far as the reading limits go",
        Variant(extra=(("policy-with-appendices.pdf", dense_policy_pdf(6)),),
                limits=replace(DEFAULT_LIMITS, reading_pages=4)),
        {"document-partly-read"},
        {"3": A},
    ),
    (
        "employer's liability on the statutory certificate, the other covers on another",
        Variant(supporting={"statutory_el": True}),
        set(),
        {"3": A},
    ),
    ("no form", Variant(drop=(BASE.file_name,)), {"missing-application-form"}, {"all": R}),
    ("no insurance", Variant(drop=("insurance",)), {"missing-insurance-certificate"}, {"3": R}),
    ("no pricing", Variant(drop=("pricing",)), {"missing-pricing-schedule"}, {"3": R}),
    ("no safeguarding", Variant(drop=("safeguarding",)), {"missing-safeguarding-policy"}, {"3": R}),
    ("no accounts", Variant(drop=("accounts",)), {"missing-accounts"}, {"3": R}),
    ("no Ofsted certificate", Variant(drop=("ofsted",)), {"missing-ofsted-certificate"}, {"3": V}),
    (
        "a home without a statement of purpose",
        Variant(
            answers={**TWO_LOTS, "A1": HOME_OWNER},
            settings=(IFA, _setting(*HOME)),
            supporting={
                "legal_name": HOME_OWNER,
                "fees": (
                    ("3", "Standard", "950", "", "", "950"),
                    ("4", "Residential", "6,000", "", "", "6,000"),
                ),
            },
            drop=("statement",),
        ),
        {"missing-statement-of-purpose", "ofsted-owner-mismatch"},
        {"3": V, "4": R},
    ),
    (
        "a lot without a setting",
        Variant(answers=TWO_LOTS),
        {"setting-missing-for-lot", "pricing-schedule-invalid", "missing-statement-of-purpose"},
        {"3": A, "4": R},
    ),
    ("no email", Variant(answers={"A10": ""}), {"missing-answer"}, {"3": R}),
    (
        "company number 1234AB",
        Variant(answers={"A4": "1234AB"}),
        {"invalid-companies-house-number"},
        {"3": R},
    ),
    (
        "charity number 12AB",
        Variant(answers={"A3": "Registered charity", "A5": "12AB"}),
        {"invalid-charity-number"},
        {"3": R},
    ),
    (
        "VAT number failing its check",
        Variant(answers={"A6": "GB 123 4567 89"}),
        {"invalid-vat-number"},
        {"3": V},
    ),
    (
        "email without @",
        Variant(answers={"A10": "dps at childrenfirst"}),
        {"invalid-email"},
        {"3": R},
    ),
    (
        "URN with a digit missing",
        Variant(settings=(_setting("Agency", "3", "SC03425"),)),
        # the certificate's own malformed URN is not read as a URN, so no certificate matches either
        {"invalid-identifier", "ofsted-urn-not-found", "missing-ofsted-certificate"},
        {"3": R},
    ),
    ("fraud", Variant(answers={"C3": "Yes"}), {"mandatory-exclusion"}, {"3": R}),
    (
        "insolvency",
        Variant(answers={"D2": "Yes", "D2 details": "Administration in 2021."}),
        {"discretionary-exclusion"},
        {"3": V},
    ),
    (
        "EL £1m",
        Variant(answers={"F1": "£1,000,000"}, supporting={"el": "£1,000,000"}),
        {"employers-liability-below-minimum"},
        {"3": R},
    ),
    (
        "PL £2m",
        Variant(answers={"F2": "£2,000,000"}, supporting={"pl": "£2,000,000"}),
        {"public-liability-below-minimum"},
        {"3": R},
    ),
    (
        "PI £1m",
        Variant(answers={"F3": "£1,000,000"}, supporting={"pi": "£1m"}),
        {"professional-indemnity-below-minimum"},
        {"3": R},
    ),
    (
        "expired insurance",
        Variant(
            answers={"F4": "31/05/2024"},
            supporting={"insurance_period": "From 1 June 2023 to 31 May 2024"},
        ),
        {"insurance-expired"},
        {"3": R},
    ),
    (
        "insurance expiring in 20 days",
        Variant(
            answers={"F4": "23/06/2024"},
            supporting={"insurance_period": "From 24 June 2023 to 23 June 2024"},
        ),
        {"insurance-expiring-soon"},
        {"3": A},
    ),
    (
        "certificate in another name",
        Variant(supporting={"insured": "Oak Tree Care Ltd"}),
        {"insurance-name-mismatch"},
        {"3": V},
    ),
    (
        "declared EL unlike the certificate",
        Variant(answers={"F1": "£5,000,000"}),
        {"insurance-declaration-mismatch"},
        {"3": V},
    ),
    (
        "URN not in Ofsted's data",
        Variant(settings=(_setting("Agency", "3", "SC999999"),)),
        {"ofsted-urn-not-found"},
        {"3": V},
    ),
    (
        "an agency listed as a home",
        Variant(
            answers={"B1": "4 Children's residential homes", "G4": "Jo Bennett"},
            settings=(_setting("Agency", "4", "SC034253"),),
            supporting={"fees": (("4", "Residential", "6,000", "", "", "6,000"),)},
        ),
        {"ofsted-provision-type-mismatch"},
        {"4": R},
    ),
    (
        "a suspended home",
        Variant(
            answers={**TWO_LOTS},
            settings=(IFA, _setting("Home", "4", "2677270")),
            supporting={
                "fees": (
                    ("3", "Standard", "950", "", "", "950"),
                    ("4", "Home", "6,000", "", "", "6,000"),
                )
            },
        ),
        {"ofsted-registration-inactive", "ofsted-owner-mismatch"},
        {"3": A, "4": R},
    ),
    (
        "a home rated inadequate",
        Variant(
            answers={**TWO_LOTS},
            settings=(IFA, _setting("Home", "4", "SC456532")),
            supporting={
                "fees": (
                    ("3", "Standard", "950", "", "", "950"),
                    ("4", "Home", "6,000", "", "", "6,000"),
                )
            },
        ),
        {"ofsted-rating-inadequate", "ofsted-owner-mismatch"},
        {"3": A, "4": R},
    ),
    (
        "an agency rated requires improvement",
        Variant(
            answers={"A1": "Hope Fostering Services Limited"},
            settings=(_setting("Hope", "3", "SC367371"),),
            supporting={"legal_name": "Hope Fostering Services Limited"},
        ),
        {"ofsted-rating-requires-improvement"},
        {"3": V},
    ),
    (
        "not yet inspected",
        Variant(not_yet_inspected="SC034253"),
        {"ofsted-not-yet-inspected"},
        {"3": V},
    ),
    (
        "Ofsted certificate for another URN",
        Variant(supporting={"settings": (("Agency", "3", "SC457688"),)}),
        {"ofsted-certificate-mismatch", "missing-ofsted-certificate"},
        {"3": V},
    ),
    (
        "a day special school, open",
        Variant(
            answers=SCHOOL,
            settings=(_setting("Thornbury", "1b", dfe_urn="101530"),),
            supporting={"fees": (("1b", "Day place", "1,500", "", "", "1,500"),)},
        ),
        set(),
        {"1b": A},
    ),
    (
        "a school not in GIAS",
        Variant(
            answers=SCHOOL,
            settings=(_setting("Nowhere", "1b", dfe_urn="199999"),),
            supporting={"fees": (("1b", "Day place", "1,500", "", "", "1,500"),)},
        ),
        {"gias-urn-not-found"},
        {"1b": V},
    ),
    (
        "a community special school",
        Variant(
            answers=SCHOOL,
            settings=(_setting("Yewtree", "1b", dfe_urn="105191"),),
            supporting={"fees": (("1b", "Day place", "1,500", "", "", "1,500"),)},
        ),
        {"gias-type-mismatch"},
        {"1b": R},
    ),
    (
        "a closed school",
        Variant(
            answers=SCHOOL,
            settings=(_setting("Calder", "1b", dfe_urn="107271"),),
            supporting={"fees": (("1b", "Day place", "1,500", "", "", "1,500"),)},
        ),
        {"gias-establishment-closed"},
        {"1b": R},
    ),
    (
        "accounts 26 months old",
        Variant(answers={"E2": "31/03/2022"}, supporting={"year_end": "31 March 2022"}),
        {"accounts-out-of-date"},
        {"3": V},
    ),
    ("turnover £0", Variant(answers={"E1": "£0"}), {"invalid-turnover"}, {"3": R}),
    ("DBS not confirmed", Variant(answers={"G3": "No"}), {"dbs-not-confirmed"}, {"3": R}),
    (
        "policy reviewed 14 months ago",
        Variant(answers={"G2": "01/04/2023"}, supporting={"reviewed": "1 April 2023"}),
        {"safeguarding-policy-out-of-date"},
        {"3": V},
    ),
    (
        "declaration not confirmed",
        Variant(answers={"H4": "No"}),
        {"declaration-not-signed"},
        {"3": R},
    ),
    (
        "declaration dated tomorrow",
        Variant(answers={"H3": "04/06/2024"}),
        {"declaration-date-invalid"},
        {"3": V},
    ),
    (
        "a fee in words",
        Variant(supporting={"fees": (("3", "Standard", "nine hundred", "", "", "950"),)}),
        {"pricing-schedule-invalid"},
        {"3": R},
    ),
    (
        "a total that is not the sum",
        Variant(supporting={"fees": (("3", "Standard", "950", "", "100", "950"),)}),
        {"pricing-total-mismatch"},
        {"3": V},
    ),
    (
        "a fee above the ceiling",
        Variant(supporting={"fees": (("3", "Solo", "1,500", "", "", "1,500"),)}),
        {"fee-above-ceiling"},
        {"3": V},
    ),
]


@pytest.mark.parametrize(
    ("variant", "codes", "lots"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS]
)
def test_documents_in_decision_out(variant: Variant, codes: set[str], lots: dict[str, str]) -> None:
    assert decide(variant) == (codes, lots)


def test_the_variants_give_every_admission_reason_code() -> None:
    given = set().union(*(codes for _, _, codes, _ in VARIANTS))
    assert set(REASONS) - given == {"ofsted-rating-improved"}  # given after admission only


def test_sample_applications_are_full_submissions() -> None:
    assert all(
        isinstance(s, SampleApplication) and isinstance(s.supporting, Supporting)
        for s in SAMPLE_APPLICATIONS
    )


@pytest.mark.parametrize("as_of", [dt.date(2024, 6, 3), dt.date(2026, 12, 3), dt.date(2031, 2, 28)])
@pytest.mark.parametrize("sample", SAMPLE_APPLICATIONS, ids=lambda s: s.file_name)
def test_the_demo_decides_each_sample_alike_whatever_the_day(
    sample: SampleApplication, as_of: dt.date
) -> None:
    """`dps demo` dates its samples for the day it runs (fixtures/sample_dates.py): every
    interval a rule measures is kept, so every decision and reason code is too."""
    codes, lots = decide_files(list(sample_files(sample, as_of).items()), as_of, ofsted())
    assert codes == set(sample.expected_codes)
    assert sample.expected_status in set(lots.values())
