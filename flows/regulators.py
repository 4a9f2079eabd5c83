"""Loading regulator snapshots into storage, and reading the one in force."""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from domain.models import SnapshotRecord
from flows import settings
from storage.repositories import Repositories
from validators.gias import GiasSnapshot, load_gias_extract
from validators.ofsted import OfstedSnapshot, load_ofsted_snapshot

OFSTED = "ofsted"
GIAS = "gias"

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


def load_gias(
    repos: Repositories, data: bytes, original_name: str
) -> tuple[SnapshotRecord, GiasSnapshot, bool]:
    """Validate a GIAS establishment extract, keep it and make it current (GiasUnreadable if not
    one; the previous extract stays)."""
    extract = load_gias_extract(data)
    record, created = _keep(repos, GIAS, data, original_name, len(extract.establishments),
                            len(extract.quarantined), extract.status_counts())
    return record, extract, created


def _keep(repos: Repositories, source: str, data: bytes, original_name: str, rows: int,
          quarantined: int, summary: dict[str, int],
          data_date: dt.date | None = None) -> tuple[SnapshotRecord, bool]:
    """Keep validated bytes under their checksum and make them current; the record in force."""
    sha256 = hashlib.sha256(data).hexdigest()
    record = SnapshotRecord(source=source, id=snapshot_id_of(data), loaded_at=settings.now(),
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
    return parsed(repos, record), record.label


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
