"""Loading regulator snapshots into storage, and reading the one in force."""

from __future__ import annotations

import hashlib

import pandas as pd

from domain.models import SnapshotRecord
from flows import settings
from storage.repositories import Repositories
from validators.ofsted import OfstedSnapshot, load_ofsted_snapshot

OFSTED = "ofsted"

# the parsed table of the snapshot in force, per store: parsing once per process, not per setting
_PARSED: dict[tuple[str, str], pd.DataFrame] = {}


def load_ofsted(
    repos: Repositories, data: bytes, original_name: str
) -> tuple[SnapshotRecord, OfstedSnapshot, bool]:
    """Validate an Ofsted snapshot, keep it and make it current.

    Raises SnapshotUnreadable when the bytes are not a usable snapshot (the previous one stays).
    Returns the record, the parsed snapshot, and whether these bytes were new.
    """
    snapshot = load_ofsted_snapshot(data)
    sha256 = hashlib.sha256(data).hexdigest()
    record = SnapshotRecord(
        source=OFSTED,
        id=sha256[:16],
        loaded_at=settings.now(),
        original_name=original_name,
        sha256=sha256,
        rows=len(snapshot.providers),
        quarantined=len(snapshot.quarantined),
        summary=snapshot.judgement_counts(),
    )
    created = repos.snapshots.add(record, data)
    return (record if created else repos.snapshots.current(OFSTED) or record), snapshot, created


def current_ofsted(repos: Repositories) -> tuple[pd.DataFrame | None, str]:
    """The providers of the snapshot in force (indexed by URN) and a label naming it."""
    record = repos.snapshots.current(OFSTED)
    if record is None:
        return None, "no Ofsted snapshot loaded"
    key = (repos.store.location, record.id)
    if key not in _PARSED:
        _PARSED.clear()
        _PARSED[key] = load_ofsted_snapshot(repos.snapshots.original(record)).providers
    return _PARSED[key], f"{record.original_name} (loaded {record.loaded_at:%d %B %Y})"
