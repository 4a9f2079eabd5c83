"""Documents: every file acceptable and readable, and the documents each lot needs present."""

from __future__ import annotations

from collections.abc import Iterator

from domain.models import Finding
from domain.reasons import finding
from validators.case import Case
from validators.identifiers import normalise_urn
from validators.rules.registry import rule

SECTION = "Documents"
COVERS = {
    "employers-liability": "employer's liability",
    "public-liability": "public liability",
    "professional-indemnity": "professional indemnity",
}
_SIMPLE_REQUIREMENTS = {
    "application-form": "missing-application-form",
    "pricing-schedule": "missing-pricing-schedule",
    "safeguarding-policy": "missing-safeguarding-policy",
    "accounts": "missing-accounts",
}


@rule(
    "unsupported-file-type",
    "unreadable-document",
    "unrecognised-document",
    "active-content",
    "document-partly-read",
    "scanned-document",
    section=SECTION,
)
def check_files_readable(case: Case) -> Iterator[Finding]:
    """Files are PDF or DOCX (XLSX for fees) by content, readable within limits, and recognised."""
    for document in case.documents:
        yield from document.findings


@rule("file-too-large", section=SECTION)
def check_file_sizes(case: Case) -> Iterator[Finding]:
    """Every file is at most the policy's size limit (20 MiB)."""
    for stored in case.files:
        if stored.size > case.policy.max_file_bytes:
            yield finding(
                "file-too-large",
                document=stored.original_name,
                size=stored.size,
                limit=case.policy.max_file_bytes,
            )


@rule(*_SIMPLE_REQUIREMENTS.values(), section=SECTION)
def check_required_documents(case: Case) -> Iterator[Finding]:
    """The application form, pricing schedule, safeguarding policy and accounts are present."""
    for kind in case.policy.required_documents:
        code = _SIMPLE_REQUIREMENTS.get(kind)
        if code and not case.of_kind(kind):
            yield finding(code, count=len(case.documents))


@rule("missing-insurance-certificate", section=SECTION)
def check_insurance_certificates(case: Case) -> Iterator[Finding]:
    """Certificates showing employer's liability, public liability and professional indemnity."""
    if "insurance-certificate" not in case.policy.required_documents:
        return
    present = {cover.type for cover in case.covers}
    for cover_type, words in COVERS.items():
        if cover_type not in present:
            yield finding("missing-insurance-certificate", cover=words, count=len(case.documents))


@rule("missing-ofsted-certificate", section=SECTION)
def check_ofsted_certificates(case: Case) -> Iterator[Finding]:
    """An Ofsted certificate of registration for each social care URN (lots 1a, 1c, 1d, 3, 4)."""
    certified = {
        normalise_urn(answer.value or "")
        for document in case.of_kind("ofsted-certificate")
        if (answer := document.fields.get("ofsted-certificate.urn"))
    }
    for lot in case.lots:
        if not case.policy.lots[lot].ofsted_certificate:
            continue
        for setting in case.settings_for(lot):
            urn = normalise_urn(setting.ofsted_urn)
            if urn and urn not in certified:
                yield finding(
                    "missing-ofsted-certificate",
                    lot=lot,
                    setting=urn,
                    urn=urn,
                    setting_name=setting.name or "unnamed",
                )


@rule("missing-statement-of-purpose", section=SECTION)
def check_statement_of_purpose(case: Case) -> Iterator[Finding]:
    """Lots 1c, 1d and 4: a statement of purpose is present."""
    if case.of_kind("statement-of-purpose"):
        return
    for lot in case.lots:
        if case.policy.lots[lot].statement_of_purpose:
            yield finding("missing-statement-of-purpose", lot=lot, count=len(case.documents))


@rule("setting-missing-for-lot", section=SECTION)
def check_settings_for_lots(case: Case) -> Iterator[Finding]:
    """Each lot applied for lists at least one setting of the right kind."""
    for lot in case.lots:
        if not case.settings_for(lot):
            yield finding(
                "setting-missing-for-lot",
                lot=lot,
                field="B2",
                document=case.form.file if case.form else None,
            )
