"""Routing a decision: accepted lots onto the register, in-review lots into the review queue,
every step recorded in the audit log. Every write is conditional and keyed by its cause, so a
crash and a re-run give one entry, one review and one audit event each."""

from __future__ import annotations

import datetime as dt

from domain.models import (
    AuditEvent,
    Decision,
    EntryStatus,
    LotDecision,
    LotOutcome,
    RegisterEntry,
    RegisterEvent,
    ReviewItem,
)
from domain.notices import NoticeKind
from services.failpoints import failpoint
from services.letters import Notify, PdfMaker, issue_notice
from storage.repositories import Repositories

ACTOR = "flow:process-submission"


def route_decision(repos: Repositories, decision: Decision, at: dt.datetime, *,
                   make_pdf: PdfMaker, notify: Notify | None = None) -> None:
    """Apply the decision's consequences; safe to repeat. `make_pdf`: how its letters get
    their PDF (bootstrap.pdf_maker; letters.no_pdf for DOCX only); `notify`: how the
    provider's users are told of each letter (bootstrap.notifier; None: not told)."""
    repos.audit.record(
        AuditEvent(
            event_id=f"decided-{decision.submission_id}-{decision.policy_version}",
            at=at,
            actor=ACTOR,
            action="decided",
            subject=f"submission:{decision.submission_id}",
            reason=f"policy {decision.policy_version}, as of {decision.evaluation_date}",
            after={
                "state": decision.state.value,
                "lots": {lot.lot: lot.outcome.value for lot in decision.lots},
            },
        )
    )
    failpoint("after-decision-audited")
    for lot in decision.lots:
        if lot.outcome is LotOutcome.ACCEPTED:
            _admit(repos, decision, lot, at)
            failpoint("after-register-entry")
            issue_notice(repos, decision, lot.lot, NoticeKind.ACCEPTANCE, at,
                         make_pdf=make_pdf, notify=notify)
            failpoint("after-notice")
        elif lot.outcome is LotOutcome.REJECTED:
            issue_notice(repos, decision, lot.lot, NoticeKind.REJECTION, at,
                         make_pdf=make_pdf, notify=notify)
            failpoint("after-notice")
        elif lot.outcome is LotOutcome.IN_REVIEW:
            _open_review(repos, decision, lot, at)
            failpoint("after-review-opened")


#: the start of every "routed" audit event's id: listing it gives what is routed, unread
ROUTED = "routed-"


def routed_event_id(submission_id: str, policy_version: str) -> str:
    return f"{ROUTED}{submission_id}-{policy_version}"


def mark_routed(repos: Repositories, decision: Decision, at: dt.datetime) -> None:
    """Record, last of all, that every consequence of the decision is in place."""
    repos.audit.record(AuditEvent(
        event_id=routed_event_id(decision.submission_id, decision.policy_version), at=at,
        actor=ACTOR, action="routed", subject=f"submission:{decision.submission_id}",
        reason=f"policy {decision.policy_version}", after={"state": decision.state.value},
    ))


def is_routed(repos: Repositories, submission_id: str, policy_version: str) -> bool:
    """Whether a decision under the version was stored and all its consequences applied."""
    return repos.audit.has(routed_event_id(submission_id, policy_version))


def admission_details(decision: Decision) -> dict[str, str]:
    """What an admission event records of its decision: the submission (the letters about the
    entry are kept with it) and the certificates it recorded, as of when (expiry reminders
    whose milestone had passed by then are not sent)."""
    return {"submission": decision.submission_id, "policy_version": decision.policy_version,
            "evaluation_date": decision.evaluation_date.isoformat(),
            "evidence": ",".join(sorted(decision.evidence_expiry))}


def admission_fields(
    decision: Decision, lot: LotDecision | None, before: RegisterEntry | None
) -> dict[str, object]:
    """The entry's fields an admission sets: the settings' judgements at admission and the
    certificates' expiry dates (replacing those recorded before)."""
    settings_ = lot.settings if lot is not None else ()
    fields: dict[str, object] = {"judgements_at_admission": {
        urn: decision.judgements[urn] for urn in settings_ if urn in decision.judgements}}
    if decision.evidence_expiry:
        fields["evidence_expiry"] = {**(before.evidence_expiry if before else {}),
                                     **decision.evidence_expiry}
    return fields


def _admit(repos: Repositories, decision: Decision, lot: LotDecision, at: dt.datetime) -> None:
    before = repos.register.get(decision.provider, lot.lot)
    event_id = f"admitted-{decision.submission_id}-{decision.policy_version}-{lot.lot}"
    event = RegisterEvent(
        event_id=event_id,
        at=at,
        actor=ACTOR,
        kind="admitted",
        reason=f"accepted on submission {decision.submission_id}",
        status_before=before.status if before else None,
        status_after=EntryStatus.ACTIVE,
        settings=lot.settings,
        details=admission_details(decision),
    )
    entry = repos.register.apply(decision.provider, lot.lot, event,
                                 **admission_fields(decision, lot, before))
    repos.audit.record(
        AuditEvent(
            event_id=event_id,
            at=at,
            actor=ACTOR,
            action="register-admitted",
            subject=f"register:{decision.provider}/{lot.lot}",
            reason=event.reason,
            before={"status": before.status.value} if before else None,
            after={"status": entry.status.value, "settings": list(entry.settings)},
        )
    )


def _open_review(
    repos: Repositories, decision: Decision, lot: LotDecision, at: dt.datetime
) -> None:
    review_id = f"{decision.submission_id}-{decision.policy_version}-{lot.lot}"
    repos.reviews.open(
        ReviewItem(
            settings=lot.settings,
            policy_version=decision.policy_version,
            id=review_id,
            submission_id=decision.submission_id,
            provider=decision.provider,
            lot=lot.lot,
            opened_at=at,
            findings=lot.findings,
        )
    )
    repos.audit.record(
        AuditEvent(
            event_id=f"review-opened-{review_id}",
            at=at,
            actor=ACTOR,
            action="review-opened",
            subject=f"review:{review_id}",
            reason="; ".join(sorted({f.code for f in lot.findings})),
        )
    )
