"""The HTTP API's JSON shapes (pydantic models, so FastAPI's OpenAPI schema documents them), and
how each is made from what the services give."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from domain.models import Finding, ReviewItem, Submission
from domain.notices import NoticeRecord
from services.api_views import LETTER_FORMATS, SubmissionStatus


class FileOut(BaseModel):
    name: str = Field(description="the file's name as sent (display only)")
    size: int
    media_type: str = Field(description="the type its content shows, never its name")


class SubmissionSummary(BaseModel):
    id: str
    received_at: dt.datetime
    state: str = Field(description="received, processing, accepted, rejected, "
                                   "partially-accepted, in-review or failed")
    files: list[FileOut]
    answers: str | None = Field(None, description="the application this one answers a "
                                                  "clarification request on")


class Reason(BaseModel):
    code: str
    outcome: str = Field(description="fail (rejects the lot), refer (a person decides) or "
                                     "warn (shown only)")
    message: str = Field(description="what was required and what was found")
    document: str | None = None
    page: int | None = None


class LotOut(BaseModel):
    lot: str
    outcome: str = Field(description="accepted, rejected or in-review")
    reasons: list[Reason]
    clarification_asked: str | None = Field(
        None, description="what a reviewer asked you to send, when they asked")


class SubmissionDetail(SubmissionSummary):
    decided_at: dt.datetime | None
    lots: list[LotOut]


class LetterOut(BaseModel):
    id: str
    kind: str
    lot: str
    issued_at: dt.datetime
    downloads: dict[str, str] = Field(description="format (docx, pdf) -> its download path")


class CheckedFile(BaseModel):
    name: str
    kinds: list[str] = Field(description="the kinds of document recognised in it")
    problem: str | None = Field(None, description="why it cannot be used; none when it can")


class Submitted(BaseModel):
    id: str
    received_at: dt.datetime
    files: list[CheckedFile]


class ReviewOut(BaseModel):
    id: str
    submission_id: str
    provider: str
    lot: str
    opened_at: dt.datetime
    reasons: list[Reason]


class VerdictIn(BaseModel):
    verdict: str = Field(pattern="^(accept|reject|clarify)$")
    reason: str = Field(min_length=1, max_length=4000, pattern=r"\S",
                        description="why: the provider reads it in the letter")


class VerdictOut(BaseModel):
    id: str
    status: str
    verdict: str | None
    reviewer: str
    reason: str
    decided_at: dt.datetime | None


def summary_of(submission: Submission) -> SubmissionSummary:
    return SubmissionSummary(
        id=submission.id, received_at=submission.received_at, state=submission.state.value,
        files=[FileOut(name=f.original_name, size=f.size, media_type=f.media_type)
               for f in submission.files],
        answers=submission.answers.submission_id if submission.answers else None)


def detail_of(status: SubmissionStatus) -> SubmissionDetail:
    return SubmissionDetail(
        **summary_of(status.submission).model_dump(), decided_at=status.decided_at,
        lots=[LotOut(lot=lot.lot, outcome=lot.outcome.value,
                     reasons=[reason_of(f) for f in lot.reasons],
                     clarification_asked=lot.clarification_asked) for lot in status.lots])


def reason_of(finding: Finding) -> Reason:
    return Reason(code=finding.code, outcome=finding.outcome.value, message=finding.message,
                  document=finding.document, page=finding.page)


def letter_of(record: NoticeRecord) -> LetterOut:
    base = f"/api/submissions/{record.submission_id}/letters/{record.id}"
    formats = ["docx"] + (["pdf"] if record.pdf_key else [])
    assert set(formats) <= set(LETTER_FORMATS)
    return LetterOut(id=record.id, kind=record.kind.value, lot=record.lot,
                     issued_at=record.created_at,
                     downloads={f: f"{base}/{f}" for f in formats})


def review_of(item: ReviewItem) -> ReviewOut:
    return ReviewOut(id=item.id, submission_id=item.submission_id, provider=item.provider,
                     lot=item.lot, opened_at=item.opened_at,
                     reasons=[reason_of(f) for f in item.findings])
