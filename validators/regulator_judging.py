"""Settings joined to the regulators' snapshots in one vectorised step, for judging at scale.

Re-validating a register means looking up every setting again in a new snapshot; with thousands of
settings a row-by-row `.loc` costs a Python call each (see benchmarks/judging.py), so the settings
are left-joined to the snapshot once with `pandas.merge`. Pure: no rules and no messages here;
the regulator rules turn the joined rows into findings.

URNs are matched as the registers key them: upper case, no spaces ("sc 123456" is SC123456). A
setting whose URN the snapshot lacks, or that has none, comes back with `found` False and blanks.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = [
    "OFSTED_JUDGED_COLUMNS",
    "SCHOOL_JUDGED_COLUMNS",
    "judge_school_settings",
    "judge_settings",
    "registry_keys",
]

# Judged column -> the snapshot column it comes from, and its type when there is no snapshot.
_FROM_OFSTED = {
    "provision_type": ("provision_type", "str"),
    "registration_status": ("registration_status", "str"),
    "grade": ("overall_judgement", "Int64"),  # 1-4, <NA> when not judged on the 4-point scale
    "inspected": ("latest_full_inspection_date", "datetime64[us]"),
    "organisation": ("organisation", "str"),
}
_FROM_GIAS = {
    "establishment_name": ("name", "str"),
    "type_code": ("type_code", "Int64"),
    "type_name": ("type_name", "str"),
    "status": ("status", "str"),
    "ukprn": ("ukprn", "str"),
    "companies_house_number": ("companies_house_number", "str"),
}
OFSTED_JUDGED_COLUMNS = ("found", *_FROM_OFSTED)
SCHOOL_JUDGED_COLUMNS = ("found", *_FROM_GIAS)


def judge_settings(
    settings: pd.DataFrame,
    providers: pd.DataFrame | None,
    *,
    urn_column: str = "urn",
    prefix: str = "",
) -> pd.DataFrame:
    """The settings with what the Ofsted snapshot says of each one's social care URN.

    Adds `OFSTED_JUDGED_COLUMNS` (each with `prefix`): found, provision_type,
    registration_status, grade, inspected, organisation. `providers` is an `OfstedSnapshot`'s
    table (indexed by URN); None, as when no snapshot is loaded, finds nothing.
    """
    return _left_join(settings, providers, _FROM_OFSTED, urn_column, prefix)


def judge_school_settings(
    settings: pd.DataFrame,
    establishments: pd.DataFrame | None,
    *,
    urn_column: str = "urn",
    prefix: str = "",
) -> pd.DataFrame:
    """The settings with what the GIAS extract says of each one's school URN.

    Adds `SCHOOL_JUDGED_COLUMNS` (each with `prefix`): found, establishment_name, type_code,
    type_name, status, ukprn, companies_house_number. `establishments` is a `GiasSnapshot`'s
    table (indexed by URN); None finds nothing.
    """
    return _left_join(settings, establishments, _FROM_GIAS, urn_column, prefix)


def registry_keys(urns: pd.Series) -> pd.Series:
    """URNs as Ofsted and GIAS key them: upper case with no spaces; a missing URN is blank."""
    return urns.fillna("").astype("str").str.replace(r"\s+", "", regex=True).str.upper()


def _left_join(
    settings: pd.DataFrame,
    snapshot: pd.DataFrame | None,
    columns: Mapping[str, tuple[str, str]],
    urn_column: str,
    prefix: str,
) -> pd.DataFrame:
    """`settings` (index and order kept) with the snapshot's `columns` of each setting's URN."""
    names = {column: prefix + column for column in ("found", *columns)}
    clashes = sorted(set(names.values()) & set(settings.columns))
    if clashes:  # overwriting the caller's columns would lose data silently
        raise ValueError(f"settings already have columns {clashes}; pass another prefix")
    keys = registry_keys(settings[urn_column])
    lookup = _lookup(snapshot, columns)
    joined = pd.merge(
        pd.DataFrame({"_key": keys.to_numpy()}),
        lookup,
        how="left",
        left_on="_key",
        right_index=True,
        validate="many_to_one",  # a URN twice in a snapshot is a loader bug, not a choice
        sort=False,
    )
    judged = joined.drop(columns="_key").set_axis(settings.index)
    judged.insert(0, "found", keys.isin(lookup.index) & keys.ne(""))
    return pd.concat([settings, judged.rename(columns=names)], axis=1)


def _lookup(snapshot: pd.DataFrame | None, columns: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """The snapshot's columns under their judged names, indexed by URN."""
    if snapshot is None:
        empty = {judged: pd.Series(dtype=dtype) for judged, (_, dtype) in columns.items()}
        return pd.DataFrame(empty, index=pd.Index([], dtype="str"))
    return pd.DataFrame(
        {judged: snapshot[source] for judged, (source, _) in columns.items()}, index=snapshot.index
    )
