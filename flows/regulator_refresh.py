"""The scheduled regulator refresh: load a new Ofsted snapshot and re-judge the register against
it (selection-criteria.md, "After admission"). What changes is decided in
`validators.register_rejudging`; this flow reads, calls it, and writes the events, reviews and
audit entries, each under an id derived from its cause, so running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from prefect import flow

from domain.models import AuditEvent, EntryStatus, RegisterEvent, ReviewItem, SnapshotRecord
from domain.reasons import finding
from flows import settings
from flows.regulators import current_ofsted, load_ofsted
from storage.repositories import Repositories
from validators.ofsted import QuarantinedRow
from validators.register_rejudging import EntryChange, rejudge_register

ACTOR = "flow:refresh-regulator-data"


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh did, for the CLI to print."""

    snapshot_id: str
    snapshot_created: bool  # False: these bytes were loaded before
    changed_rows: int  # registered settings whose Ofsted row changed
    suspended: int  # entries suspended by this run
    reviews_opened: int  # reviews opened by this run, reinstatement reviews included
    reinstatement_reviews: int
    record: SnapshotRecord  # the snapshot in force after the refresh
    quarantined: tuple[QuarantinedRow, ...]  # its rows that broke the schema


@flow(name="refresh-regulator-data", log_prints=False)
def refresh_regulator_data(
    data: bytes, original_name: str, at: dt.datetime | None = None
) -> RefreshSummary:
    """Load an Ofsted snapshot, then suspend or open a review for each registered setting whose
    row changed. Raises SnapshotUnreadable (nothing changes) when the bytes are not usable."""
    repos = settings.repositories()
    at = at or settings.now()
    previous, _ = current_ofsted(repos)  # before loading: the new one becomes current
    record, snapshot, created = load_ofsted(repos, data, original_name)
    rejudging = rejudge_register(previous, snapshot.providers, repos.register.entries())
    suspended = opened = reinstatements = 0
    for change in rejudging.changes:
        if change.suspends and suspend_entry(repos, record.id, change, at):
            suspended += 1
        if change.opens_review and open_review(repos, record.id, change, at):
            opened += 1
            reinstatements += int(change.reinstates)
    return RefreshSummary(record.id, created, rejudging.changed_rows, suspended, opened,
                          reinstatements, record, snapshot.quarantined)


def suspend_entry(repos: Repositories, snapshot_id: str, change: EntryChange,
                  at: dt.datetime) -> bool:
    """Suspend the entry once for this snapshot; whether it was suspended now."""
    event_id = f"suspended-{snapshot_id}-{change.provider}-{change.lot}"
    before = repos.register.get(change.provider, change.lot)
    if before is None or before.has_event(event_id):
        return False
    reason = _reason(change)
    repos.register.apply(change.provider, change.lot, RegisterEvent(
        event_id=event_id, at=at, actor=ACTOR, kind="suspended", reason=reason,
        status_before=before.status, status_after=EntryStatus.SUSPENDED,
        details={"snapshot": snapshot_id, "codes": _codes(change)},
    ))
    repos.audit.record(AuditEvent(
        event_id=event_id, at=at, actor=ACTOR, action="register-suspended",
        subject=f"register:{change.provider}/{change.lot}", reason=reason,
        before={"status": before.status.value},
        after={"status": EntryStatus.SUSPENDED.value, "snapshot": snapshot_id},
    ))
    return True


def open_review(repos: Repositories, snapshot_id: str, change: EntryChange,
                at: dt.datetime) -> bool:
    """Open the entry's review for this snapshot once; whether it was opened now."""
    review_id = f"refresh-{snapshot_id}-{change.provider}-{change.lot}"
    findings = tuple(
        finding(s.code, setting=s.urn, lot=change.lot, **s.facts()) for s in change.settings
    )
    # Not the admitting submission's id: a verdict here must not rewrite that decision.
    item = ReviewItem(id=review_id, submission_id=f"ofsted-snapshot-{snapshot_id}",
                      provider=change.provider, lot=change.lot, opened_at=at,
                      findings=findings, settings=tuple(s.urn for s in change.settings))
    if not repos.reviews.open(item):
        return False
    repos.audit.record(AuditEvent(
        event_id=f"review-opened-{review_id}", at=at, actor=ACTOR,
        action="review-opened-to-reinstate" if change.reinstates else "review-opened",
        subject=f"register:{change.provider}/{change.lot}", reason=_reason(change),
        after={"review": review_id, "codes": _codes(change).split(",")},
    ))
    return True


def _reason(change: EntryChange) -> str:
    """Each setting's URN, judgement, date and status, in words."""
    return "; ".join(
        f"{s.code}: Ofsted URN {s.urn} ({s.setting_name}) '{s.judgement or 'not judged'}' "
        f"at its latest full inspection on {s.facts()['inspected']}, registration {s.status}"
        for s in change.settings
    )


def _codes(change: EntryChange) -> str:
    return ",".join(s.code for s in change.settings)
