"""Every reason code with its outcome and message template: one table, so a provider, a reviewer
and a test all see the same words (selection-criteria.md). Messages say what is required and
what was found, with the numbers; `remedy` says what would satisfy the rule (for notices)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.models import Box, Finding, Outcome

F, R, W = Outcome.FAIL, Outcome.REFER, Outcome.WARN


@dataclass(frozen=True)
class Reason:
    code: str
    outcome: Outcome  # the usual outcome; a rule may pass another (policy can change it)
    template: str  # str.format fields come from the rule that found it
    remedy: str


# fmt: off
_TABLE: tuple[tuple[str, Outcome, str, str], ...] = (
    ("unsupported-file-type", F, "{document} cannot be accepted: {problem}.",
     "Upload the document as a PDF or a Word (.docx) file (a pricing schedule may also be an "
     "Excel .xlsx workbook), without macros or a password to open it."),
    ("file-too-large", F, "{document} is {size:,} bytes; the limit is {limit:,} bytes.",
     "Upload a smaller file, for example by splitting it or reducing image resolution."),
    ("unreadable-document", F, "{document} could not be read: {problem}.",
     "Upload an undamaged copy of the document."),
    ("unrecognised-document", W,
     "{document} is not one of the documents we expect (application form, insurance certificate, "
     "Ofsted certificate, pricing schedule, accounts, safeguarding policy, statement of purpose).",
     "No action is needed if the file was sent for information."),
    ("active-content", W, "{document} carries {what}; it was not run, and the document was read "
     "as text.", "No action is needed; a plain PDF export avoids this warning."),
    ("document-partly-read", W, "{document} has {pages} pages; {unread} not read within the "
     "reading limits, so only what {read} was used.",
     "No action is needed if what the council asked for is in those pages; otherwise upload the "
     "part that shows it as a separate, shorter file."),
    ("scanned-document", W, "{document}: {pages} without a text layer (a scan or a photograph) "
     "{how}.", "A reviewer should check the values read by OCR against the document; a PDF "
     "saved with its text avoids this warning."),
    ("missing-application-form", F,
     "No application form was found among the {count} file(s) uploaded.",
     "Upload the completed DPS application form."),
    ("missing-insurance-certificate", F,
     "No insurance certificate showing {cover} cover was found among the {count} file(s) "
     "uploaded.", "Upload the certificate of insurance that shows {cover} cover."),
    ("missing-pricing-schedule", F, "No pricing schedule was found among the {count} file(s) "
     "uploaded.", "Upload the pricing schedule with a row for each lot applied for."),
    ("missing-safeguarding-policy", F, "No safeguarding policy was found among the {count} "
     "file(s) uploaded.", "Upload the organisation's safeguarding and child protection policy."),
    ("missing-accounts", F, "No accounts were found among the {count} file(s) uploaded.",
     "Upload the latest annual report and accounts."),
    ("missing-ofsted-certificate", R, "No Ofsted certificate of registration was found for "
     "URN {urn} ({setting_name}).", "Upload the Ofsted certificate of registration for {urn}."),
    ("missing-statement-of-purpose", F, "Lot {lot} needs a statement of purpose; none was found "
     "among the {count} file(s) uploaded.", "Upload the statement of purpose of each home."),
    ("setting-missing-for-lot", F, "Lot {lot} is applied for but no setting is listed for it.",
     "List in B2 each setting that will serve lot {lot}, with its identifiers."),
    ("missing-answer", F, "{question} ({field}) is required{why} but no answer was found.",
     "Answer {field} on the application form."),
    ("invalid-companies-house-number", F,
     "The Companies House number is '{found}'; a {org_type} must give 8 digits, or 2 letters "
     "and 6 digits (for example 01234567 or SC123456).",
     "Give the registration number exactly as Companies House shows it."),
    ("invalid-charity-number", F,
     "The charity number is '{found}'; a {org_type} must give an England and Wales number "
     "(6 or 7 digits), an OSCR number (SC0 and 5 digits) or a Northern Ireland number "
     "(NIC and 6 digits).", "Give the number shown on the charity register."),
    ("invalid-vat-number", R, "The VAT number '{found}' {problem}.",
     "Check the VAT registration number against the VAT certificate."),
    ("invalid-email", F, "The contact email '{found}' is not a well-formed address.",
     "Give a contact email address such as name@organisation.org.uk."),
    ("invalid-identifier", F, "The {identifier} of setting {setting_name} is '{found}'; "
     "{expected}.", "Correct the {identifier} in the settings table (B2)."),
    ("mandatory-exclusion", F,
     "{field} ({question}) is answered Yes; this is a mandatory ground for exclusion.",
     "An organisation to which a mandatory exclusion ground applies cannot be admitted."),
    ("discretionary-exclusion", R, "{field} ({question}) is answered Yes{details}; a reviewer "
     "must consider it.", "Explain the circumstances and the measures taken since."),
    ("employers-liability-below-minimum", F,
     "Employer's liability cover is {found}; the minimum is {minimum}.",
     "Upload a certificate showing employer's liability cover of at least {minimum}."),
    ("public-liability-below-minimum", F,
     "Public liability cover is {found}; the minimum is {minimum}.",
     "Upload a certificate showing public liability cover of at least {minimum}."),
    ("professional-indemnity-below-minimum", F,
     "Professional indemnity cover is {found}; the minimum is {minimum}.",
     "Upload a certificate showing professional indemnity cover of at least {minimum}."),
    ("insurance-expired", F, "The {cover} cover expired on {expiry}, before {as_of}.",
     "Upload the renewed certificate of insurance."),
    ("insurance-expiring-soon", W, "The {cover} cover expires on {expiry}, within {days} days "
     "of {as_of}.", "Upload the renewed certificate before {expiry}."),
    ("insurance-name-mismatch", R, "The certificate insures '{insured}'; the applicant is "
     "'{applicant}'.",
     "Explain the relationship, or upload a certificate in the applicant's name."),
    ("insurance-declaration-mismatch", R, "The form declares {declared} for {what} ({field}); "
     "the certificates show {found}.", "Correct the form or upload the matching certificate."),
    ("ofsted-urn-not-found", R,
     "Ofsted URN {urn} ({setting_name}) is not in the Ofsted dataset of {snapshot}.",
     "Check the URN against the Ofsted certificate of registration."),
    ("ofsted-provision-type-mismatch", F, "Ofsted registers URN {urn} ({setting_name}) as a "
     "'{provision_type}'; lot {lot} needs {expected}.", "List the setting under the lot that "
     "fits its registration."),
    ("ofsted-registration-inactive", F, "Ofsted URN {urn} ({setting_name}) has registration "
     "status '{status}' in the Ofsted dataset of {snapshot}; it must be Active.",
     "Only settings with an active registration can be admitted."),
    ("ofsted-rating-inadequate", F,
     "Ofsted URN {urn} ({setting_name}) was judged Inadequate at its latest full inspection "
     "on {inspected} (Ofsted dataset of {snapshot}); the minimum is Requires improvement to be "
     "good.",
     "A setting judged Inadequate cannot be admitted; re-apply after re-inspection."),
    ("ofsted-rating-requires-improvement", R,
     "Ofsted URN {urn} ({setting_name}) was judged '{judgement}' at its latest full inspection "
     "on {inspected} (Ofsted dataset of {snapshot}); a reviewer must consider the improvement "
     "plan.",
     "Send the setting's improvement plan and the latest monitoring report."),
    ("ofsted-not-yet-inspected", R, "Ofsted URN {urn} ({setting_name}) has had no full "
     "inspection yet.", "A reviewer will consider the registration and any monitoring visits."),
    ("ofsted-owner-mismatch", R, "Ofsted records URN {urn} as owned by '{owner}'; the applicant "
     "is '{applicant}'.", "Explain the ownership, for example a change not yet shown by Ofsted."),
    ("ofsted-certificate-mismatch", R, "The Ofsted certificate gives {what} '{found}'; the form "
     "gives '{declared}'.", "Upload the certificate that matches the setting, or correct B2."),
    ("ofsted-rating-improved", R, "Ofsted URN {urn} ({setting_name}) was re-inspected "
     "'{judgement}' on {inspected} (Ofsted dataset of {snapshot}); a reviewer may reinstate it.",
     "No action is needed."),
    ("gias-urn-not-found", R,
     "School URN {urn} ({setting_name}) is not in the GIAS extract of {snapshot}.",
     "Check the school URN on Get Information About Schools."),
    ("gias-type-mismatch", F, "School URN {urn} ({setting_name}) is a '{type_name}' (type "
     "{type_code}); lot {lot} needs type {expected}.", "List the school under the lot that "
     "fits its establishment type."),
    ("gias-establishment-closed", F, "School URN {urn} ({setting_name}) has the status "
     "'{status}' in GIAS; it must be Open.", "Only open establishments can be admitted."),
    ("accounts-out-of-date", R, "The latest accounts are for the year ended {year_end}, "
     "{months} months before {as_of}; the limit is {limit} months.",
     "Upload the accounts for the latest financial year."),
    ("invalid-turnover", F, "Annual turnover (E1) is '{found}'; it must be a positive amount "
     "in pounds.", "Give the turnover of the latest full financial year in pounds."),
    ("dbs-not-confirmed", F, "G3 is answered '{found}'; all staff working with children must "
     "hold an enhanced DBS check with barred list check.", "Confirm G3 once every member of "
     "staff working with children holds an enhanced DBS check with barred list check."),
    ("safeguarding-policy-out-of-date", R, "The safeguarding policy was last reviewed on "
     "{reviewed}, more than {limit} months before {as_of}.",
     "Review the safeguarding policy and upload the reviewed version."),
    ("declaration-not-signed", F, "The declaration is not {problem}.",
     "Confirm the declaration (H4) and give the name of the authorised signatory (H1)."),
    ("declaration-date-invalid", R, "The declaration is dated {signed}; it must be no later "
     "than {as_of} and no more than {limit} days before it.", "Sign and date the declaration "
     "again."),
    ("pricing-schedule-invalid", F, "The pricing schedule {problem}.",
     "Complete the pricing schedule: the required columns, a row for each lot applied for, and "
     "every fee in pounds."),
    ("pricing-total-mismatch", R, "Pricing schedule row {row} ({service}): the total is {total} "
     "but the fees add up to {sum}.", "Correct the total of row {row}."),
    ("fee-above-ceiling", R, "Pricing schedule row {row} ({service}): the total fee {total} is "
     "above lot {lot}'s ceiling of {ceiling} per {unit}.", "A reviewer will consider the "
     "justification for the fee."),
)
# fmt: on

REASONS: dict[str, Reason] = {code: Reason(code, o, t, r) for code, o, t, r in _TABLE}


def finding(
    code: str,
    *,
    document: str | None = None,
    page: int | None = None,
    box: Box | None = None,
    field: str | None = None,
    setting: str | None = None,
    lot: str | None = None,
    outcome: Outcome | None = None,
    **facts: Any,
) -> Finding:
    """A finding for `code`, its message rendered from the one table of templates."""
    reason = REASONS[code]
    message = reason.template.format(document=document, field=field, lot=lot, **facts)
    return Finding(code=code, outcome=outcome or reason.outcome, message=message,
                   document=document, page=page, box=box, field=field, setting=setting,
                   lot=lot)


#: what satisfies a reason once the provider is on the register (a suspension or a review about
#: an entry), where the admission remedy would not fit: it speaks of re-applying
REGISTER_REMEDIES: dict[str, str] = {
    "ofsted-rating-inadequate": "Send us Ofsted's report of the setting's re-inspection; a "
    "judgement of Requires improvement to be good or better lets us consider reinstating you.",
    "ofsted-registration-inactive": "Send us evidence that the setting's Ofsted registration is "
    "active again, or tell us which registered setting now serves the lot.",
    "ofsted-rating-requires-improvement": "Send the setting's improvement plan and the latest "
    "monitoring report.",
    "gias-establishment-closed": "Tell us whether the school is closing and where the children "
    "it serves will be educated; an open establishment lets us consider reinstating you.",
    "gias-type-mismatch": "Tell us about the school's change of type; we will consider which "
    "lot it now fits.",
    "insurance-expired": "Upload the renewed certificate of insurance; a valid certificate "
    "reinstates your place.",
}


def remedy(found: Finding, **facts: Any) -> str:
    """What would satisfy the rule behind a finding, for a notice."""
    template = REASONS[found.code].remedy
    try:
        return template.format(lot=found.lot, field=found.field, **facts)
    except (KeyError, IndexError):
        return template
