"""Setting a submission aside: one that cannot be decided (an unusable provider id, a file that
breaks a step) is marked `failed` with its reason and a review for the team, so the submissions
queued behind it are still decided. Each write is keyed by the submission, so a crash and a
re-run set it aside once."""

from __future__ import annotations

import datetime as dt

from domain.models import AuditEvent, Finding, Outcome, ReviewItem, SubmissionState
from storage.repositories import Repositories

ACTOR = "flow:process-submission"
CODE = "submission-set-aside"
#: the review's lot: the whole application (as a finding without a lot applies to every lot)
WHOLE_APPLICATION = "all"


class SetAside(Exception):  # noqa: N818 (a result, not an error: the message is the reason)
    """A submission cannot be decided; the message says why, for the commissioning team."""


def set_aside_review_id(submission_id: str, policy_version: str) -> str:
    return f"{submission_id}-{policy_version}-set-aside"


def reason_of(error: BaseException) -> str:
    """One line for the team: the reason given, or what went wrong (never a traceback)."""
    text = str(error) if isinstance(error, SetAside) else f"{type(error).__name__}: {error}"
    first = (text.splitlines() or [""])[0]
    return first if len(first) <= 240 else first[:239] + "…"


def set_aside(repos: Repositories, submission_id: str, policy_version: str, reason: str,
              at: dt.datetime) -> None:
    """Open the team's review, record why, then mark the submission `failed` (last: a run
    killed before it finds the submission pending and sets it aside again, once)."""
    submission = repos.submissions.get(submission_id)
    review_id = set_aside_review_id(submission_id, policy_version)
    # outcome fail: a reviewer cannot accept a submission that was never decided onto the
    # register; they reject it or ask the provider to submit again
    finding = Finding(code=CODE, outcome=Outcome.FAIL,
                      message=f"The submission could not be decided: {reason}")
    repos.reviews.open(ReviewItem(
        id=review_id, submission_id=submission_id, provider=submission.provider,
        lot=WHOLE_APPLICATION, opened_at=at, findings=(finding,),
        policy_version=policy_version))
    repos.audit.record(AuditEvent(
        event_id=f"set-aside-{submission_id}-{policy_version}", at=at, actor=ACTOR,
        action="set-aside", subject=f"submission:{submission_id}", reason=reason,
        before={"state": submission.state.value}, after={"state": SubmissionState.FAILED.value},
    ))
    repos.submissions.set_state(submission_id, SubmissionState.FAILED)


def set_aside_reason(repos: Repositories, submission_id: str) -> str | None:
    """Why the submission was set aside (the latest time), None if it never was."""
    events = repos.audit.events(f"submission:{submission_id}")
    reasons = [e.reason for e in events if e.action == "set-aside"]
    return reasons[-1] if reasons else None
