"""The selection criteria as rules: small pure functions over a Case that yield findings.

RULES lists them in order; the README's rule table is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from domain.form import MANDATORY_EXCLUSIONS, QUESTIONS_BY_ID
from domain.models import Finding
from domain.reasons import finding
from validators.case import Case
from validators.identifiers import is_companies_house_number
from validators.ofsted import Judgement

Rule = Callable[[Case], Iterator[Finding]]

REQUIRED_ANSWERS = ("A1", "A3", "A10", "B1")


def check_file_findings(case: Case) -> Iterator[Finding]:
    """Every file is acceptable and readable (findings made while reading the files)."""
    for document in case.documents:
        yield from document.findings


def check_application_form_present(case: Case) -> Iterator[Finding]:
    """An application form is present."""
    if case.form is None:
        yield finding("missing-application-form", count=len(case.documents))


def check_required_answers(case: Case) -> Iterator[Finding]:
    """Every required answer of the form is given."""
    if case.form is None:
        return
    for question_id in REQUIRED_ANSWERS:
        if not case.value(question_id):
            yield finding(
                "missing-answer",
                document=case.form.file,
                field=question_id,
                question=QUESTIONS_BY_ID[question_id].label,
            )


def check_companies_house_number(case: Case) -> Iterator[Finding]:
    """A limited company, LLP or CIC gives a well-formed Companies House number."""
    org_type = (case.value("A3") or "").lower()
    if org_type not in case.policy.companies_house_types:
        return
    answer = case.answer("A4")
    found = answer.source_text if answer else ""
    if not is_companies_house_number(found):
        yield finding(
            "invalid-companies-house-number",
            document=answer.document if answer else None,
            page=answer.page if answer else None,
            field="A4",
            found=found,
            org_type=org_type,
        )


def check_mandatory_exclusions(case: Case) -> Iterator[Finding]:
    """Every mandatory exclusion question (C1–C7) is answered No."""
    for question_id, label in MANDATORY_EXCLUSIONS.items():
        answer = case.answer(question_id)
        if answer and answer.value == "yes":
            yield finding(
                "mandatory-exclusion",
                document=answer.document,
                page=answer.page,
                field=question_id,
                question=label,
            )


def check_settings_for_lots(case: Case) -> Iterator[Finding]:
    """Each lot applied for lists at least one setting."""
    for lot in case.lots:
        if not case.settings_for(lot):
            yield finding(
                "setting-missing-for-lot",
                lot=lot,
                document=case.form.file if case.form else None,
                field="B2",
            )


def check_ofsted_status(case: Case) -> Iterator[Finding]:
    """Each social care setting is in the Ofsted data and not judged Inadequate or grade 3."""
    for lot in case.lots:
        if not case.policy.lots[lot].needs_ofsted:
            continue
        for setting in case.settings_for(lot):
            if setting.ofsted_urn:
                yield from _judge_setting(case, lot, setting.ofsted_urn, setting.name)


def _judge_setting(case: Case, lot: str, urn: str, name: str) -> Iterator[Finding]:
    where: dict[str, Any] = {
        "lot": lot,
        "setting": urn,
        "urn": urn,
        "setting_name": name or "unnamed",
    }
    providers = case.ofsted
    if providers is None or urn.upper() not in providers.index:
        yield finding("ofsted-urn-not-found", snapshot=case.ofsted_label, **where)
        return
    row = providers.loc[urn.upper()]
    grade = row["overall_judgement"]
    if pd.isna(grade):
        return
    inspected = _format_date(row["latest_full_inspection_date"])
    if int(grade) == Judgement.INADEQUATE:
        yield finding("ofsted-rating-inadequate", inspected=inspected, **where)
    elif int(grade) == Judgement.REQUIRES_IMPROVEMENT:
        yield finding(
            "ofsted-rating-requires-improvement",
            inspected=inspected,
            judgement=row["overall_judgement_text"],
            **where,
        )


def _format_date(value: Any) -> str:
    return "an unknown date" if pd.isna(value) else pd.Timestamp(value).strftime("%-d %B %Y")


RULES: tuple[Rule, ...] = (
    check_file_findings,
    check_application_form_present,
    check_required_answers,
    check_companies_house_number,
    check_mandatory_exclusions,
    check_settings_for_lots,
    check_ofsted_status,
)
