"""The commissioning team's decision on a referred lot: recorded once (who, when, why), routed to
the register, and never able to accept a failed rule away."""

from __future__ import annotations

import datetime as dt

from domain.models import (
    AuditEvent,
    Decision,
    EntryStatus,
    LotOutcome,
    Outcome,
    RegisterEntry,
    RegisterEvent,
    ReviewItem,
    ReviewStatus,
    ReviewSubject,
    ReviewVerdict,
)
from domain.notices import NoticeKind
from services.letters import Notify, PdfMaker, issue_notice, issue_register_notice
from services.routing import admission_details, admission_fields
from services.set_aside import WHOLE_APPLICATION
from storage.repositories import Repositories


class ReviewRefused(Exception):
    """The review decision cannot be made as asked; the message says why, for the reviewer."""


def decide_review(repos: Repositories, review_id: str, lot: str, verdict: ReviewVerdict,
                  reviewer: str, reason: str, at: dt.datetime, *,
                  make_pdf: PdfMaker, notify: Notify | None = None) -> ReviewItem:
    """Record a reviewer's verdict on a lot and route it; the same verdict again is a no-op.
    `make_pdf`: how its letter gets its PDF (bootstrap.pdf_maker; letters.no_pdf for DOCX);
    `notify`: how the provider's users are told of it (bootstrap.notifier; None: not told)."""
    if not reviewer.strip() or not reason.strip():
        raise ReviewRefused("a review decision needs the reviewer's name and a reason")
    current = repos.reviews.get(review_id)
    if current is None:
        raise ReviewRefused(f"no review with id {review_id!r}")
    if current.lot != lot:
        raise ReviewRefused(f"review {review_id} is for lot {current.lot}, not lot {lot}")
    failed = sorted({f.code for f in current.findings if f.outcome is Outcome.FAIL})
    if verdict is ReviewVerdict.ACCEPT and failed:
        raise ReviewRefused(f"a failed rule cannot be accepted away: {', '.join(failed)}")

    def change(item: ReviewItem | None) -> ReviewItem | None:
        assert item is not None
        if item.status is ReviewStatus.CLOSED:
            raise ReviewRefused(f"review {review_id} was closed on {item.decided_at:%d %B %Y}: "
                                f"{item.reason}")
        if item.status is ReviewStatus.DECIDED:
            if item.verdict is verdict:
                return None  # the same decision again: nothing changes
            raise ReviewRefused(f"review {review_id} was decided ({item.verdict}) by "
                                f"{item.reviewer} on {item.decided_at:%d %B %Y}")
        return item.model_copy(update={"status": ReviewStatus.DECIDED, "verdict": verdict,
                                       "reviewer": reviewer, "reason": reason, "decided_at": at})

    decided = repos.reviews.update(review_id, change)
    assert decided is not None
    _route(repos, decided, at, make_pdf, notify)
    return decided


def _route(repos: Repositories, item: ReviewItem, at: dt.datetime, make_pdf: PdfMaker,
           notify: Notify | None = None) -> None:
    """The verdict's consequences, each keyed by the review so a retry writes nothing twice."""
    decided_at = item.decided_at or at
    if item.about is ReviewSubject.REGISTER:
        _route_register_review(repos, item, decided_at, make_pdf, notify)
    else:
        if item.verdict is ReviewVerdict.ACCEPT:
            _admit_reviewed(repos, item, decided_at)
        _notify(repos, item, decided_at, make_pdf, notify)
    repos.audit.record(AuditEvent(
        event_id=f"review-decided-{item.id}", at=decided_at, actor=f"reviewer:{item.reviewer}",
        action=f"review-{item.verdict}", subject=f"review:{item.id}", reason=item.reason,
        before={"status": ReviewStatus.OPEN.value},
        after={"status": item.status.value, "verdict": str(item.verdict)},
    ))


def _admit_reviewed(repos: Repositories, item: ReviewItem, at: dt.datetime) -> None:
    """The reviewer's acceptance onto the register, with what the decision recorded (the
    settings' judgements, the certificates' expiry dates), as an automatic admission has."""
    before = repos.register.get(item.provider, item.lot)
    decision = repos.decisions.get(item.submission_id, item.policy_version)
    details = {"review": item.id, "submission": item.submission_id,
               "policy_version": item.policy_version}
    fields: dict[str, object] = {}
    if decision is not None:
        lot = next((lot for lot in decision.lots if lot.lot == item.lot), None)
        details |= admission_details(decision)
        fields = admission_fields(decision, lot, before)
    repos.register.apply(item.provider, item.lot, RegisterEvent(
        event_id=f"review-accepted-{item.id}", at=at, actor=f"reviewer:{item.reviewer}",
        kind="admitted", reason=item.reason, status_before=before.status if before else None,
        status_after=EntryStatus.ACTIVE, settings=item.settings, details=details), **fields)


