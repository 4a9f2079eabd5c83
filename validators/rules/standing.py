"""Financial standing, safeguarding and quality, and the declaration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from domain.evidence import Answer
from domain.models import Finding
from domain.reasons import finding
from validators.case import Case, add_months, day, long_date, money, months_between
from validators.rules.identity import _missing
from validators.rules.registry import rule


def _newest_date(*answers: Answer | None) -> tuple[dt.date, Answer] | None:
    """The newest readable date among the form's answer and the document's own: the provider's
    most recent evidence counts."""
    dated = [(d, a) for a in answers if a is not None and (d := day(a.value)) is not None]
    return max(dated, key=lambda pair: pair[0]) if dated else None


@rule("accounts-out-of-date", section="Financial standing")
def check_accounts_age(case: Case) -> Iterator[Finding]:
    """The accounts' year end (E2, confirmed by the accounts) is at most 21 months old."""
    limit = case.policy.accounts_max_age_months
    newest = _newest_date(case.answer("E2"), case.document_field("accounts.year_end"))
    if newest is None:
        return
    year_end, answer = newest
    if case.evaluation_date > add_months(year_end, limit):
        age = months_between(year_end, case.evaluation_date)
        yield finding(
            "accounts-out-of-date",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="E2",
            year_end=long_date(year_end),
            months=age,
            limit=limit,
            as_of=long_date(case.evaluation_date),
        )


@rule("invalid-turnover", section="Financial standing")
def check_turnover(case: Case) -> Iterator[Finding]:
    """Annual turnover (E1) is a positive amount."""
    answer = case.answer("E1")
    if answer is None or not answer.source_text.strip():
        return  # a missing answer is reported by missing-answer
    amount = money(answer.value)
    if amount is None or amount <= 0:
        yield finding(
            "invalid-turnover",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="E1",
            found=answer.source_text.strip(),
        )


@rule("dbs-not-confirmed", section="Safeguarding and quality")
def check_dbs(case: Case) -> Iterator[Finding]:
    """All staff working with children hold an enhanced DBS check with barred list check (G3)."""
    answer = case.answer("G3")
    if answer is not None and answer.source_text.strip() and answer.value != "yes":
        yield finding(
            "dbs-not-confirmed",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="G3",
            found=answer.source_text.strip(),
        )


@rule("safeguarding-policy-out-of-date", section="Safeguarding and quality")
def check_safeguarding_review(case: Case) -> Iterator[Finding]:
    """The safeguarding policy was reviewed within 12 months (G2, or the policy's own date)."""
    limit = case.policy.policy_review_max_months
    newest = _newest_date(case.answer("G2"), case.document_field("safeguarding-policy.reviewed"))
    if newest is None:
        return
    reviewed, answer = newest
    if case.evaluation_date > add_months(reviewed, limit):
        yield finding(
            "safeguarding-policy-out-of-date",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="G2",
            reviewed=long_date(reviewed),
            limit=limit,
            as_of=long_date(case.evaluation_date),
        )


@rule("missing-answer", section="Safeguarding and quality")
def check_registered_manager(case: Case) -> Iterator[Finding]:
    """Lots 1c, 1d and 4: a registered manager is named (G4)."""
    if case.form is None or case.text("G4"):
        return
    for lot in case.lots:
        if case.policy.lots[lot].registered_manager:
            yield _missing(case, "G4", f" for lot {lot}", lot=lot)


@rule("declaration-not-signed", section="Declaration")
def check_declaration_signed(case: Case) -> Iterator[Finding]:
    """The declaration is confirmed (H4) and signed by a named person (H1)."""
    if case.form is None:
        return
    problems = []
    if case.value("H4") != "yes":
        problems.append("confirmed (H4 is not ticked Yes)")
    if not case.text("H1"):
        problems.append("signed by a named person (H1 is empty)")
    if problems:
        yield finding(
            "declaration-not-signed",
            document=case.form.file,
            field="H4",
            problem=" and not ".join(problems),
        )


@rule("declaration-date-invalid", section="Declaration")
def check_declaration_date(case: Case) -> Iterator[Finding]:
    """The date signed (H3) is not after the evaluation date nor more than 90 days before it."""
    answer = case.answer("H3")
    signed = day(answer.value) if answer else None
    if answer is None or signed is None:
        return
    limit = case.policy.declaration_max_age_days
    if signed > case.evaluation_date or case.evaluation_date - signed > dt.timedelta(days=limit):
        yield finding(
            "declaration-date-invalid",
            document=answer.document,
            page=answer.page, box=answer.box,
            field="H3",
            signed=long_date(signed),
            limit=limit,
            as_of=long_date(case.evaluation_date),
        )
