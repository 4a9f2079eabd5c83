"""Re-judging the register when a new Ofsted snapshot comes in (selection-criteria.md, "After
admission"): which registered settings' rows changed, and what each change does to its entry.

Pure: two provider tables (as `OfstedSnapshot.providers`, indexed by URN) and the register
entries in, the changes to make out. Only rows that changed between the snapshots are judged, so
a snapshot loaded twice, or one that leaves a registered setting as it was, changes nothing.

What a changed row does to an entry:

- registration not Active (active entry): `ofsted-registration-inactive`, the entry is
  suspended;
- the URN gone from the snapshot (active entry): `ofsted-urn-not-found`, a review opened, no
  suspension: only the data's own evidence (a status, a grade) suspends, and a row missing from
  an otherwise plausible snapshot is no evidence (as a school gone from GIAS);
- judged Inadequate (active entry): `ofsted-rating-inadequate`, suspended and a review opened;
- fallen to grade 3 from a better grade or none (active entry):
  `ofsted-rating-requires-improvement`, a review opened;
- Active and judged Good or better, from a worse grade or none (suspended entry):
  `ofsted-rating-improved`, a review opened to reinstate it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from domain.models import EntryStatus, RegisterEntry
from validators.case import long_date
from validators.ofsted import is_social_care_urn

INACTIVE = "ofsted-registration-inactive"
NOT_FOUND = "ofsted-urn-not-found"
INADEQUATE = "ofsted-rating-inadequate"
REQUIRES_IMPROVEMENT = "ofsted-rating-requires-improvement"
IMPROVED = "ofsted-rating-improved"
SUSPENDING = frozenset({INACTIVE, INADEQUATE})
REVIEWED = frozenset({INADEQUATE, REQUIRES_IMPROVEMENT, IMPROVED, NOT_FOUND})

# A row has changed when any of these differs between the snapshots.
COMPARED = (
    "registration_status",
    "overall_judgement",
    "overall_judgement_text",
    "latest_full_inspection_date",
)
NOT_IN_SNAPSHOT = "not in the snapshot"
_DESCRIBED = ("name", "organisation", "overall_judgement_text", "latest_full_inspection_date")


@dataclass(frozen=True)
class SettingChange:
    """One registered setting whose new row calls for a change, with the facts for its finding."""

    urn: str
    code: str
    setting_name: str
    judgement: str
    inspected: dt.date | None
    status: str
    snapshot: str = "the new snapshot"  # the snapshot as messages name it

    @property
    def suspends(self) -> bool:
        return self.code in SUSPENDING

    @property
    def reviews(self) -> bool:
        return self.code in REVIEWED

    def facts(self) -> dict[str, Any]:
        """The template fields of `domain.reasons` for this change's code."""
        inspected = long_date(self.inspected) if self.inspected else "an unknown date"
        return {"urn": self.urn, "setting_name": self.setting_name,
                "judgement": self.judgement or "not judged", "inspected": inspected,
                "status": self.status, "snapshot": self.snapshot}


