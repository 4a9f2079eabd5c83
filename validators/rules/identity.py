"""Identity: the form's required answers, and well-formed identifiers and email."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from domain.form import QUESTIONS, QUESTIONS_BY_ID, Required
from domain.models import Finding
from domain.reasons import finding
from validators import identifiers
from validators.case import Case, lot_code
from validators.rules.registry import rule

SECTION = "Identity"


def _missing(case: Case, question_id: str, why: str = "", lot: str | None = None) -> Finding:
    return finding(
        "missing-answer",
        document=case.form.file if case.form else None,
        field=question_id,
        lot=lot,
        question=QUESTIONS_BY_ID[question_id].label,
        why=why,
    )


@rule("missing-answer", section=SECTION)
def check_required_answers(case: Case) -> Iterator[Finding]:
    """Every required answer of the form is given (A4, A5 where the organisation needs them)."""
    if case.form is None:
        return
    for question in QUESTIONS:
        if question.required is Required.YES and question.id != "B2" and not case.text(question.id):
            yield _missing(case, question.id)
    if not case.settings and case.lots:
        yield _missing(case, "B2")
    org_type = case.text("A3")
    if org_type.lower() in case.policy.companies_house_types and not case.text("A4"):
        yield _missing(case, "A4", f" for a {org_type.lower()}")
    if org_type.lower() in case.policy.charity_types and not case.text("A5"):
        yield _missing(case, "A5", f" for a {org_type.lower()}")


def _malformed_register_number(
    case: Case, field: str, org_types: frozenset[str], is_valid: Callable[[str], bool], code: str
) -> Iterator[Finding]:
    """A finding when an organisation of these types gives a number its register would refuse."""
    org_type, answer = case.text("A3").lower(), case.answer(field)
    given = answer.source_text.strip() if answer else ""
    if answer and given and org_type in org_types and not is_valid(answer.source_text):
        yield finding(code, document=answer.document, page=answer.page, box=answer.box, field=field,
                      found=given, org_type=org_type)


@rule("invalid-companies-house-number", section=SECTION)
def check_companies_house_number(case: Case) -> Iterator[Finding]:
    """A limited company, LLP, CIC or CIO gives a well-formed Companies House number."""
    yield from _malformed_register_number(
        case, "A4", case.policy.companies_house_types, identifiers.is_companies_house_number,
        "invalid-companies-house-number")


@rule("invalid-charity-number", section=SECTION)
def check_charity_number(case: Case) -> Iterator[Finding]:
    """A charity gives a well-formed charity number (England & Wales, OSCR or NI)."""
    yield from _malformed_register_number(
        case, "A5", case.policy.charity_types, identifiers.is_charity_number,
        "invalid-charity-number")


@rule("invalid-vat-number", section=SECTION)
def check_vat_number(case: Case) -> Iterator[Finding]:
    """A VAT number, when given, passes the HMRC check-digit test."""
    answer = case.answer("A6")
    if answer and answer.source_text.strip():
        problem = identifiers.vat_number_problem(answer.source_text)
        if problem:
            yield finding(
                "invalid-vat-number",
                document=answer.document,
                page=answer.page, box=answer.box,
                field="A6",
                found=answer.source_text.strip(),
                problem=problem,
            )


@rule("invalid-email", section=SECTION)
def check_email(case: Case) -> Iterator[Finding]:
    """The contact email is a well-formed address."""
    answer = case.answer("A10")
    if answer and answer.source_text.strip() and answer.value is None:
        yield finding(
            "invalid-email",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="A10",
            found=answer.source_text.strip(),
        )


_IDENTIFIERS = (
    (
        "ofsted_urn",
        "Ofsted URN",
        identifiers.is_social_care_urn,
        "a social care URN is SC and 6 digits, or 7 digits starting 1 or 2",
    ),
    ("dfe_urn", "DfE URN", identifiers.is_school_urn, "a school URN is 6 digits starting 1"),
    ("ukprn", "UKPRN", identifiers.is_ukprn, "a UKPRN is 8 digits starting 1"),
)


@rule("invalid-identifier", section=SECTION)
def check_setting_identifiers(case: Case) -> Iterator[Finding]:
    """Every identifier of a setting is well formed (social care URN, school URN, UKPRN)."""
    for setting in case.settings:
        for attribute, label, is_valid, expected in _IDENTIFIERS:
            found = getattr(setting, attribute).strip()
            if found and not is_valid(found):
                lot = lot_code(setting.lot)
                yield finding(
                    "invalid-identifier",
                    document=setting.document,
                    page=setting.page, box=setting.box,
                    field="B2",
                    setting=found,
                    identifier=label,
                    found=found,
                    lot=lot if lot in case.lots else None,
                    setting_name=setting.name or "unnamed",
                    expected=expected,
                )
