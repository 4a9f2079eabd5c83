"""Issuing a notice to a provider: make the letter from its template, keep it with the
submission, once. The notice id comes from its cause (submission, policy version, lot, kind) and
is written create-only, so a crash and a re-run, or two runs at once, give one notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from domain.models import Decision
from domain.notices import NoticeKind, NoticeRecord, notice_id
from notices.letter import COUNCIL_NAME, letter_for
from notices.pdf import to_pdf
from notices.render import render_docx, template_path
from storage import notice_keys
from storage.notices import Notices
from storage.repositories import Repositories

#: DOCX bytes to PDF bytes, or None when no PDF can be made (LibreOffice missing, failed)
PdfMaker = Callable[[bytes], bytes | None]


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
) -> NoticeRecord:
    """Issue the notice of `kind` on `lot` of `decision`, dated `at`; safe to repeat.

    Returns the notice's record: the one made now, or the one an earlier run made (then nothing
    is rendered or written). `template` replaces the shipped template of the kind (DOCX bytes).
    """
    kind = NoticeKind(kind)
    notices = Notices(repos.store)
    nid = notice_id(decision.submission_id, decision.policy_version, lot, kind)
    existing = notices.get(decision.submission_id, nid)
    if existing is not None:
        return existing
    letter = letter_for(decision, lot, kind, at, council=council)
    source = template if template is not None else template_path(kind).read_bytes()
    docx_bytes = render_docx(letter, source, at=at)
    pdf_bytes = make_pdf(docx_bytes)
    record = NoticeRecord(
        id=nid,
        kind=kind,
        submission_id=decision.submission_id,
        policy_version=decision.policy_version,
        provider=decision.provider,
        lot=lot,
        created_at=at,
        docx_key=notice_keys.notice_docx(decision.submission_id, nid),
        pdf_key=notice_keys.notice_pdf(decision.submission_id, nid) if pdf_bytes else None,
        reasons=letter.codes,
    )
    if notices.add(record, docx_bytes, pdf_bytes):
        return record
    # another run issued it between our look and our write: theirs is the notice
    stored = notices.get(decision.submission_id, nid)
    assert stored is not None
    return stored
