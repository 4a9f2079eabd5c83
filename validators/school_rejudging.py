"""Re-judging the register's schools when a new GIAS extract comes in: the school counterpart of
`validators.register_rejudging` (selection-criteria.md, "After admission", and the GIAS rules of
admission). Pure: two establishment tables (as `GiasSnapshot.establishments`, indexed by URN),
the register entries and each lot's allowed establishment types in, the changes out. Only rows
that changed between the extracts are judged, so an extract loaded twice changes nothing.

What a changed row does to an active entry (each change also opens a review):

- the establishment Closed (any status but Open or proposed to close):
  `gias-establishment-closed`, the entry is suspended;
- now "Open, but proposed to close": `gias-establishment-closed` referred, a review only;
- now of a type the lot does not take: `gias-type-mismatch`, suspended;
- gone from the extract: `gias-urn-not-found`, a review only.

A suspended entry whose school is Open again is not reinstated here: a reviewer reinstates it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from domain.models import EntryStatus, Outcome, RegisterEntry
from validators.identifiers import is_school_urn, normalise_urn
from validators.register_rejudging import EntryChange, Rejudging

CLOSED = "gias-establishment-closed"
TYPE_MISMATCH = "gias-type-mismatch"
NOT_FOUND = "gias-urn-not-found"
PROPOSED_TO_CLOSE = "open, but proposed to close"
COMPARED = ("name", "type_code", "status")


@dataclass(frozen=True)
class SchoolChange:
    """One registered school whose new GIAS row calls for a change, with its finding's facts."""

    urn: str
    code: str
    setting_name: str
    status: str
    type_code: str = ""
    type_name: str = ""
    expected: str = ""
    snapshot: str = ""
    referred: bool = False  # a closure only proposed: a reviewer considers it

    @property
    def suspends(self) -> bool:
        return self.code in (CLOSED, TYPE_MISMATCH) and not self.referred

    @property
    def reviews(self) -> bool:
        return True

    def facts(self) -> dict[str, Any]:
        """The template fields of `domain.reasons` for this change's code."""
        facts: dict[str, Any] = {"urn": self.urn, "setting_name": self.setting_name,
                                 "status": self.status, "type_name": self.type_name,
                                 "type_code": self.type_code, "expected": self.expected,
                                 "snapshot": self.snapshot}
        if self.referred:
            facts["outcome"] = Outcome.REFER
        return facts


def rejudge_schools(
    previous: pd.DataFrame | None,
    current: pd.DataFrame,
    entries: Iterable[RegisterEntry],
    allowed_types: Mapping[str, frozenset[int]],
    snapshot_label: str = "the new extract",
) -> Rejudging:
    """The changes a new GIAS extract makes to the register's active school entries."""
    before = previous if previous is not None else current.iloc[0:0]
    changes: list[EntryChange] = []
    changed_urns: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.provider, e.lot)):
        if entry.status is not EntryStatus.ACTIVE:
            continue
        found = []
        for urn in (normalise_urn(s) for s in entry.settings if is_school_urn(s)):
            old, new = _row(before, urn), _row(current, urn)
            if _same(old, new):
                continue
            changed_urns.add(urn)
            change = _judge(urn, old, new, allowed_types.get(entry.lot, frozenset()),
                            snapshot_label)
            if change is not None:
                found.append(change)
        if found:
            changes.append(EntryChange(entry.provider, entry.lot, tuple(found)))
    return Rejudging(len(changed_urns), tuple(changes))


def _judge(urn: str, old: dict[str, str] | None, new: dict[str, str] | None,
           allowed: frozenset[int], label: str) -> SchoolChange | None:
    if new is None:
        name = old["name"] if old else "unnamed"
        return SchoolChange(urn, NOT_FOUND, name, "not in the extract", snapshot=label)
    status = new["status"]
    if status.casefold() == PROPOSED_TO_CLOSE:
        return SchoolChange(urn, CLOSED, new["name"], status, referred=True)
    if status.casefold() != "open":
        return SchoolChange(urn, CLOSED, new["name"], status)
    if allowed and new["type_code"].isdigit() and int(new["type_code"]) not in allowed:
        return SchoolChange(urn, TYPE_MISMATCH, new["name"], status, new["type_code"],
                            new["type_name"], " or ".join(str(t) for t in sorted(allowed)))
    return None


def _row(table: pd.DataFrame, urn: str) -> dict[str, str] | None:
    if urn not in table.index:
        return None
    row = table.loc[urn]
    return {column: "" if pd.isna(row[column]) else str(row[column]).strip()
            for column in (*COMPARED, "type_name")}


def _same(old: dict[str, str] | None, new: dict[str, str] | None) -> bool:
    if old is None or new is None:
        return old is new
    return all(old[column] == new[column] for column in COMPARED)
