"""Ofsted's in-year inspection events, and bringing a snapshot's judgements up to date with them.

The in-year sheet (*Provider level in year 2024-25*) lists every inspection event of a year, one
row per event: full inspections, monitoring inspections, assurance visits. Only a full inspection
judges a provider, so only full inspections update a snapshot: the 2024-25 sheet also carries a
grade on two monitoring inspections (rows 2875 and 3608), which are not taken as judgements.

Rows that break the schema are quarantined as in the snapshot loader (row, column, value, reason),
and a sheet that is mostly bad is refused with SnapshotUnreadable. The sheet is read from CSV,
XLSX or ODS bytes, chosen by content as the snapshot is: a header with URN, Provision type and
Inspection event type.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from validators.ofsted_schema import (
    FULL_INSPECTION,
    EventText,
    QuarantinedRow,
    event_types,
    find_quarantined,
    judgement_grades,
    parse_dates,
)
from validators.ofsted_tables import (
    SnapshotUnreadable,
    TableKind,
    locate_table,
    read_tables,
    refuse_if_mostly_bad,
    text_cells,
)

__all__ = [
    "EVENT_COLUMNS",
    "InspectionEvents",
    "LATEST_COLUMNS",
    "SnapshotUnreadable",
    "apply_events",
    "latest_full_judgements",
    "load_inspection_events",
]

INSPECTION_EVENTS = TableKind(
    "an in-year inspection events table",
    "inspection event",
    {
        "urn": "URN",
        "provision_type": "Provision type",
        "registration_status": "Registration status",
        "registration_date": "Registration date",
        "name": "Name",
        "organisation": "Organisation which owns the provider",
        "inspection_event_type": "Inspection event type",
        "inspection_date": "Inspection date",
        "publication_date": "Inspection publication date",
        "event_number": "Inspection event number",
        "overall_judgement_text": "Overall experiences and progress of children and young people",
        "supported_accommodation_outcome": "Supported Accommodation outcome",
    },
    required=("urn", "provision_type", "inspection_event_type", "inspection_date"),
)
EVENT_COLUMNS = (
    "urn",
    "provision_type",
    "registration_status",
    "registration_date",
    "name",
    "organisation",
    "inspection_event_type",  # one spelling: "Full Inspection" reads as "Full inspection"
    "inspection_date",
    "publication_date",
    "event_number",
    "overall_judgement",
    "overall_judgement_text",
    "supported_accommodation_outcome",
)
LATEST_COLUMNS = (
    "urn",
    "inspection_date",
    "overall_judgement",
    "overall_judgement_text",
    "supported_accommodation_outcome",
    "event_number",
)
# What a newer full inspection replaces in a snapshot's providers.
_JUDGEMENT_COLUMNS = {
    "latest_full_inspection_date": "inspection_date",
    "overall_judgement": "overall_judgement",
    "overall_judgement_text": "overall_judgement_text",
    "supported_accommodation_outcome": "supported_accommodation_outcome",
}


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames with == has no single answer
class InspectionEvents:
    """The events of one in-year sheet that passed the schema, and the rows that did not."""

    events: pd.DataFrame  # EVENT_COLUMNS, index = 1-based source row
    quarantined: tuple[QuarantinedRow, ...]
    source_rows: int  # non-blank rows below the header
    encoding: str
    format: str = "csv"
    sheet: str = ""

    def event_type_counts(self) -> dict[str, int]:
        """Events per type, in one spelling per type."""
        counts = self.events["inspection_event_type"].value_counts(sort=False)
        return {str(event): int(count) for event, count in counts.items()}


def load_inspection_events(data: bytes, *, max_bad_share: float = 0.5) -> InspectionEvents:
    """Read, check and type an in-year events sheet; refuse it if it is not one or mostly bad."""
    source = read_tables(data)
    table, header_at, headers = locate_table(source.sheets, INSPECTION_EVENTS)
    cells = text_cells(table.records, header_at, headers, INSPECTION_EVENTS)
    found = {column: header for column, (_, header) in headers.items()}
    quarantined = find_quarantined(cells, found, EventText)
    refuse_if_mostly_bad(quarantined, len(cells), max_bad_share, INSPECTION_EVENTS)
    events = _typed(cells.drop(index=sorted({q.row for q in quarantined})))
    return InspectionEvents(
        events, quarantined, len(cells), source.encoding, source.format, table.sheet
    )


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    converted = {
        "registration_date": parse_dates(cells["registration_date"]),
        "inspection_event_type": event_types(cells["inspection_event_type"]),
        "inspection_date": parse_dates(cells["inspection_date"]),
        "publication_date": parse_dates(cells["publication_date"]),
        "overall_judgement": judgement_grades(cells["overall_judgement_text"]),
    }
    return pd.DataFrame(
        {
            column: converted[column] if column in converted else cells[column]
            for column in EVENT_COLUMNS
        }
    )


def latest_full_judgements(events: pd.DataFrame) -> pd.DataFrame:
    """Per URN, the latest full inspection that judged it: date, grade or own-scale outcome.

    A full inspection without a judgement is passed over (it says nothing of the grade); two on
    one day are told apart by event number, which Ofsted gives out in order.
    """
    judged = events["overall_judgement"].notna() | events["supported_accommodation_outcome"].ne("")
    full = events[events["inspection_event_type"].eq(FULL_INSPECTION) & judged]
    in_order = full.assign(
        _number=pd.to_numeric(full["event_number"], errors="coerce")
    ).sort_values(["urn", "inspection_date", "_number"], kind="stable")
    latest = in_order.drop_duplicates("urn", keep="last")[list(LATEST_COLUMNS)]
    return latest.set_index(pd.Index(latest["urn"], name=None))


def apply_events(snapshot_providers: pd.DataFrame, latest: pd.DataFrame) -> pd.DataFrame:
    """The providers with each judgement replaced by a newer full inspection's, if there is one.

    Newer means after the snapshot's latest full inspection date (or the provider had none).
    Providers the snapshot does not list are not added: their registration details come with
    the next snapshot. The inputs are left unchanged.
    """
    event = latest.reindex(snapshot_providers.index)
    known = snapshot_providers["latest_full_inspection_date"]
    newer = event["inspection_date"].notna() & (known.isna() | event["inspection_date"].gt(known))
    updated = snapshot_providers.copy()
    for column, source in _JUDGEMENT_COLUMNS.items():
        if column in updated:
            updated.loc[newer, column] = event.loc[newer, source]
    return updated
