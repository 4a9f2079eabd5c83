"""Every reason code with its outcome and message template: one table, so a provider, a reviewer
and a test all see the same words (selection-criteria.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.models import Finding, Outcome

F, R, W = Outcome.FAIL, Outcome.REFER, Outcome.WARN


@dataclass(frozen=True)
class Reason:
    code: str
    outcome: Outcome
    template: str  # str.format fields come from the rule that found it
    remedy: str  # what would satisfy the rule, for notices


REASONS: dict[str, Reason] = {
    reason.code: reason
    for reason in (
        Reason(
            "unsupported-file-type",
            F,
            "{document} cannot be accepted: {problem}.",
            "Upload the document as a PDF or a Word (.docx) file without macros or a password.",
        ),
        Reason(
            "file-too-large",
            F,
            "{document} is {size:,} bytes; the limit is {limit:,} bytes.",
            "Upload a smaller file, for example by splitting it or reducing image resolution.",
        ),
        Reason(
            "unreadable-document",
            F,
            "{document} could not be read: {problem}.",
            "Upload an undamaged copy of the document.",
        ),
        Reason(
            "unrecognised-document",
            W,
            "{document} is not one of the documents we expect (application form, insurance "
            "certificate, Ofsted certificate, pricing schedule, accounts, policies).",
            "No action needed if the file was sent for information.",
        ),
        Reason(
            "active-content",
            W,
            "{document} carries {what}; it was not run, and the document was read as text.",
            "No action needed; a plain PDF export avoids this warning.",
        ),
        Reason(
            "missing-application-form",
            F,
            "No application form was found among the {count} file(s) uploaded.",
            "Upload the completed DPS application form.",
        ),
        Reason(
            "missing-answer",
            F,
            "{question} ({field}) is required but no answer was found.",
            "Answer {field} on the application form.",
        ),
        Reason(
            "invalid-companies-house-number",
            F,
            "The Companies House number is '{found}'; a {org_type} must give 8 digits, or 2 "
            "letters and 6 digits (for example 01234567 or SC123456).",
            "Give the company's registration number as shown on Companies House.",
        ),
        Reason(
            "mandatory-exclusion",
            F,
            "{field} ({question}) is answered Yes; this is a mandatory ground for exclusion.",
            "An organisation to which a mandatory exclusion ground applies cannot be admitted.",
        ),
        Reason(
            "setting-missing-for-lot",
            F,
            "Lot {lot} is applied for but no setting is listed for it.",
            "List in B2 each setting that will serve lot {lot}, with its identifiers.",
        ),
        Reason(
            "ofsted-urn-not-found",
            R,
            "Ofsted URN {urn} ({setting_name}) is not in the Ofsted dataset of {snapshot}.",
            "Check the URN against the Ofsted certificate of registration.",
        ),
        Reason(
            "ofsted-rating-inadequate",
            F,
            "Ofsted URN {urn} ({setting_name}) was judged Inadequate at its latest full "
            "inspection on {inspected}; the minimum is Requires improvement to be good.",
            "A setting judged Inadequate cannot be admitted; re-apply after re-inspection.",
        ),
        Reason(
            "ofsted-rating-requires-improvement",
            R,
            "Ofsted URN {urn} ({setting_name}) was judged '{judgement}' at its latest full "
            "inspection on {inspected}; a reviewer must consider the improvement plan.",
            "Send the setting's improvement plan and the latest monitoring report.",
        ),
    )
}


def finding(
    code: str,
    *,
    document: str | None = None,
    page: int | None = None,
    field: str | None = None,
    setting: str | None = None,
    lot: str | None = None,
    **facts: Any,
) -> Finding:
    """A finding for `code`, its message rendered from the one table of templates."""
    reason = REASONS[code]
    message = reason.template.format(document=document, field=field, lot=lot, **facts)
    return Finding(
        code=code,
        outcome=reason.outcome,
        message=message,
        document=document,
        page=page,
        field=field,
        setting=setting,
        lot=lot,
    )
