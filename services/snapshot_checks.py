"""Whether new regulator data may replace the data in force: the one place the CLI (before it
starts a flow) and the refresh flow (before the new snapshot becomes current) ask it.

The judgement is `validators.snapshot_plausibility`'s; this module finds what to compare with:
the snapshot in force, or, when a killed refresh of the same file is being finished, the one
that refresh compared with.
"""

from __future__ import annotations

import datetime as dt

from services.regulators import GIAS, OFSTED, parsed, snapshot_id_of
from storage.repositories import Repositories
from validators.gias import extract_date, load_gias_extract
from validators.ofsted import load_ofsted_snapshot
from validators.ofsted_tables import SnapshotUnreadable
from validators.policy import policy_in_force
from validators.snapshot_plausibility import (
    SnapshotImplausible,
    SnapshotShape,
    refuse_if_implausible,
    shape_of,
)

__all__ = ["SnapshotImplausible", "SnapshotUnreadable", "refuse_implausible"]

_ROWS = {OFSTED: "providers", GIAS: "establishments"}


def refuse_implausible(repos: Repositories, source: str, data: bytes, on: dt.date,
                       name: str = "") -> None:
    """Raise SnapshotUnreadable (SnapshotImplausible when readable; nothing changes) unless
    `data` may replace the data in force: not cut off, not missing more than the policy's share
    of the providers (schools) in force, not older than them, under the policy in force `on`
    that day. `name`: the file's name, which dates a GIAS extract."""
    new = _shape(source, data, name)
    previous = _base(repos, source, snapshot_id_of(data))
    refuse_if_implausible(new, previous, policy_in_force(on))


def _shape(source: str, data: bytes, name: str) -> SnapshotShape:
    if source == OFSTED:
        snapshot = load_ofsted_snapshot(data)
        return shape_of(_ROWS[source], snapshot.providers.index, snapshot.as_at,
                        snapshot.cut_row)
    extract = load_gias_extract(data)
    return shape_of(_ROWS[source], extract.establishments.index, extract_date(name),
                    extract.cut_row)


def _base(repos: Repositories, source: str, snapshot_id: str) -> SnapshotShape | None:
    """The data the new file would replace: what an unfinished refresh to it compared with,
    else the snapshot in force; None when there is none, or it is this very file."""
    noted = repos.snapshots.refresh(source, snapshot_id)
    if noted is not None and noted.finished_at is None:
        base = repos.snapshots.record(source, noted.base) if noted.base else None
    else:
        base = repos.snapshots.current(source)
    if base is None or base.id == snapshot_id:
        return None
    return shape_of(_ROWS[source], parsed(repos, base).index, base.data_date)
