"""Exclusion grounds: mandatory (C1–C7) and discretionary (D1–D6)."""

from __future__ import annotations

from collections.abc import Iterator

from domain.form import DISCRETIONARY_EXCLUSIONS, MANDATORY_EXCLUSIONS
from domain.models import Finding
from domain.reasons import finding
from validators.case import Case
from validators.rules.registry import rule

SECTION = "Exclusion grounds"


@rule("mandatory-exclusion", section=SECTION)
def check_mandatory_exclusions(case: Case) -> Iterator[Finding]:
    """Every mandatory exclusion question (C1–C7) is answered No."""
    for question_id, label in MANDATORY_EXCLUSIONS.items():
        answer = case.answer(question_id)
        if answer and answer.value == "yes":
            yield finding(
                "mandatory-exclusion",
                document=answer.document,
                page=answer.page, box=answer.box,
                field=question_id,
                question=label,
            )


@rule("discretionary-exclusion", section=SECTION)
def check_discretionary_exclusions(case: Case) -> Iterator[Finding]:
    """Every discretionary exclusion question (D1–D6) is answered No."""
    for question_id, label in DISCRETIONARY_EXCLUSIONS.items():
        answer = case.answer(question_id)
        if answer and answer.value == "yes":
            details = case.text(f"{question_id} details")
            yield finding(
                "discretionary-exclusion",
                document=answer.document,
                page=answer.page, box=answer.box,
                field=question_id,
                question=label,
                details=f" (explanation: {details})" if details else "",
            )
