"""The scheduled regulator refresh: load a new Ofsted snapshot and re-judge the register against
it (selection-criteria.md, "After admission"). What changes is decided in
`validators.register_rejudging`; this flow reads, calls it, and writes the events, reviews and
audit entries, each under an id derived from its cause, so running it again changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from prefect import flow

from domain.cause_ids import cause_id
from domain.models import (
    AuditEvent,
    EntryStatus,
    Finding,
    RegisterEvent,
    ReviewItem,
    ReviewSubject,
    SnapshotRecord,
    SnapshotRefresh,
)
from domain.notices import NoticeKind
from domain.reasons import finding
from flows import settings
from services.failpoints import failpoint
from services.letters import issue_register_notice
from services.regulators import (
    GIAS,
    OFSTED,
    OFSTED_EVENTS,
    load_gias,
    load_ofsted,
    parsed,
    snapshot_id_of,
    with_events,
)
from services.snapshot_checks import refuse_implausible
from storage.errors import ObjectNotFound
from storage.repositories import Repositories
from validators.ofsted import QuarantinedRow
from validators.policy import policy_in_force
from validators.register_rejudging import EntryChange, rejudge_register
from validators.school_rejudging import rejudge_schools

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


def keep_regulator_file(repos: Repositories, data: bytes, source: str = OFSTED) -> str:
    """Keep a regulator file byte for byte, before anything reads it; the snapshot id to give
    `refresh_regulator_data`. Every caller (the CLI, the scheduled refresh, the portal) keeps
    here: a flow run's parameters are references, never file contents (Prefect refuses
    parameters over 512 KB, and keeps the ones it takes in its database)."""
    if source not in (OFSTED, GIAS):
        raise ValueError(f"no regulator data called {source!r}")
    return repos.snapshots.keep_original(source, data)


@flow(name="refresh-regulator-data", log_prints=False)
def refresh_regulator_data(
    snapshot_id: str, original_name: str, at: dt.datetime | None = None, source: str = OFSTED
) -> RefreshSummary:
    """Load the Ofsted snapshot kept as `snapshot_id` by `keep_regulator_file` (or, with source
    "gias", a GIAS extract), then suspend or open a review for each registered setting whose row
    changed. `original_name` is the file's name, for display. Raises SnapshotUnreadable (nothing
    changes) when the bytes are not usable, LookupError when nothing is kept under the id.

    Before the new snapshot becomes current, the refresh notes what it compares with and when it
    started: a run killed after the switch is finished by the next run with the same bytes,
    against the same previous snapshot and the register as it stood (nothing lost, nothing
    twice). Loading bytes whose refresh finished before changes nothing."""
    if source not in (OFSTED, GIAS):
        raise ValueError(f"no regulator data called {source!r}")
    repos = settings.repositories()
    data = _kept(repos, source, snapshot_id)
    # before anything changes: the data in force stay
    refuse_implausible(repos, source, data, settings.today(), name=original_name)
    refresh = _begin(repos, source, snapshot_id, at or settings.now())
    if source == OFSTED:
        record, snapshot, created = load_ofsted(repos, data, original_name)
        table, quarantined = snapshot.providers, snapshot.quarantined
    else:
        record, extract, created = load_gias(repos, data, original_name)
        table, quarantined = extract.establishments, extract.quarantined
    failpoint("refresh-after-snapshot-current")
    base = repos.snapshots.record(source, refresh.base) if refresh.base else None
    previous = parsed(repos, base) if base else None
    # the register as it stood before this refresh changed it: a resumed run judges again what
    # the killed run judged, and each change finds its event, review and notice already there
    entries = [e for e in (entry.before(_caused_by(refresh))
                           for entry in repos.register.entries()) if e]
    if source == OFSTED:  # both snapshots as the in-year inspections in force update them
        events = repos.snapshots.current(OFSTED_EVENTS)
        before = None if previous is None else with_events(repos, previous, events)
        rejudging = rejudge_register(before, with_events(repos, table, events), entries,
                                     record.label)
    else:
        lots = policy_in_force(refresh.started_at.astimezone(settings.COUNCIL_TIMEZONE).date())
        allowed = {lot: rules.gias_types for lot, rules in lots.lots.items()}
        rejudging = rejudge_schools(previous, table, entries, allowed, record.original_name)
    suspended = opened = reinstatements = 0
    for change in rejudging.changes:
        if change.suspends and suspend_entry(repos, refresh, change):
            suspended += 1
        failpoint("refresh-after-suspension")
        if change.opens_review and open_review(repos, refresh, change):
            opened += 1
            reinstatements += int(change.reinstates)
    repos.snapshots.finish_refresh(refresh, settings.now())
    return RefreshSummary(record.id, created, rejudging.changed_rows, suspended, opened,
                          reinstatements, record, quarantined)


def _kept(repos: Repositories, source: str, snapshot_id: str) -> bytes:
    """The regulator file kept under `snapshot_id`, checked against its checksum."""
    try:
        data = repos.snapshots.kept_original(source, snapshot_id)
    except ObjectNotFound as error:
        raise LookupError(f"no {source} file is kept as {snapshot_id!r}: keep it first "
                          "(keep_regulator_file)") from error
    if snapshot_id_of(data) != snapshot_id:  # a store that changed the bytes: not ours to load
        raise ValueError(f"the {source} file kept as {snapshot_id!r} does not match its checksum")
    return data


def _begin(repos: Repositories, source: str, snapshot_id: str,
           at: dt.datetime) -> SnapshotRefresh:
    """The refresh to `snapshot_id`: an unfinished one (a killed run) is resumed; otherwise a
    new one compares with the snapshot in force now."""
    noted = repos.snapshots.refresh(source, snapshot_id)
    if noted is not None and noted.finished_at is None:
        return noted
    current = repos.snapshots.current(source)
    if noted is not None and current is not None and current.id == snapshot_id:
        # the snapshot in force, loaded again: compare it with itself (nothing changes)
        return noted.model_copy(update={"base": snapshot_id, "started_at": at})
    refresh = SnapshotRefresh(source=source, to=snapshot_id,
                              base=current.id if current else None, started_at=at)
    repos.snapshots.begin_refresh(refresh)
    return refresh


def suspend_entry(repos: Repositories, refresh: SnapshotRefresh, change: EntryChange) -> bool:
    """Suspend the entry once for this snapshot and tell the provider; whether it was
    suspended now. Each write is keyed by the snapshot, so a repeat finishes a killed run."""
    event_id = cause_id("suspended", refresh.id, change.provider, change.lot)
    snapshot_id, at = refresh.to, refresh.started_at
    before = repos.register.get(change.provider, change.lot)
    if before is None:
        return False
    suspended_now = not before.has_event(event_id)
    reason = _reason(change)
    entry = repos.register.apply(change.provider, change.lot, RegisterEvent(
        event_id=event_id, at=at, actor=ACTOR, kind="suspended", reason=reason,
        status_before=before.status, status_after=EntryStatus.SUSPENDED,
        details={"snapshot": snapshot_id, "refresh": refresh.id, "codes": _codes(change)},
    ))
    failpoint("refresh-after-register-event")
    issue_register_notice(repos, entry, NoticeKind.SUSPENSION, event_id, _findings(change), at,
                          make_pdf=settings.notice_pdf_maker(),
                          notify=settings.letter_notifier())
    failpoint("refresh-after-notice")
    repos.audit.record(AuditEvent(
        event_id=event_id, at=at, actor=ACTOR, action="register-suspended",
        subject=f"register:{change.provider}/{change.lot}", reason=reason,
        before={"status": before.status.value},
        after={"status": EntryStatus.SUSPENDED.value, "snapshot": snapshot_id},
    ))
    return suspended_now


def open_review(repos: Repositories, refresh: SnapshotRefresh, change: EntryChange) -> bool:
    """Open the entry's review for this refresh once; whether it was opened now."""
    review_id = cause_id("refresh", refresh.id, change.provider, change.lot)
    at = refresh.started_at
    # Not the admitting submission's id: a verdict here must not rewrite that decision.
    item = ReviewItem(id=review_id, submission_id=f"{refresh.source}-snapshot-{refresh.to}",
                      provider=change.provider, lot=change.lot, opened_at=at,
                      findings=_findings(change), settings=tuple(s.urn for s in change.settings),
                      about=ReviewSubject.REGISTER)
    opened_now = repos.reviews.open(item)
    repos.audit.record(AuditEvent(  # recorded once, also when a killed run opened the review
        event_id=f"review-opened-{review_id}", at=at, actor=ACTOR,
        action="review-opened-to-reinstate" if change.reinstates else "review-opened",
        subject=f"register:{change.provider}/{change.lot}", reason=_reason(change),
        after={"review": review_id, "codes": _codes(change).split(",")},
    ))
    return opened_now


def _caused_by(refresh: SnapshotRefresh) -> Callable[[RegisterEvent], bool]:
    return lambda event: event.details.get("refresh") == refresh.id


def _findings(change: EntryChange) -> tuple[Finding, ...]:
    return tuple(finding(s.code, setting=s.urn, lot=change.lot, **s.facts())
                 for s in change.settings)


def _reason(change: EntryChange) -> str:
    """Each setting's finding, in the words a notice uses."""
    return "; ".join(f"{found.code}: {found.message}" for found in _findings(change))


def _codes(change: EntryChange) -> str:
    return ",".join(s.code for s in change.settings)
