"""Scheduled re-validation. So far: the assessment clock (requests to join must be assessed
within 10 working days). The regulator refresh, expiry checks and register export are to come."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prefect import flow

from domain.models import AuditEvent
from flows import settings
from validators.policy import policy_in_force
from validators.working_days import add_working_days

ACTOR = "flow:check-assessment-clock"


@dataclass(frozen=True)
class Overdue:
    submission_id: str
    provider: str
    received: dt.date
    due: dt.date
    newly_flagged: bool


@flow(name="check-assessment-clock", log_prints=False)
def check_assessment_clock(as_of: dt.date | None = None) -> list[Overdue]:
    """Flag, once each, every submission still undecided after its assessment deadline."""
    repos = settings.repositories()
    as_of = as_of or settings.today()
    working_days = policy_in_force(as_of).assessment_working_days
    overdue = []
    for submission in repos.submissions.all():
        if submission.state.is_decided:
            continue
        received = submission.received_at.astimezone(settings.COUNCIL_TIMEZONE).date()
        due = add_working_days(received, working_days)
        if as_of <= due:
            continue
        flagged = repos.audit.record(AuditEvent(
            event_id=f"assessment-overdue-{submission.id}", at=settings.now(), actor=ACTOR,
            action="assessment-overdue", subject=f"submission:{submission.id}",
            reason=f"received {received}, due by {due} ({working_days} working days)",
        ))
        overdue.append(Overdue(submission.id, submission.provider, received, due, flagged))
    return overdue
