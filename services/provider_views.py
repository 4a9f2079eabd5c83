"""What a provider's pages read: the published forms, their drafts, a submission's outcome per lot
in plain words, its letters, the assessment's due date, and their register entries.

Every function takes the provider's id and gives only what is theirs: another provider's id is
the same as none (OwnedNotFound), so a page can answer 404 without saying that it exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.drafts import Draft, DraftState
from domain.models import Decision, Finding, LotOutcome, RegisterEntry, Submission, SubmissionState
from domain.notices import NoticeRecord
from notices.letter import reason_row
from services.clarifications import clarification_requests
from services.review import decision_after_reviews
from storage.errors import ObjectNotFound
from storage.notices import Notices
from storage.repositories import Repositories
from validators.working_days import add_working_days

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "templates"
#: the assessment is finished within this many working days of receipt (the council's promise)
ASSESSMENT_WORKING_DAYS = 10
#: a certificate expiring within this many days is shown as nearing expiry
EXPIRY_WARNING_DAYS = 60
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class OwnedNotFound(LookupError):
    """No such thing of this provider's (or it is another provider's: the same to them)."""


@dataclass(frozen=True)
class PublishedForm:
    file_name: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Reason:
    """One reason for a lot's outcome, in the provider's words."""

    title: str
    found: str
    where: str
    remedy: str


@dataclass(frozen=True)
class LotStatus:
    lot: str
    outcome: str  # in words: "Accepted", "Not accepted", "Being reviewed"
    reasons: tuple[Reason, ...]
    clarification: str | None  # what the reviewer asked, when they asked


@dataclass(frozen=True)
class Expiring:
    lot: str
    evidence: str  # in words: "Employers' liability insurance"
    expires: dt.date
    expired: bool


_OUTCOME_WORDS = {LotOutcome.ACCEPTED: "Accepted", LotOutcome.REJECTED: "Not accepted",
                  LotOutcome.IN_REVIEW: "Being reviewed"}
_STATE_WORDS = {
    SubmissionState.RECEIVED: "Received, not checked yet",
    SubmissionState.PROCESSING: "Being checked",
    SubmissionState.ACCEPTED: "Accepted",
    SubmissionState.REJECTED: "Not accepted",
    SubmissionState.PARTIALLY_ACCEPTED: "Accepted on some lots",
    SubmissionState.IN_REVIEW: "Being reviewed by the commissioning team",
    SubmissionState.FAILED: "Being looked at by the commissioning team",
}


def published_form(edition: str) -> PublishedForm:
    """The application form to download: "docx" (Word) or "pdf" (fillable PDF)."""
    media = {"docx": DOCX, "pdf": "application/pdf"}
    if edition not in media:
        raise OwnedNotFound(edition)
    name = f"dps-application-form.{edition}"
    return PublishedForm(name, media[edition], (FORMS / name).read_bytes())


def assessment_due(received_at: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The day the assessment's working days end: counted from the day of receipt where the
    council is (a file sent at 23:30 UTC in summer arrives the next day in London)."""
    return add_working_days(received_at.astimezone(zone).date(), ASSESSMENT_WORKING_DAYS)


def state_words(state: SubmissionState) -> str:
    return _STATE_WORDS[state]


def open_drafts(repos: Repositories, provider: str) -> list[Draft]:
    """The provider's applications started and not sent, newest first."""
    return [draft for draft in repos.drafts.of(provider) if draft.state is not DraftState.SUBMITTED]


def own_draft(repos: Repositories, provider: str, draft_id: str) -> Draft:
    try:
        return repos.drafts.get(provider, draft_id)
    except ObjectNotFound as error:
        raise OwnedNotFound(draft_id) from error


def own_submission(repos: Repositories, provider: str, submission_id: str) -> Submission:
    """The provider's submission (OwnedNotFound for none, and for another provider's)."""
    try:
        submission = repos.submissions.get(submission_id)
    except ObjectNotFound as error:
        raise OwnedNotFound(submission_id) from error
    if submission.provider != provider:
        raise OwnedNotFound(submission_id)
    return submission


def lot_statuses(repos: Repositories, submission: Submission) -> list[LotStatus]:
    """Each lot's outcome as it stands after the reviews, with every reason in plain words and
    where it was found; empty until the submission is decided."""
    decision = _current_decision(repos, submission.id)
    if decision is None:
        return []
    asked = open_questions(repos, submission)
    return [
        LotStatus(lot=lot.lot, outcome=_OUTCOME_WORDS[lot.outcome],
                  reasons=tuple(_reason(finding) for finding in lot.findings),
                  clarification=asked.get(lot.lot))
        for lot in decision.lots
    ]


def open_questions(repos: Repositories, submission: Submission) -> dict[str, str]:
    """What a reviewer asked the provider and is not answered yet, by lot."""
    return {lot: item.reason for lot, item in clarification_requests(repos, submission.id).items()
            if not item.answered_by}


def _current_decision(repos: Repositories, submission_id: str) -> Decision | None:
    decisions = [d for d in repos.decisions.of(submission_id) if not d.what_if]
    if not decisions:
        return None
    latest = max(decisions, key=lambda decision: decision.decided_at)
    return decision_after_reviews(repos, latest)


def _reason(finding: Finding) -> Reason:
    row = reason_row(finding)
    return Reason(title=row.reason, found=row.found, where=row.where, remedy=row.remedy)


def letters(repos: Repositories, submission: Submission) -> list[NoticeRecord]:
    return sorted(Notices(repos.store).of(submission.id), key=lambda record: record.created_at)


def letter(repos: Repositories, submission: Submission, notice_id: str,
           edition: str) -> PublishedForm:
    """One letter's DOCX or PDF (OwnedNotFound when there is no such letter or edition)."""
    notices = Notices(repos.store)
    record = notices.get(submission.id, notice_id)
    if record is None or record.provider != submission.provider:
        raise OwnedNotFound(notice_id)
    data = notices.docx(record) if edition == "docx" else (
        notices.pdf(record) if edition == "pdf" else None)
    if data is None:
        raise OwnedNotFound(f"{notice_id}.{edition}")
    name = f"{submission.id}-lot-{record.lot}-{record.kind.value}.{edition}"
    return PublishedForm(name, DOCX if edition == "docx" else "application/pdf", data)


def register_entries(repos: Repositories, provider: str) -> list[RegisterEntry]:
    return sorted((e for e in repos.register.entries() if e.provider == provider),
                  key=lambda entry: entry.lot)


def nearing_expiry(entries: list[RegisterEntry], today: dt.date,
                   within_days: int = EXPIRY_WARNING_DAYS) -> list[Expiring]:
    """Certificates that have expired or expire within `within_days`, soonest first."""
    horizon = today + dt.timedelta(days=within_days)
    found = [Expiring(entry.lot, _evidence_words(key), day, day < today)
             for entry in entries for key, day in entry.evidence_expiry.items() if day <= horizon]
    return sorted(found, key=lambda item: (item.expires, item.lot))


def _evidence_words(key: str) -> str:
    """"insurance:employers-liability" -> "Employers liability insurance"."""
    kind, _, detail = key.partition(":")
    words = f"{detail.replace('-', ' ').replace('_', ' ')} {kind}".strip()
    return words[:1].upper() + words[1:]
