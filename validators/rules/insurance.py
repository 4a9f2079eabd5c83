"""Insurance: the certificates are the evidence; the form's declared figures are cross-checked."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from domain.evidence import InsuranceCover
from domain.models import Finding, Outcome
from domain.reasons import finding
from validators.case import Case, day, long_date, money, pounds
from validators.names import matches_any
from validators.rules.documents import COVERS
from validators.rules.registry import rule

SECTION = "Insurance"
_BELOW_MINIMUM = {cover: f"{cover}-below-minimum" for cover in COVERS}
_DECLARED = {"employers-liability": "F1", "public-liability": "F2", "professional-indemnity": "F3"}


def _best(case: Case, cover_type: str) -> tuple[InsuranceCover, Decimal] | None:
    """The cover of this type with the highest readable limit (several certificates may show it)."""
    limits = [
        (cover, limit)
        for cover in case.covers
        if cover.type == cover_type and (limit := money(cover.limit)) is not None
    ]
    return max(limits, key=lambda pair: pair[1]) if limits else None


@rule(*_BELOW_MINIMUM.values(), section=SECTION)
def check_cover_minimums(case: Case) -> Iterator[Finding]:
    """Employer's and public liability limits ≥ £5,000,000; professional indemnity ≥ £2,000,000."""
    for cover_type, code in _BELOW_MINIMUM.items():
        best, minimum = _best(case, cover_type), case.policy.insurance_minimums[cover_type]
        unread = [cover for cover in case.covers if cover.type == cover_type]
        if best is None and unread:
            # the cover is shown but no limit could be read: never a pass, and no rejection
            # for what may be our reading; a reviewer looks at the certificate
            yield finding(code, document=unread[0].document, page=unread[0].page, box=unread[0].box,
                          found="shown without a limit that could be read",
                          minimum=pounds(minimum), outcome=Outcome.REFER)
        if best is not None and best[1] < minimum:
            cover, limit = best
            yield finding(
                code,
                document=cover.document,
                page=cover.page, box=cover.box,
                found=pounds(limit),
                minimum=pounds(minimum),
            )


@rule("insurance-expired", "insurance-expiring-soon", section=SECTION)
def check_cover_expiry(case: Case) -> Iterator[Finding]:
    """No certificate has expired; none expires within 30 days (a warning)."""
    soon = case.policy.expiring_soon_days
    for cover in case.covers:
        expiry = day(cover.expiry)
        if expiry is None:
            continue
        words = COVERS.get(cover.type, cover.type)
        facts: dict[str, Any] = {
            "document": cover.document,
            "page": cover.page,
            "box": cover.boxes.get("expiry", cover.box),
            "cover": words,
            "expiry": long_date(expiry),
            "as_of": long_date(case.evaluation_date),
        }
        if expiry < case.evaluation_date:
            yield finding("insurance-expired", **facts)
        elif (expiry - case.evaluation_date).days <= soon:
            yield finding("insurance-expiring-soon", days=soon, **facts)


@rule("insurance-name-mismatch", section=SECTION)
def check_insured_name(case: Case) -> Iterator[Finding]:
    """The insured named on each certificate is the applicant (legal or trading name)."""
    applicant = case.applicant_names
    reported: set[str] = set()
    for cover in case.covers:
        insured = (cover.insured or "").strip()
        if (
            insured
            and applicant
            and insured not in reported
            and not matches_any(insured, applicant)
        ):
            reported.add(insured)
            yield finding(
                "insurance-name-mismatch",
                document=cover.document,
                page=cover.page, box=cover.boxes.get("insured", cover.box),
                insured=insured,
                applicant=applicant[0],
            )


@rule("insurance-declaration-mismatch", section=SECTION)
def check_declared_insurance(case: Case) -> Iterator[Finding]:
    """The limits and earliest expiry declared on the form agree with the certificates."""
    for cover_type, field in _DECLARED.items():
        declared, best = money(case.value(field)), _best(case, cover_type)
        if declared is not None and best is not None and declared != best[1]:
            yield finding(
                "insurance-declaration-mismatch",
                field=field,
                document=best[0].document,
                page=best[0].page, box=best[0].box,
                declared=pounds(declared),
                found=pounds(best[1]),
                what=f"the {COVERS[cover_type]} limit",
            )
    declared_expiry = day(case.value("F4"))
    expiries = [(e, c) for c in case.covers if (e := day(c.expiry)) is not None]
    if declared_expiry and expiries:
        earliest, cover = min(expiries, key=lambda pair: pair[0])
        if earliest != declared_expiry:
            yield finding(
                "insurance-declaration-mismatch",
                field="F4",
                document=cover.document,
                page=cover.page, box=cover.boxes.get("expiry", cover.box),
                declared=long_date(declared_expiry),
                found=long_date(earliest),
                what="the earliest insurance expiry",
            )