class JudgedChange(Protocol):
    """A registered setting's change as a regulator's snapshot shows it (Ofsted or GIAS)."""

    @property
    def urn(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def suspends(self) -> bool: ...
    @property
    def reviews(self) -> bool: ...
    def facts(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class EntryChange:
    """What the new snapshot does to one register entry (provider and lot)."""

    provider: str
    lot: str
    settings: tuple[JudgedChange, ...]

    @property
    def suspends(self) -> bool:
        return any(s.suspends for s in self.settings)

    @property
    def opens_review(self) -> bool:
        return any(s.reviews for s in self.settings)

    @property
    def reinstates(self) -> bool:
        return any(s.code == IMPROVED for s in self.settings)


@dataclass(frozen=True)
class Rejudging:
    changed_rows: int  # registered social care URNs whose row differs between the snapshots
    changes: tuple[EntryChange, ...]


def rejudge_register(
    previous: pd.DataFrame | None,
    current: pd.DataFrame,
    entries: Iterable[RegisterEntry],
    snapshot_label: str = "the new snapshot",
) -> Rejudging:
    """The changes the new snapshot makes to the register; None as `previous` is no snapshot.
    `snapshot_label` names the new snapshot in findings (its file and its data's date)."""
    registered = registered_settings(entries)
    rows = changed_rows(previous, current, registered["urn"].unique())
    judged = registered.merge(rows, left_on="urn", right_index=True)
    judged["code"] = _codes(judged)
    judged = judged[judged["code"] != ""]
    changes = tuple(
        EntryChange(str(provider), str(lot),
                    tuple(_setting_change(row, snapshot_label)
                          for row in group.to_dict("records")))
        for (provider, lot), group in judged.groupby(["provider", "lot"], sort=True)
    )
    return Rejudging(len(rows), changes)


def registered_settings(entries: Iterable[RegisterEntry]) -> pd.DataFrame:
    """One row per (entry, social care URN) of every entry not removed."""
    rows = [(e.provider, e.lot, e.status.value, urn) for e in entries
            if e.status is not EntryStatus.REMOVED for urn in e.settings
            if is_social_care_urn(urn)]
    return pd.DataFrame(rows, columns=["provider", "lot", "entry_status", "urn"])


def changed_rows(
    previous: pd.DataFrame | None, current: pd.DataFrame, urns: Iterable[str]
) -> pd.DataFrame:
    """The rows of `urns` that differ between the snapshots, with the previous grade beside."""
    index = pd.Index(list(urns), dtype="object")
    before = (previous if previous is not None else current.iloc[0:0]).reindex(index)
    after = current.reindex(index)
    differs = _as_text(before).ne(_as_text(after)).any(axis=1)
    present = index.isin(current.index)
    described = after[list(_DESCRIBED)].copy()
    described.loc[~present] = before.loc[~present, list(_DESCRIBED)]
    return pd.DataFrame({
        "present": present,
        "registration_status": after["registration_status"].where(present, NOT_IN_SNAPSHOT),
        "grade": after["overall_judgement"].astype("Int64"),
        "previous_grade": before["overall_judgement"].astype("Int64"),
        **{column: described[column] for column in _DESCRIBED},
    }, index=index)[differs.to_numpy()]


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    """The compared columns as text, blanks as "", so NA equals NA and dates compare exactly."""
    return table[list(COMPARED)].astype("string").fillna("")


def _codes(judged: pd.DataFrame) -> np.ndarray:
    """The code each changed row calls for given its entry's status; "" when none."""
    active_entry = judged["entry_status"].eq(EntryStatus.ACTIVE.value)
    suspended_entry = judged["entry_status"].eq(EntryStatus.SUSPENDED.value)
    registered = judged["registration_status"].fillna("").str.strip().str.casefold().eq("active")
    grade, previous = judged["grade"], judged["previous_grade"]
    conditions = [
        active_entry & ~judged["present"].astype(bool),
        active_entry & ~registered,
        active_entry & _true(grade.eq(4)),
        active_entry & _true(grade.eq(3)) & ~_true(previous.ge(3)),
        suspended_entry & registered & _true(grade.le(2)) & ~_true(previous.le(2)),
    ]
    choices = [NOT_FOUND, INACTIVE, INADEQUATE, REQUIRES_IMPROVEMENT, IMPROVED]
    return np.select([c.to_numpy(dtype=bool) for c in conditions], choices, default="")


def _true(mask: pd.Series) -> pd.Series:
    """A nullable comparison with <NA> read as False."""
    return mask.fillna(False).astype(bool)


def _setting_change(row: dict[Any, Any], snapshot: str) -> SettingChange:
    name = _text(row["name"])
    if name in ("", "REDACTED"):
        name = _text(row["organisation"]) or "unnamed"
    inspected = row["latest_full_inspection_date"]
    return SettingChange(
        urn=str(row["urn"]), code=str(row["code"]), setting_name=name,
        judgement=_text(row["overall_judgement_text"]),
        inspected=None if _is_blank(inspected) else pd.Timestamp(inspected).date(),
        status=_text(row["registration_status"]), snapshot=snapshot,
    )


def _is_blank(value: object) -> bool:
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def _text(value: object) -> str:
    return "" if _is_blank(value) else str(value).strip()
