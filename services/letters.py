"""Issuing a notice to a provider: make the letter from its template, keep it with the
submission, once. The notice id comes from its cause (a decision's lot, or a register event) and
is written create-only, so a crash and a re-run, or two runs at once, give one notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from domain.models import Decision, Finding, RegisterEntry
from domain.notices import NoticeKind, NoticeRecord, notice_id, register_notice_id
from domain.reasons import REGISTER_REMEDIES
from notices.letter import (
    COUNCIL_NAME,
    Letter,
    ReasonRow,
    RegisterSubject,
    letter_for,
    reason_row,
    register_letter_for,
)
from notices.pdf import to_pdf
from notices.render import render_docx, template_path
from storage import notice_keys
from storage.notices import Notices
from storage.repositories import Repositories

#: DOCX bytes to PDF bytes, or None when no PDF can be made (LibreOffice missing, failed)
PdfMaker = Callable[[bytes], bytes | None]
#: tells the provider's users that a letter was issued (bootstrap.notifier); called with the
#: notice each time it is issued or found issued, so a run that crashed after the letter still
#: tells them: the notification log sends each email once (services/notifications.py)
Notify = Callable[[NoticeRecord], object]


def no_pdf(_docx: bytes) -> None:
    """Letters as DOCX only (the tests; a machine where the DOCX is enough)."""
    return None


def issue_notice(
    repos: Repositories,
    decision: Decision,
    lot: str,
    kind: NoticeKind | str,
    at: dt.datetime,
    *,
    make_pdf: PdfMaker = to_pdf,
    council: str = COUNCIL_NAME,
    template: bytes | None = None,
    notify: Notify | None = None,
) -> NoticeRecord:
    """Issue the notice of `kind` on `lot` of `decision`, dated `at`; safe to repeat.

    Returns the notice's record: the one made now, or the one an earlier run made (then nothing
    is rendered or written). `template` replaces the shipped template of the kind (DOCX bytes).
    """
    kind = NoticeKind(kind)
    return _issue(
        repos,
        notice_id(decision.submission_id, decision.policy_version, lot, kind),
        lambda: letter_for(decision, lot, kind, at, council=council),
        NoticeRecord(
            id="", kind=kind, submission_id=decision.submission_id,
            policy_version=decision.policy_version, provider=decision.provider, lot=lot,
            created_at=at, docx_key="",
        ),
        make_pdf, template, notify,
    )


def issue_register_notice(
    repos: Repositories,
    entry: RegisterEntry,
    kind: NoticeKind | str,
    cause: str,
    findings: tuple[Finding, ...],
    at: dt.datetime,
    *,
    remedies: dict[str, str] | None = None,
    make_pdf: PdfMaker = to_pdf,
    council: str = COUNCIL_NAME,
    template: bytes | None = None,
    notify: Notify | None = None,
) -> NoticeRecord:
    """Issue a letter about a register entry (suspension, reinstatement, expiry reminder) once
    per kind and `cause` (the register or audit event's id); kept with the admitting submission.
    `remedies` (reason code -> text) replaces the remedy of `REGISTER_REMEDIES` or, failing
    that, the admission remedy, where the cause knows better.
    """
    kind = NoticeKind(kind)
    subject = register_subject(repos, entry)
    remedies = {**REGISTER_REMEDIES, **(remedies or {})}
    rows = tuple(_with_remedy(reason_row(f), remedies) for f in findings)
    return _issue(
        repos,
        register_notice_id(kind, cause),
        lambda: register_letter_for(subject, kind, rows, at, council=council),
        NoticeRecord(
            id="", kind=kind, submission_id=subject.submission_id,
            policy_version=subject.policy_version, provider=entry.provider, lot=entry.lot,
            created_at=at, docx_key="", cause=cause,
        ),
        make_pdf, template, notify,
    )


def register_subject(repos: Repositories, entry: RegisterEntry) -> RegisterSubject:
    """The entry's provider and the application that admitted it (the latest admission)."""
    submission_id, policy_version = admission_of(entry)
    decision = repos.decisions.get(submission_id, policy_version) if policy_version else None
    name = (decision.organisation.get("legal_name", "").strip() if decision else "") \
        or entry.provider
    return RegisterSubject(entry.provider, name, entry.lot, submission_id, policy_version)


def admission_of(entry: RegisterEntry) -> tuple[str, str]:
    """(submission id, policy version) of the entry's latest admission; an entry admitted
    without one (not by this pipeline) keeps its letters under a folder of its own."""
    for event in reversed(entry.history):
        if event.kind == "admitted" and event.details.get("submission"):
            return event.details["submission"], event.details.get("policy_version", "")
    return f"register-{entry.provider}-{entry.lot}", ""


def _issue(
    repos: Repositories,
    nid: str,
    letter: Callable[[], Letter],
    record: NoticeRecord,
    make_pdf: PdfMaker,
    template: bytes | None,
    notify: Notify | None = None,
) -> NoticeRecord:
    """Render and keep the notice `nid` unless it exists, then `notify`; the stored record
    either way."""
    stored = _kept(repos, nid, letter, record, make_pdf, template)
    if notify is not None:
        notify(stored)
    return stored


def _kept(
    repos: Repositories,
    nid: str,
    letter: Callable[[], Letter],
    record: NoticeRecord,
    make_pdf: PdfMaker,
    template: bytes | None,
) -> NoticeRecord:
    notices = Notices(repos.store)
    existing = notices.get(record.submission_id, nid)
    if existing is not None:
        return existing
    made = letter()
    source = template if template is not None else template_path(record.kind).read_bytes()
    docx_bytes = render_docx(made, source, at=record.created_at)
    pdf_bytes = make_pdf(docx_bytes)
    record = record.model_copy(update={
        "id": nid,
        "docx_key": notice_keys.notice_docx(record.submission_id, nid),
        "pdf_key": notice_keys.notice_pdf(record.submission_id, nid) if pdf_bytes else None,
        "reasons": made.codes,
    })
    if notices.add(record, docx_bytes, pdf_bytes):
        return record
    # another run issued it between our look and our write: theirs is the notice
    stored = notices.get(record.submission_id, nid)
    assert stored is not None
    return stored


def _with_remedy(row: ReasonRow, remedies: dict[str, str]) -> ReasonRow:
    if row.code not in remedies:
        return row
    return ReasonRow(row.code, row.reason, row.found, row.where, remedies[row.code])
