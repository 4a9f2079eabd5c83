"""What the HTTP API shows: a provider's own applications with each lot's reasons as codes (for
a provider's system to act on), their letters, and the officers' review queue.

Ownership, letters and the queue are the pages' own (services/provider_views.py,
services/officer_views.py): the API and the pages refuse and list alike. Only the lot status
differs: the pages give it in words, the API gives the finding's code, outcome, document and
page as data. Another provider's id is the same as none, so the API answers 404 either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from domain.models import Finding, LotOutcome, ReviewItem, Submission
from domain.notices import NoticeRecord
from services import officer_views, provider_views
from services.clarifications import clarification_requests
from services.review import decision_after_reviews
from storage.repositories import Repositories

LETTER_FORMATS = {"docx": provider_views.DOCX, "pdf": "application/pdf"}


@dataclass(frozen=True)
class LotStatus:
    lot: str
    outcome: LotOutcome
    reasons: tuple[Finding, ...]  # every finding that failed, referred or warned, in order
    clarification_asked: str | None  # the reviewer's words, while the request is unanswered


@dataclass(frozen=True)
class SubmissionStatus:
    submission: Submission
    decided_at: dt.datetime | None
    lots: tuple[LotStatus, ...]


def own_submission(repos: Repositories, provider_id: str,
                   submission_id: str) -> Submission | None:
    """The provider's submission, None when there is none of theirs with that id."""
    try:
        return provider_views.own_submission(repos, provider_id, submission_id)
    except (provider_views.OwnedNotFound, ValueError):  # ValueError: no id a key can hold
        return None


def status_of(repos: Repositories, submission: Submission) -> SubmissionStatus:
    """Each lot's outcome as it stands (after the reviewers' verdicts) with its findings."""
    decisions = [d for d in repos.decisions.of(submission.id) if not d.what_if]
    if not decisions:
        return SubmissionStatus(submission, None, ())
    latest = max(decisions, key=lambda decision: decision.decided_at)
    decision = decision_after_reviews(repos, latest)
    asked = {lot: item.reason for lot, item in clarification_requests(repos, submission.id).items()
             if not item.answered_by}
    lots = tuple(LotStatus(lot.lot, lot.outcome, lot.findings, asked.get(lot.lot))
                 for lot in decision.lots)
    return SubmissionStatus(submission, decision.decided_at, lots)


def letters_of(repos: Repositories, submission: Submission) -> list[NoticeRecord]:
    """The letters issued on the provider's submission, oldest first."""
    return [record for record in provider_views.letters(repos, submission)
            if record.provider == submission.provider]


def letter_bytes(repos: Repositories, submission: Submission, letter_id: str,
                 file_format: str) -> bytes | None:
    """A letter of the submission as DOCX or PDF; None when there is no such letter (or no PDF
    of it)."""
    try:
        return provider_views.letter(repos, submission, letter_id, file_format).data
    except (provider_views.OwnedNotFound, ValueError):  # ValueError: no id a key can hold
        return None


def open_reviews(repos: Repositories, zone: ZoneInfo, today: dt.date) -> list[ReviewItem]:
    """The review queue, the longest waiting first (as the officers' page orders it)."""
    return [queued.review for queued in officer_views.review_queue(repos, zone, today)]
