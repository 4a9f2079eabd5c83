"""Loading regulator snapshots into storage, and reading the one in force.

Ofsted's data in force are its provider-level snapshot brought up to date by the in-year
inspection events in force (`dps ofsted events load`): a full inspection published after the
snapshot counts from the day its events file is loaded, for admissions and re-judging alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from domain.models import SnapshotRecord
from services import clock
from storage.repositories import Repositories
from validators.gias import GiasSnapshot, extract_date, load_gias_extract
from validators.ofsted import OfstedSnapshot, load_ofsted_snapshot
from validators.ofsted_events import (
    InspectionEvents,
    apply_events,
    latest_full_judgements,
    load_inspection_events,
)

OFSTED = "ofsted"
GIAS = "gias"
OFSTED_EVENTS = "ofsted-events"  # the in-year inspection events sheet

# the parsed table of the snapshot in force, per store: parsing once per process, not per setting
_PARSED: dict[tuple[str, str, str], pd.DataFrame] = {}


def load_ofsted(
    repos: Repositories, data: bytes, original_name: str
) -> tuple[SnapshotRecord, OfstedSnapshot, bool]:
    """Validate an Ofsted snapshot, keep it and make it current.

    Raises SnapshotUnreadable when the bytes are not a usable snapshot (the previous one stays).
    Returns the record, the parsed snapshot, and whether these bytes were new.
    """
    snapshot = load_ofsted_snapshot(data)
    record, created = _keep(repos, OFSTED, data, original_name, len(snapshot.providers),
                            len(snapshot.quarantined), snapshot.judgement_counts(),
                            snapshot.as_at)
    return record, snapshot, created


def load_ofsted_events(
    repos: Repositories, data: bytes, original_name: str
) -> tuple[SnapshotRecord, InspectionEvents, bool]:
    """Validate an in-year inspection events sheet, keep it and make it the events in force
    (SnapshotUnreadable if it is not one). Its date is the latest publication it lists."""
    events = load_inspection_events(data)
    published = events.events["publication_date"].max()
    record, created = _keep(repos, OFSTED_EVENTS, data, original_name, len(events.events),
                            len(events.quarantined), events.event_type_counts(),
                            None if pd.isna(published) else published.date())
    return record, events, created


def with_events(
    repos: Repositories, providers: pd.DataFrame, events: SnapshotRecord | None
) -> pd.DataFrame:
    """The providers with each judgement replaced by a newer full inspection of `events`
    (a kept events sheet; None: the providers as they are)."""
    if events is None:
        return providers
    key = (repos.store.location, events.source, events.id)
    if key not in _PARSED:
        kept = repos.snapshots.original(events)
        _PARSED[key] = latest_full_judgements(load_inspection_events(kept).events)
    return apply_events(providers, _PARSED[key])


def load_gias(
    repos: Repositories, data: bytes, original_name: str
) -> tuple[SnapshotRecord, GiasSnapshot, bool]:
    """Validate a GIAS establishment extract, keep it and make it current (GiasUnreadable if not
    one; the previous extract stays)."""
    extract = load_gias_extract(data)
    record, created = _keep(repos, GIAS, data, original_name, len(extract.establishments),
                            len(extract.quarantined), extract.status_counts(),
                            extract_date(original_name))
    return record, extract, created


def _keep(repos: Repositories, source: str, data: bytes, original_name: str, rows: int,
          quarantined: int, summary: dict[str, int],
          data_date: dt.date | None = None) -> tuple[SnapshotRecord, bool]:
    """Keep validated bytes under their checksum and make them current; the record in force."""
    sha256 = hashlib.sha256(data).hexdigest()
    record = SnapshotRecord(source=source, id=snapshot_id_of(data), loaded_at=clock.now(),
                            original_name=original_name, sha256=sha256, rows=rows,
                            quarantined=quarantined, summary=summary, data_date=data_date)
    created = repos.snapshots.add(record, data)
    return (record if created else repos.snapshots.current(source) or record), created


def snapshot_id_of(data: bytes) -> str:
    """A snapshot's id: the start of its checksum (the same bytes, the same snapshot)."""
    return hashlib.sha256(data).hexdigest()[:16]


def _current(repos: Repositories, source: str) -> tuple[pd.DataFrame | None, str]:
    record = repos.snapshots.current(source)
    if record is None:
        return None, f"no {source.upper() if source == GIAS else 'Ofsted'} snapshot loaded"
    if source != OFSTED:
        return parsed(repos, record), record.label
    events = repos.snapshots.current(OFSTED_EVENTS)
    return with_events(repos, parsed(repos, record), events), _label(record, events)


def _label(snapshot: SnapshotRecord, events: SnapshotRecord | None) -> str:
    """The Ofsted data in force as messages name them: the snapshot, and the events with it."""
    return f"{snapshot.label} with the inspections of {events.label}" if events else snapshot.label


def parsed(repos: Repositories, record: SnapshotRecord) -> pd.DataFrame:
    """The table of a kept snapshot (Ofsted providers or GIAS establishments, by URN)."""
    key = (repos.store.location, record.source, record.id)
    if key not in _PARSED:
        data = repos.snapshots.original(record)
        _PARSED[key] = (
            load_ofsted_snapshot(data).providers
            if record.source == OFSTED
            else load_gias_extract(data).establishments
        )
    return _PARSED[key]


def current_ofsted(repos: Repositories) -> tuple[pd.DataFrame | None, str]:
    """The providers of the Ofsted snapshot in force (indexed by URN) and a label naming it."""
    return _current(repos, OFSTED)


def current_gias(repos: Repositories) -> tuple[pd.DataFrame | None, str]:
    """The establishments of the GIAS extract in force (indexed by URN) and a label naming it."""
    return _current(repos, GIAS)
