"""Applying Ofsted's in-year inspection events (`dps ofsted events load`): a full inspection
published after the provider-level snapshot counts, and the register is re-judged with it as a
new snapshot re-judges it (suspensions, reviews, letters, each once).

The events sheet is kept like a snapshot (write-once under its checksum, source
"ofsted-events"), and the Ofsted data in force become the snapshot in force updated by it
(`services.regulators.with_events`; which inspections count is `validators.ofsted_events`'s to
say: per URN, a full inspection that judged it after the snapshot's latest one). Re-judging
compares the snapshot updated by the events in force before with the same snapshot updated by
the new events, so loading the same sheet twice, or one that changes no registered setting,
changes nothing."""

from __future__ import annotations

import datetime as dt

from prefect import flow

from flows import settings
from flows.regulator_refresh import (
    RefreshSummary,
    _begin,  # the same resumable bookkeeping as a snapshot's refresh
    _caused_by,
    _kept,
    open_review,
    suspend_entry,
)
from services.regulators import (
    OFSTED,
    OFSTED_EVENTS,
    load_ofsted_events,
    parsed,
    with_events,
)
from storage.repositories import Repositories
from validators.ofsted_events import load_inspection_events
from validators.ofsted_tables import SnapshotUnreadable
from validators.register_rejudging import rejudge_register


def keep_events_file(repos: Repositories, data: bytes) -> str:
    """Keep an events sheet byte for byte before anything reads it; the id to give the flow."""
    return repos.snapshots.keep_original(OFSTED_EVENTS, data)


def refuse_unusable_events(repos: Repositories, data: bytes) -> None:
    """Raise SnapshotUnreadable (nothing changes) unless `data` is an in-year events sheet
    and there is an Ofsted snapshot in force for it to update."""
    load_inspection_events(data)
    if repos.snapshots.current(OFSTED) is None:
        raise SnapshotUnreadable("no Ofsted snapshot is loaded for the events to update: load "
                                 "the provider-level file first (dps ofsted load)")


@flow(name="apply-ofsted-events", log_prints=False)
def apply_inspection_events(
    snapshot_id: str, original_name: str, at: dt.datetime | None = None
) -> RefreshSummary:
    """Make the events sheet kept as `snapshot_id` (by `keep_events_file`) the events in force,
    then suspend or open a review for each registered setting whose Ofsted data it changes.
    Raises SnapshotUnreadable (nothing changes) when the sheet is unusable or no Ofsted snapshot
    is loaded, LookupError when nothing is kept under the id."""
    repos = settings.repositories()
    data = _kept(repos, OFSTED_EVENTS, snapshot_id)
    refuse_unusable_events(repos, data)
    snapshot = repos.snapshots.current(OFSTED)
    assert snapshot is not None  # refuse_unusable_events saw to it
    refresh = _begin(repos, OFSTED_EVENTS, snapshot_id, at or settings.now())
    record, events, created = load_ofsted_events(repos, data, original_name)
    base = repos.snapshots.record(OFSTED_EVENTS, refresh.base) if refresh.base else None
    providers = parsed(repos, snapshot)
    entries = [e for e in (entry.before(_caused_by(refresh))
                           for entry in repos.register.entries()) if e]
    rejudging = rejudge_register(with_events(repos, providers, base),
                                 with_events(repos, providers, record), entries,
                                 f"{snapshot.label} with the inspections of {record.label}")
    suspended = opened = reinstatements = 0
    for change in rejudging.changes:
        if change.suspends and suspend_entry(repos, refresh, change):
            suspended += 1
        if change.opens_review and open_review(repos, refresh, change):
            opened += 1
            reinstatements += int(change.reinstates)
    repos.snapshots.finish_refresh(refresh, settings.now())
    return RefreshSummary(record.id, created, rejudging.changed_rows, suspended, opened,
                          reinstatements, record, events.quarantined)
