"""Whether a new regulator snapshot is plausible beside the one in force (issue 10, Deliver 3).

A snapshot that validates row by row can still be a damaged copy: cut off part way (the first
2,500 bytes of the Ofsted file hold two providers, the second cut mid-row), missing a large part
of the register, or an older edition loaded by mistake. Taken as current, any of them would
suspend settings that are still registered, so such a snapshot is refused and the one in force
stays. Each problem is one line saying what was found and what was expected.

    Exception
    └── SnapshotUnreadable             (validators.ofsted_tables)
        └── SnapshotImplausible        readable, but not a plausible successor of the one in force
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from validators.case import long_date
from validators.ofsted_tables import SnapshotUnreadable
from validators.policy import Policy


class SnapshotImplausible(SnapshotUnreadable):
    """A readable snapshot refused as a successor of the one in force (cut, shrunk or older)."""


@dataclass(frozen=True)
class SnapshotShape:
    """What plausibility is judged on: a snapshot's keys, its own date, and a cut last row."""

    rows: str  # what a key counts: "providers", "establishments"
    keys: frozenset[str]  # URNs
    as_at: dt.date | None = None  # the data's own date (Ofsted's "as at"); None when unknown
    cut_row: str = ""  # what shows the last row was cut off mid-line; "" when nothing does


def shape_of(rows: str, keys: Iterable[object], as_at: dt.date | None = None,
             cut_row: str = "") -> SnapshotShape:
    """A shape from a table's keys (its URN index), its date and its cut-row finding."""
    return SnapshotShape(rows, frozenset(str(key) for key in keys), as_at, cut_row)


def problems(new: SnapshotShape, previous: SnapshotShape | None, policy: Policy) -> list[str]:
    """Why `new` cannot replace `previous` (None: nothing in force yet); [] when it can."""
    found = [f"{new.cut_row}; a complete file was expected"] if new.cut_row else []
    if previous is None:
        return found
    lost = len(previous.keys - new.keys)
    allowed = policy.snapshot_max_loss_share
    if previous.keys and lost > allowed * len(previous.keys):
        found.append(
            f"it lacks {lost:,} ({lost / len(previous.keys):.0%}) of the {len(previous.keys):,} "
            f"{previous.rows} of the data in force; at most {allowed:.0%} may go at once "
            f"(policy {policy.version})"
        )
    if new.as_at and previous.as_at and new.as_at < previous.as_at:
        found.append(
            f"its data are as at {long_date(new.as_at)}, older than those in force (as at "
            f"{long_date(previous.as_at)}); the same date or a later one was expected"
        )
    return found


def refuse_if_implausible(new: SnapshotShape, previous: SnapshotShape | None,
                          policy: Policy) -> None:
    """Raise SnapshotImplausible naming every problem of `new`, if it has any."""
    found = problems(new, previous, policy)
    if found:
        raise SnapshotImplausible("; ".join(found))

