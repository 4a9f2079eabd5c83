"""Realistic extracted submissions for the decision-table tests: a complete, acceptable
application for lot 3 (a fostering agency rated Good) and lot 4 (a home rated Good), which each
test changes in one respect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd

from domain.evidence import Answer, ExtractedDocument, InsuranceCover, SettingRow, TableRow
from domain.form import QUESTIONS_BY_ID
from domain.models import StoredFile
from extraction.parsers import parse_answer
from fixtures import OFSTED_SNAPSHOT
from validators.case import Case
from validators.ofsted import load_ofsted_snapshot
from validators.policy import DEFAULT_POLICY

AS_OF = dt.date(2024, 6, 3)
GOOD_IFA = "SC457688"  # Little Acorns Fostering, owned by Little Acorns Fostering Ltd
GOOD_HOME = "2590342"  # a children's home owned by Unity Residential Care Services Limited
RI_HOME, INADEQUATE_HOME = "SC454901", "SC456532"
LEGAL_NAME = "Little Acorns Fostering Ltd"


@cache
def ofsted() -> pd.DataFrame:
    providers = load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers.copy()
    # the tests' applicant owns both settings, as a group would
    providers.loc[GOOD_HOME, "organisation"] = "Little Acorns Fostering Limited"
    return providers


FORM_ANSWERS = {
    "A1": LEGAL_NAME,
    "A2": "Little Acorns",
    "A3": "Limited company",
    "A4": "08123456",
    "A7": "1 Market Hill, Sudbury",
    "A8": "CO10 2EA",
    "A9": "Sam Patel",
    "A10": "bids@littleacorns.example",
    "A11": "01787 000000",
    "B1": "3 Independent fostering agencies; 4 Children's residential homes",
    **{f"C{n}": "No" for n in range(1, 8)},
    **{f"D{n}": "No" for n in range(1, 7)},
    "E1": "£4,250,000",
    "E2": "31/03/2023",
    "F1": "£10,000,000",
    "F2": "£5,000,000",
    "F3": "£2,000,000",
    "F4": "30/09/2024",
    "G1": "Alex Morgan",
    "G2": "15 January 2024",
    "G3": "Yes",
    "G4": "Jo Bennett",
    "H1": "Sam Patel",
    "H2": "Director",
    "H3": "20/05/2024",
    "H4": "Yes",
}
SETTINGS = (("Little Acorns Fostering", "3", GOOD_IFA), ("Acorn House", "4", GOOD_HOME))
COVERS = (
    ("employers-liability", "10000000.00"),
    ("public-liability", "5000000.00"),
    ("professional-indemnity", "2000000.00"),
)
PRICING = (
    ("3", "Standard foster placement", "950", "", "", "950"),
    ("4", "52-week residential", "6,500", "800", "400", "7,700"),
)


def _answers(document: str, values: dict[str, str]) -> dict[str, Answer]:
    return {
        k: Answer(
            value=parse_answer(QUESTIONS_BY_ID[k].type, v), source_text=v, document=document, page=1
        )
        for k, v in values.items()
        if v is not None
    }


def _doc(file: str, kind: str, **updates: object) -> ExtractedDocument:
    base = ExtractedDocument(
        file=file, sha256=file.ljust(64, "0")[:64], media_type="pdf", kinds=(kind,), pages=1
    )
    return base.model_copy(update=updates)


@dataclass(frozen=True)
class Submission:
    answers: dict[str, str] = field(default_factory=lambda: dict(FORM_ANSWERS))
    settings: tuple[tuple[str, str, str], ...] = SETTINGS
    covers: tuple[tuple[str, str], ...] = COVERS
    insured: str = "Little Acorns Fostering Limited"
    expiry: str = "2024-09-30"
    pricing: tuple[tuple[str, ...], ...] = PRICING
    pricing_columns: tuple[str, ...] = (
        "Lot",
        "Service",
        "Core weekly fee",
        "Education weekly fee",
        "Therapy weekly fee",
        "Total weekly fee",
    )
    accounts_year_end: str = "2023-03-31"
    safeguarding_reviewed: str = "2024-01-15"
    certificates: tuple[str, ...] = (GOOD_IFA, GOOD_HOME)
    without: tuple[str, ...] = ()  # kinds of document left out
    extra: tuple[ExtractedDocument, ...] = ()

    def change(self, **answers: str) -> Submission:
        return replace(self, answers={**self.answers, **answers})

    def documents(self) -> tuple[ExtractedDocument, ...]:
        settings = tuple(
            SettingRow(name=n, lot=lot, ofsted_urn=urn, document="form.pdf", page=2)
            for n, lot, urn in self.settings
        )
        documents = [
            _doc(
                "form.pdf",
                "application-form",
                fields=_answers("form.pdf", self.answers),
                settings=settings,
            ),
            _doc(
                "insurance.pdf",
                "insurance-certificate",
                covers=tuple(
                    InsuranceCover(
                        type=t,
                        limit=limit,
                        insured=self.insured,
                        expiry=self.expiry,
                        document="insurance.pdf",
                        page=1,
                    )
                    for t, limit in self.covers
                ),
            ),
            _doc(
                "fees.pdf",
                "pricing-schedule",
                tables={
                    "pricing": tuple(
                        TableRow(
                            cells=dict(zip(self.pricing_columns, row, strict=False)),
                            document="fees.pdf",
                            page=1,
                            row=n,
                        )
                        for n, row in enumerate(self.pricing, start=1)
                    )
                },
            ),
            _doc(
                "accounts.pdf",
                "accounts",
                fields={
                    "accounts.year_end": Answer(
                        value=self.accounts_year_end,
                        source_text="31 March 2023",
                        document="accounts.pdf",
                        page=3,
                    )
                },
            ),
            _doc(
                "safeguarding.pdf",
                "safeguarding-policy",
                fields={
                    "safeguarding-policy.reviewed": Answer(
                        value=self.safeguarding_reviewed,
                        source_text="",
                        document="safeguarding.pdf",
                        page=1,
                    )
                },
            ),
            _doc("purpose.pdf", "statement-of-purpose"),
            *(
                _doc(
                    f"ofsted-{urn}.pdf",
                    "ofsted-certificate",
                    fields={
                        "ofsted-certificate.urn": Answer(
                            value=urn, source_text=urn, document=f"ofsted-{urn}.pdf", page=1
                        )
                    },
                )
                for urn in self.certificates
            ),
            *self.extra,
        ]
        return tuple(d for d in documents if not set(d.kinds) & set(self.without))

    def case(self, as_of: dt.date = AS_OF, policy=DEFAULT_POLICY, gias=None) -> Case:  # type: ignore[no-untyped-def]
        files = tuple(
            StoredFile(
                original_name=d.file, sha256=d.sha256, size=1000, media_type="application/pdf"
            )
            for d in self.documents()
        )
        return Case(
            self.documents(),
            policy,
            as_of,
            ofsted(),
            "Ofsted 31 March 2024",
            gias=gias,
            gias_label="GIAS 9 January 2025",
            files=files,
        )
