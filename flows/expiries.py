"""Scheduled expiry checks on the register (selection-criteria.md, "After admission"): reminders
before an insurance certificate expires, suspension when it has expired with no replacement, and
reinstatement when a valid certificate is recorded. Works from RegisterEntry.evidence_expiry.

Every write is keyed by its cause, so a re-run, however often, changes nothing: a reminder is an
audit event created once per (entry, item, expiry, milestone); a suspension or reinstatement is a
register event applied once per (item, expiry). Sending the notice is the notices flow's job."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from prefect import flow

from domain.cause_ids import cause_id
from domain.models import AuditEvent, EntryStatus, RegisterEntry, RegisterEvent
from domain.notices import NoticeKind
from flows import settings
from services.failpoints import failpoint
from services.letters import issue_register_notice
from storage.repositories import Repositories
from validators.case import long_date
from validators.evidence_expiry import (
    EVIDENCE_RENEWED,
    INSURANCE_EXPIRED,
    REINSTATED,
    SUSPENDED,
    expired_finding,
    is_expired,
    is_reinstated_by_certificates,
    is_suspended_for_expiry,
    item_words,
    recorded_on,
    reminder_finding,
    renewal_remedy,
)
from validators.policy import policy_in_force
from validators.reminders import INSURANCE_EXPIRING_SOON, due_reminder

ACTOR = "flow:check-expiries"


@dataclass(frozen=True)
class Reminder:
    provider: str
    lot: str
    item: str
    expiry: dt.date
    milestone: int  # days before expiry: 28, 14 or 0 (on the day)


@dataclass(frozen=True)
class Change:
    """A suspension or reinstatement, made once."""

    provider: str
    lot: str
    item: str
    expiry: dt.date
    reason: str


@dataclass
class ExpiryCheck:
    """What one run did; a re-run on the same day reports nothing new. Reinstatement is not a
    scheduled change: record_new_certificate makes it when a valid certificate arrives."""

    as_of: dt.date
    reminders: list[Reminder] = field(default_factory=list)
    suspended: list[Change] = field(default_factory=list)


@flow(name="check-expiries", log_prints=False)
def check_expiries(as_of: dt.date | None = None) -> ExpiryCheck:
    """Remind and suspend, once each, for every register entry's expiring evidence: one letter
    per entry for the covers that share an expiry date (one certificate's), not one per cover."""
    repos = settings.repositories()
    as_of = as_of or settings.today()
    milestones = policy_in_force(as_of).reminder_days
    result = ExpiryCheck(as_of)
    for entry in repos.register.entries():
        if entry.status is EntryStatus.REMOVED:
            continue
        due: dict[tuple[dt.date, int], list[str]] = {}
        expired: dict[dt.date, list[str]] = {}
        for item, expiry in sorted(entry.evidence_expiry.items()):
            if not is_expired(expiry, as_of):
                sent = [m for m in milestones if repos.audit.has(_reminder_id(entry, item,
                                                                              expiry, m))]
                milestone = due_reminder(expiry, as_of, milestones, sent,
                                         recorded_on(entry, item))
                if milestone is not None:
                    due.setdefault((expiry, milestone), []).append(item)
            elif not is_suspended_for_expiry(entry, item, expiry):
                expired.setdefault(expiry, []).append(item)
        for (expiry, milestone), items in sorted(due.items()):
            result.reminders += _remind(repos, entry, items, expiry, milestone, as_of)
        for expiry, items in sorted(expired.items()):
            result.suspended += _suspend(repos, entry, items, expiry, as_of)
    return result


def record_new_certificate(
    repos: Repositories, provider: str, lot: str, item: str, new_expiry: dt.date, at: dt.datetime
) -> Change | None:
    """Record a newly uploaded certificate's expiry for an entry; if that clears every cause of
    the entry's suspension (each an expired certificate, now replaced by one valid on `at`'s
    date), the entry is reinstated. Returns the reinstatement, or None. Safe to repeat; a
    certificate that expires no later than the one recorded replaces nothing."""
    entry = repos.register.get(provider, lot)
    if entry is None:
        raise LookupError(f"no register entry for {provider} lot {lot}")
    event_id = f"certificate-{provider}-{lot}-{item}-{new_expiry}"
    event = next((e for e in entry.history if e.event_id == event_id), None)
    if event is None:  # not recorded before (a repeat finishes the audit of the first call)
        recorded = entry.evidence_expiry.get(item)
        if recorded is not None and new_expiry <= recorded:
            return None
        evidence = {**entry.evidence_expiry, item: new_expiry}
        today = at.astimezone(settings.COUNCIL_TIMEZONE).date()
        reinstate = is_reinstated_by_certificates(entry, evidence, today)
        event = RegisterEvent(
            event_id=event_id, at=at, actor="flow:record-new-certificate",
            kind=REINSTATED if reinstate else EVIDENCE_RENEWED,
            reason=f"new {item} certificate, valid until {new_expiry}",
            status_before=entry.status,
            status_after=EntryStatus.ACTIVE if reinstate else entry.status,
            details={"item": item, "expiry": new_expiry.isoformat()},
        )
        entry = repos.register.apply(provider, lot, event, evidence_expiry=evidence)
    if event.kind == REINSTATED:
        issue_register_notice(repos, entry, NoticeKind.REINSTATEMENT, event.event_id, (), at,
                              make_pdf=settings.notice_pdf_maker(),
                              notify=settings.letter_notifier())
    created = _audit(repos, event, provider, lot)
    if created and event.kind == REINSTATED:
        return Change(provider, lot, item, new_expiry, event.reason)
    return None


def _reminder_id(entry: RegisterEntry, item: str, expiry: dt.date, milestone: int) -> str:
    """The audit event marking one cover's reminder at one milestone sent."""
    return cause_id("reminder", entry.provider, entry.lot, item, expiry.isoformat(),
                    str(milestone))


def _remind(
    repos: Repositories, entry: RegisterEntry, items: list[str], expiry: dt.date,
    milestone: int, as_of: dt.date,
) -> list[Reminder]:
    """One letter for the covers expiring on `expiry`, then each cover's reminder marked sent."""
    when = "today" if milestone == 0 else f"within {milestone} days"
    at = settings.now()
    # the letter first, the audit events (which mark the reminders sent) last: a run killed in
    # between finds the same letter on the next run, never sends a second one
    issue_register_notice(
        repos, entry, NoticeKind.EXPIRY_REMINDER,
        cause_id("reminder", entry.provider, entry.lot, expiry.isoformat(), str(milestone)),
        tuple(reminder_finding(item, expiry, as_of, milestone, entry.lot) for item in items),
        at, remedies={INSURANCE_EXPIRING_SOON: renewal_remedy(expiry)},
        make_pdf=settings.notice_pdf_maker(), notify=settings.letter_notifier(),
    )
    failpoint("expiry-after-notice")
    reminders = []
    for item in items:
        if repos.audit.record(AuditEvent(
            event_id=_reminder_id(entry, item, expiry, milestone), at=at, actor=ACTOR,
            action=INSURANCE_EXPIRING_SOON, subject=f"register:{entry.provider}/{entry.lot}",
            reason=f"the {item_words(item)} cover expires {when}, on {long_date(expiry)} "
            f"(checked {long_date(as_of)})",
            after={"item": item, "expiry": expiry.isoformat(), "milestone": milestone},
        )):
            reminders.append(Reminder(entry.provider, entry.lot, item, expiry, milestone))
    return reminders


def _suspend(
    repos: Repositories, entry: RegisterEntry, items: list[str], expiry: dt.date,
    as_of: dt.date,
) -> list[Change]:
    """Suspend the entry once per expired cover, with one letter for the certificate."""
    at = settings.now()
    events = [RegisterEvent(
        event_id=f"{INSURANCE_EXPIRED}-{entry.provider}-{entry.lot}-{item}-{expiry}",
        at=at,
        actor=ACTOR,
        kind=SUSPENDED,
        reason=f"{INSURANCE_EXPIRED}: the {item_words(item)} cover expired on "
        f"{long_date(expiry)} and no valid replacement has been uploaded",
        status_before=entry.status,
        status_after=EntryStatus.SUSPENDED,
        details={"code": INSURANCE_EXPIRED, "item": item, "expiry": expiry.isoformat()},
    ) for item in items]
    for event in events:
        entry = repos.register.apply(entry.provider, entry.lot, event)  # a repeat: no-op
    issue_register_notice(
        repos, entry, NoticeKind.SUSPENSION,
        cause_id(INSURANCE_EXPIRED, entry.provider, entry.lot, expiry.isoformat()),
        tuple(expired_finding(item, expiry, as_of, entry.lot) for item in items), at,
        make_pdf=settings.notice_pdf_maker(), notify=settings.letter_notifier(),
    )
    return [Change(entry.provider, entry.lot, event.details["item"], expiry, event.reason)
            for event in events if _audit(repos, event, entry.provider, entry.lot)]


def _audit(repos: Repositories, event: RegisterEvent, provider: str, lot: str) -> bool:
    """Record the register change in the audit log; False when it was recorded before."""
    return repos.audit.record(AuditEvent(
        event_id=cause_id("register", event.event_id), at=event.at, actor=event.actor,
        action=f"register-{event.kind}", subject=f"register:{provider}/{lot}",
        reason=event.reason,
        before={"status": event.status_before.value} if event.status_before else None,
        after={"status": event.status_after.value, **event.details},
    ))