def _route_register_review(repos: Repositories, item: ReviewItem, at: dt.datetime,
                           make_pdf: PdfMaker, notify: Notify | None = None) -> None:
    """A verdict on a registered entry that a regulator snapshot put in question.

    accept: a suspended entry is reinstated (reinstatement letter); an active one stays.
    reject: an active entry is suspended (suspension letter); a suspended one stays so.
    clarify: the provider is asked for what the findings list (clarification letter).
    """
    entry = repos.register.get(item.provider, item.lot)
    if entry is None:
        return
    actor = f"reviewer:{item.reviewer}"
    pdf = make_pdf
    event_id = f"review-{item.verdict}-{item.id}"
    change: tuple[str, EntryStatus, NoticeKind] | None = None
    if item.verdict is ReviewVerdict.ACCEPT and entry.status is EntryStatus.SUSPENDED:
        change = ("reinstated", EntryStatus.ACTIVE, NoticeKind.REINSTATEMENT)
    elif item.verdict is ReviewVerdict.REJECT and entry.status is EntryStatus.ACTIVE:
        change = ("suspended", EntryStatus.SUSPENDED, NoticeKind.SUSPENSION)
    if change is not None or entry.has_event(event_id):
        kind, status, notice = change or _applied(entry, event_id)
        entry = repos.register.apply(item.provider, item.lot, RegisterEvent(
            event_id=event_id, at=at, actor=actor, kind=kind, reason=item.reason,
            status_before=entry.status, status_after=status,
            details={"review": item.id, "refresh": item.submission_id}))
        listed = () if notice is NoticeKind.REINSTATEMENT else item.findings
        issue_register_notice(repos, entry, notice, event_id, listed, at, make_pdf=pdf,
                              notify=notify)
        if notice is NoticeKind.REINSTATEMENT:
            _close_superseded(repos, item, at)
    elif item.verdict is ReviewVerdict.CLARIFY:
        asked = tuple(f for f in item.findings if f.outcome is Outcome.REFER)
        issue_register_notice(repos, entry, NoticeKind.CLARIFICATION, item.id, asked, at,
                              make_pdf=pdf, notify=notify)


def _close_superseded(repos: Repositories, item: ReviewItem, at: dt.datetime) -> None:
    """Close the entry's other open register reviews: a reinstatement settles them (deciding
    the old Inadequate one now would suspend a setting Ofsted has since judged Good)."""
    why = f"superseded: review {item.id} reinstated the entry"
    for other in repos.reviews.all():
        if (other.id == item.id or other.about is not ReviewSubject.REGISTER
                or (other.provider, other.lot) != (item.provider, item.lot)
                or other.status is not ReviewStatus.OPEN):
            continue
        repos.reviews.update(other.id, lambda current: current.model_copy(update={
            "status": ReviewStatus.CLOSED, "reviewer": item.reviewer, "reason": why,
            "decided_at": at}) if current and current.status is ReviewStatus.OPEN else None)
        repos.audit.record(AuditEvent(
            event_id=f"review-closed-{other.id}", at=at, actor=f"reviewer:{item.reviewer}",
            action="review-closed", subject=f"review:{other.id}", reason=why,
            before={"status": ReviewStatus.OPEN.value},
            after={"status": ReviewStatus.CLOSED.value}))


def _applied(entry: RegisterEntry, event_id: str) -> tuple[str, EntryStatus, NoticeKind]:
    """The change a killed run applied already (its letter may still be missing)."""
    event = next(e for e in entry.history if e.event_id == event_id)
    notice = NoticeKind.REINSTATEMENT if event.kind == "reinstated" else NoticeKind.SUSPENSION
    return event.kind, event.status_after, notice


_NOTICES = {ReviewVerdict.ACCEPT: NoticeKind.ACCEPTANCE, ReviewVerdict.REJECT: NoticeKind.REJECTION,
            ReviewVerdict.CLARIFY: NoticeKind.CLARIFICATION}


def _notify(repos: Repositories, item: ReviewItem, at: dt.datetime, make_pdf: PdfMaker,
            notify: Notify | None = None) -> None:
    """The provider's letter for the verdict, issued once (its id names the kind and the lot).
    A set-aside submission's review (the whole application, no lot) has no lot to write about:
    even where a decision was stored before the step that broke, its letter would report that
    decision, which the team has set aside."""
    decision = repos.decisions.get(item.submission_id, item.policy_version)
    if decision is None or item.verdict is None or item.lot == WHOLE_APPLICATION:
        return
    reviewed = decision.after_reviews({item.lot: _OUTCOMES[item.verdict]}) \
        if item.verdict in _OUTCOMES else decision
    issue_notice(repos, reviewed, item.lot, _NOTICES[item.verdict], at,
                 make_pdf=make_pdf, notify=notify)


_OUTCOMES = {ReviewVerdict.ACCEPT: LotOutcome.ACCEPTED, ReviewVerdict.REJECT: LotOutcome.REJECTED}


def decision_after_reviews(repos: Repositories, decision: Decision) -> Decision:
    """The decision with each reviewed lot's outcome as its reviewer decided (a clarification
    leaves the lot in review)."""
    outcomes = {
        item.lot: _OUTCOMES[item.verdict]
        for item in repos.reviews.of_submission(decision.submission_id)
        if item.verdict in _OUTCOMES
    }
    return decision.after_reviews(outcomes)
