"""A provider's answer to a clarification request: the same application, re-validated with the
documents the reviewer asked for. The answer is a new submission (its files kept byte for byte
like any other) holding the application's files, a file of the same name replaced by the new
one, and decided on the lots in question only; the reviews it answers say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from domain.models import (
    AuditEvent,
    ClarificationAnswer,
    ReviewItem,
    ReviewSubject,
    ReviewVerdict,
    Submission,
)
from services.submissions import Upload, submit
from storage.repositories import Repositories

ACTOR = "flow:answer-clarification"


class ClarificationRefused(Exception):
    """The answer cannot be taken as given; the message says why, for the provider's officer."""


def clarification_requests(repos: Repositories, submission_id: str) -> dict[str, ReviewItem]:
    """The lots of an application on which a reviewer asked for clarification, by lot."""
    return {
        item.lot: item
        for item in repos.reviews.of_submission(submission_id)
        if item.about is ReviewSubject.APPLICATION and item.verdict is ReviewVerdict.CLARIFY
    }


def answer_clarification(
    repos: Repositories, submission_id: str, uploads: Sequence[Upload],
    lots: Sequence[str] = (), received_at: dt.datetime | None = None,
    announce: Callable[[Submission], object] | None = None,
) -> Submission:
    """Keep the provider's answer as a new submission re-validating the application on `lots`
    (default: every lot with a clarification request); the next `dps process` decides it.
    `received_at`: when the council received the answer (default now)."""
    application = repos.submissions.get(submission_id)
    if received_at is not None and received_at < application.received_at:
        raise ClarificationRefused(
            f"an answer cannot be received before the application it answers ({submission_id}, "
            f"received {application.received_at:%d %b %Y})")
    requests = clarification_requests(repos, submission_id)
    if not requests:
        raise ClarificationRefused(
            f"submission {submission_id} has no clarification request: only a lot a reviewer "
            "asked about (`dps review decide … --clarify`) can be answered")
    lots = tuple(dict.fromkeys(lots)) or tuple(sorted(requests))
    unasked = [lot for lot in lots if lot not in requests]
    if unasked:
        raise ClarificationRefused(
            f"no clarification was asked on lot {', '.join(unasked)} of {submission_id}; "
            f"asked on lot {', '.join(sorted(requests))}")
    if not uploads:
        raise ClarificationRefused("an answer needs at least one file")
    replaced = {upload.name for upload in uploads}
    kept = [Upload(f.original_name, repos.submissions.original(submission_id, f.sha256))
            for f in application.files if f.original_name not in replaced]
    decisions = repos.decisions.of(submission_id)
    provider = decisions[-1].provider if decisions else application.provider
    reviews = tuple(requests[lot].id for lot in lots)
    answer = submit(repos, [*kept, *uploads], provider,
                    answers=ClarificationAnswer(submission_id=submission_id, lots=lots,
                                                reviews=reviews),
                    received_at=received_at, announce=announce)
    for review_id in reviews:
        repos.reviews.update(review_id, lambda item, by=answer.id: (
            item.model_copy(update={"answered_by": by}) if item and not item.answered_by
            else None))
        repos.audit.record(AuditEvent(
            event_id=f"clarification-received-{review_id}-{answer.id}", at=answer.received_at,
            actor=ACTOR, action="clarification-received", subject=f"review:{review_id}",
            reason=f"{len(uploads)} file(s): {', '.join(sorted(replaced))}",
            after={"submission": answer.id},
        ))
    return answer
