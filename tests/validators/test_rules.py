"""The first rules, judged on extracted documents and the real Ofsted snapshot."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pytest

from domain.evidence import Answer, ExtractedDocument, SettingRow
from domain.form import QUESTIONS_BY_ID
from domain.models import LotOutcome
from extraction.parsers import parse_answer
from fixtures import OFSTED_SNAPSHOT
from validators.case import Case
from validators.decide import decide_lots, run_rules
from validators.identifiers import is_companies_house_number
from validators.ofsted import load_ofsted_snapshot
from validators.policy import DEFAULT_POLICY

AS_OF = dt.date(2024, 6, 3)
GOOD_IFA, OUTSTANDING_IFA = "SC457688", "SC034253"
RI_HOME, INADEQUATE_HOME = "SC454901", "SC456532"


@cache
def ofsted() -> pd.DataFrame:
    return load_ofsted_snapshot(OFSTED_SNAPSHOT.read_bytes()).providers


def form(settings: list[tuple[str, str]], **answers: str) -> ExtractedDocument:
    base = {"A1": "Acme Care Ltd", "A3": "Limited company", "A4": "01234567",
            "A10": "a@acme.example", "B1": "; ".join(sorted({lot for lot, _ in settings}))}
    base.update(answers)
    return ExtractedDocument(
        file="form.docx", sha256="0" * 64, media_type="docx", kinds=("application-form",),
        fields={k: Answer(value=parse_answer(QUESTIONS_BY_ID[k].type, v), source_text=v,
                          document="form.docx", page=1) for k, v in base.items()},
        settings=tuple(SettingRow(name=f"Home {urn}", lot=lot, ofsted_urn=urn)
                       for lot, urn in settings),
    )


def decide(*documents: ExtractedDocument):  # type: ignore[no-untyped-def]
    case = Case(documents, DEFAULT_POLICY, AS_OF, ofsted(), "Ofsted 31 March 2024")
    findings = run_rules(case)
    return {lot.lot: lot for lot in decide_lots(case, findings)}, {f.code for f in findings}


def test_accepts_a_fostering_agency_rated_good() -> None:
    lots, codes = decide(form([("3", GOOD_IFA)]))
    assert codes == set() and lots["3"].outcome is LotOutcome.ACCEPTED


def test_refers_a_home_rated_requires_improvement_with_its_judgement_and_date() -> None:
    lots, codes = decide(form([("4", RI_HOME)]))
    assert codes == {"ofsted-rating-requires-improvement"}
    assert lots["4"].outcome is LotOutcome.IN_REVIEW
    message = lots["4"].findings[0].message
    assert "Requires improvement to be good" in message and RI_HOME in message


def test_rejects_a_home_rated_inadequate_but_only_on_its_own_lot() -> None:
    lots, codes = decide(form([("4", INADEQUATE_HOME), ("3", OUTSTANDING_IFA)]))
    assert codes == {"ofsted-rating-inadequate"}
    assert lots["4"].outcome is LotOutcome.REJECTED
    assert lots["3"].outcome is LotOutcome.ACCEPTED


def test_refers_an_urn_missing_from_the_snapshot() -> None:
    lots, codes = decide(form([("4", "SC999999")]))
    assert codes == {"ofsted-urn-not-found"} and lots["4"].outcome is LotOutcome.IN_REVIEW


def test_a_mandatory_exclusion_rejects_every_lot_and_all_reasons_are_kept() -> None:
    lots, codes = decide(form([("4", RI_HOME), ("3", GOOD_IFA)], C3="Yes", A4="1234AB"))
    assert codes == {"mandatory-exclusion", "invalid-companies-house-number",
                     "ofsted-rating-requires-improvement"}
    assert {lot.outcome for lot in lots.values()} == {LotOutcome.REJECTED}


def test_without_an_application_form_nothing_can_be_admitted() -> None:
    other = ExtractedDocument(file="x.pdf", sha256="1" * 64, media_type="pdf")
    lots, codes = decide(other)
    assert codes == {"missing-application-form"}
    assert lots["all"].outcome is LotOutcome.REJECTED


def test_missing_required_answers_are_each_named() -> None:
    lots, codes = decide(form([("3", GOOD_IFA)], A10=""))
    assert codes == {"missing-answer"}
    assert [f.field for f in lots["3"].findings] == ["A10"]


def test_a_lot_without_a_setting_fails() -> None:
    lots, codes = decide(form([("3", GOOD_IFA)], B1="3; 4"))
    assert codes == {"setting-missing-for-lot"} and lots["4"].outcome is LotOutcome.REJECTED


@pytest.mark.parametrize(("number", "valid"), [
    ("01234567", True), ("SC123456", True), ("OC123456", True), ("123456", True),
    ("1234AB", False), ("XX123456", False), ("0123456789", False), ("", False),
])
def test_companies_house_numbers(number: str, valid: bool) -> None:
    assert is_companies_house_number(number) is valid
