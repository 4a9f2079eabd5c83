"""Load an Ofsted social care provider snapshot (CSV, XLSX or ODS) into a checked table.

    Exception
    └── SnapshotUnreadable   the bytes are not the table asked for, or most of its rows are bad

A row that breaks the schema is not an exception: it is quarantined, reported with its row, column
and value, and left out of `providers`. Only a snapshot that is mostly bad is refused, so that the
previous one stays in force.

The format is sniffed from the content, never the name: a zip holding xl/workbook.xml is XLSX, a
zip whose mimetype is the OpenDocument spreadsheet one is ODS, anything else is read as CSV. A
workbook has several sheets; the one taken is the first whose header row (found by content, as in
CSV) has every column the rules need, so the in-year and joiners-and-leavers sheets beside it are
passed over. Workbook cells are turned into the text the CSV edition carries (dates dd/mm/yyyy,
whole numbers without ".0"), so one schema checks every format.

Encoding of CSV (read in ofsted_tables, as every format is): strict UTF-8 first (a BOM means
utf-8-sig); otherwise Windows-1252 unless Mac Roman reads more plausibly. The 31 March 2024 file
is ASCII but for one byte of its title, 0xD0 in " 2024 \\xd0 Provider level": cp1252 reads it as
a lone "Ð", Mac Roman as an en dash, so it is reported as mac_roman. The rest reads the same.

The joiners-and-leavers table (status changes over a year) is refused with a message naming it:
it holds no judgements or owners, and a leaver is absent from the next snapshot anyway (none of
the 168 leavers of 2022-23 is in the 31 March 2024 snapshot), so it would change no decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from validators.ofsted_schema import (
    NOT_YET_INSPECTED,
    Judgement,
    QuarantinedRow,
    find_quarantined,
    is_social_care_urn,
    is_supported_accommodation,
    judgement_grades,
    normalise_judgement,
    parse_dates,
)
from validators.ofsted_tables import (
    SnapshotUnreadable,
    TableKind,
    cut_last_row,
    data_date,
    locate_table,
    read_tables,
    refuse_if_mostly_bad,
    text_cells,
)

__all__ = [
    "Judgement",
    "OfstedSnapshot",
    "PROVIDER_COLUMNS",
    "QuarantinedRow",
    "SnapshotUnreadable",
    "is_social_care_urn",
    "load_ofsted_snapshot",
    "normalise_judgement",
]

# Canonical column -> its header as the spec names it; headers match after `vocabulary_key`.
_COLUMNS = {
    "urn": "URN",
    "linked_education_urn": "Linked Education URN",
    "provision_type": "Provision type",
    "registration_status": "Registration status",
    "registration_date": "Registration date",
    "name": "Name",
    "organisation": "Organisation which owns the provider",
    "places": "Places",
    "latest_full_inspection_date": "Latest full inspection date",
    "overall_judgement_text": "Overall experiences and progress of children and young people",
    # only in the 2025 edition on: read as blank before it
    "supported_accommodation_outcome": "Supported Accommodation outcome",
    "local_authority": "Local authority",
}
PROVIDER_SNAPSHOT = TableKind(
    "a provider snapshot",
    "provider",
    _COLUMNS,
    # Without these the rules cannot judge a provider; the others are read as blank when absent.
    required=(
        "urn",
        "provision_type",
        "registration_status",
        "organisation",
        "latest_full_inspection_date",
        "overall_judgement_text",
    ),
)
# Supported accommodation is judged on a scale of its own, so it has a count of its own: counting
# it as "Not yet inspected" (it has no overall grade) would misreport inspected providers.
SUPPORTED_ACCOMMODATION_COUNT = "Supported accommodation (own scale)"
PROVIDER_COLUMNS = (
    "urn",
    "linked_education_urn",
    "provision_type",
    "registration_status",
    "registration_date",
    "name",
    "organisation",
    "places",
    "latest_full_inspection_date",
    "overall_judgement",
    "overall_judgement_text",
    "supported_accommodation_outcome",
    "local_authority",
)


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames with == has no single answer
class OfstedSnapshot:
    """The providers of one snapshot that passed the schema, and the rows that did not."""

    providers: pd.DataFrame  # canonical columns, index = URN
    quarantined: tuple[QuarantinedRow, ...]
    source_rows: int  # non-blank rows below the header
    encoding: str  # of the CSV text; utf-8 for a workbook, whose XML parts are UTF-8
    format: str = "csv"  # csv, xlsx or ods, sniffed from the content
    sheet: str = ""  # the workbook sheet the providers came from; blank for CSV
    as_at: dt.date | None = None  # the data's own date, from its title ("as at 31 March 2024")
    cut_row: str = ""  # what shows its last row was cut off mid-line; "" when nothing does

    def judgement_counts(self) -> dict[str, int]:
        """Providers per overall grade; supported accommodation (judged on its own scale) apart,
        and the rest without a grade as "Not yet inspected". The counts add up to the providers.
        """
        own_scale = is_supported_accommodation(self.providers["provision_type"])
        grades = self.providers["overall_judgement"][~own_scale]
        counts = {grade.label: int(grades.eq(grade).sum()) for grade in Judgement}
        counts[NOT_YET_INSPECTED] = int(grades.isna().sum())
        counts[SUPPORTED_ACCOMMODATION_COUNT] = int(own_scale.sum())
        return counts


def load_ofsted_snapshot(data: bytes, *, max_bad_share: float = 0.5) -> OfstedSnapshot:
    """Read, check and type a provider snapshot; refuse it if it is not one or is mostly bad."""
    source = read_tables(data)
    table, header_at, headers = locate_table(source.sheets, PROVIDER_SNAPSHOT)
    cells = text_cells(table.records, header_at, headers, PROVIDER_SNAPSHOT)
    quarantined = find_quarantined(cells, {c: header for c, (_, header) in headers.items()})
    refuse_if_mostly_bad(quarantined, len(cells), max_bad_share, PROVIDER_SNAPSHOT)
    providers = _typed(cells.drop(index=sorted({q.row for q in quarantined})))
    return OfstedSnapshot(
        providers, quarantined, len(cells), source.encoding, source.format, table.sheet,
        data_date(table.records, header_at, table.sheet), cut_last_row(table.records, header_at),
    )


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    """The valid rows with dates, numbers and grades converted, indexed by URN."""
    converted = {
        "registration_date": parse_dates(cells["registration_date"]),
        "places": pd.to_numeric(cells["places"], errors="coerce").astype("Int64"),
        "latest_full_inspection_date": parse_dates(cells["latest_full_inspection_date"]),
        "overall_judgement": judgement_grades(cells["overall_judgement_text"]),
    }
    typed = pd.DataFrame(
        {column: converted.get(column, cells.get(column)) for column in PROVIDER_COLUMNS}
    )
    # The URN stays a column too; the index is unnamed so "urn" never means two things.
    return typed.set_index(pd.Index(typed["urn"], name=None))
