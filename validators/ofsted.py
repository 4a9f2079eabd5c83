"""Load an Ofsted social care provider snapshot (a register sheet as CSV) into a checked table.

    Exception
    └── SnapshotUnreadable   the bytes are not a provider snapshot, or most of its rows are bad

A row that breaks the schema is not an exception: it is quarantined, reported with its row, column
and value, and left out of `providers`. Only a snapshot that is mostly bad is refused, so that the
previous one stays in force.

Encoding: strict UTF-8 first (a BOM means utf-8-sig); otherwise Windows-1252 unless Mac Roman reads
more plausibly (see `_implausible_letters`). The 31 March 2024 file is ASCII but for one byte of its
title, 0xD0 in " 2024 \\xd0 Provider level": cp1252 reads it as a lone "Ð", Mac Roman as an en dash,
so it is reported as mac_roman. Its header and data are ASCII, so they read the same either way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from validators.ofsted_schema import (
    NOT_YET_INSPECTED,
    Judgement,
    QuarantinedRow,
    find_quarantined,
    is_social_care_urn,
    judgement_grades,
    normalise_judgement,
    parse_dates,
    vocabulary_key,
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


class SnapshotUnreadable(Exception):
    """Not a provider snapshot (binary, empty, no URN and Provision type header), or mostly bad."""


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
    "local_authority": "Local authority",
}
_BY_KEY = {vocabulary_key(header): column for column, header in _COLUMNS.items()}
# Without these the rules cannot judge a provider; the others are read as blank when absent.
_REQUIRED = (
    "urn",
    "provision_type",
    "registration_status",
    "organisation",
    "latest_full_inspection_date",
    "overall_judgement_text",
)
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
    "local_authority",
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames with == has no single answer
class OfstedSnapshot:
    """The providers of one snapshot that passed the schema, and the rows that did not."""

    providers: pd.DataFrame  # canonical columns, index = URN
    quarantined: tuple[QuarantinedRow, ...]
    source_rows: int  # non-blank rows below the header
    encoding: str

    def judgement_counts(self) -> dict[str, int]:
        """Providers per overall grade; those without one count as "Not yet inspected"."""
        grades = self.providers["overall_judgement"]
        counts = {grade.label: int(grades.eq(grade).sum()) for grade in Judgement}
        counts[NOT_YET_INSPECTED] = int(grades.isna().sum())
        return counts


def load_ofsted_snapshot(data: bytes, *, max_bad_share: float = 0.5) -> OfstedSnapshot:
    """Read, check and type a provider snapshot; refuse it if it is not one or is mostly bad."""
    text, encoding = _decode(data)
    records = _read_records(text)
    header_at = _find_header(records)
    headers = _locate_columns(records[header_at])
    # Row numbers are 1-based and count records, as a spreadsheet shows them.
    cells = _text_cells(records[header_at + 1 :], headers, first_row=header_at + 2)
    quarantined = find_quarantined(cells, {c: header for c, (_, header) in headers.items()})
    bad_rows = sorted({q.row for q in quarantined})
    if len(bad_rows) > max_bad_share * len(cells):
        first = "; ".join(str(q) for q in quarantined[:3])
        raise SnapshotUnreadable(
            f"{len(bad_rows)} of {len(cells)} provider rows break the schema, more than the "
            f"{max_bad_share:.0%} allowed; the first: {first}"
        )
    providers = _typed(cells.drop(index=bad_rows))
    return OfstedSnapshot(providers, quarantined, len(cells), encoding)


def _decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the encoding it was read with."""
    if not data.strip():
        raise SnapshotUnreadable("the file is empty")
    if b"\x00" in data:  # no text encoding the spec allows produces NUL bytes
        raise SnapshotUnreadable("the file is binary (it contains NUL bytes), not CSV text")
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if has_bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("cp1252", "mac_roman"):  # cp1252 first: it wins ties
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; Mac Roman none
            continue
        readings.append((_implausible_letters(text), encoding, text))
    _, encoding, text = min(readings, key=lambda reading: reading[0])
    return text, encoding


def _implausible_letters(text: str) -> int:
    """How many non-ASCII letters stand where no word puts them: the trace of a wrong code page.

    A lone letter (" Ð ") is usually a misread dash, a capital after a small letter ("childrenÕs",
    "cafÈ") a misread quote or accent. The same bytes read in the right code page score 0.
    """
    count = 0
    for match in _NON_ASCII.finditer(text):
        char, at = match.group(), match.start()
        if not char.isalpha():
            continue
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        lone = not before.isalpha() and not after.isalpha()
        count += lone or (char.isupper() and before.islower())
    return count


def _read_records(text: str) -> list[list[str]]:
    """The CSV records of the text.

    The csv module, not read_csv, splits the records: the title rows above the header may be
    ragged, and read_csv's skiprows counts lines where a quoted header cell spans two.
    """
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise SnapshotUnreadable(f"the file is not readable as CSV: {error}") from error


def _find_header(records: list[list[str]]) -> int:
    """Where the header row is: the first row naming both URN and Provision type."""
    wanted = {vocabulary_key("URN"), vocabulary_key("Provision type")}
    for at, record in enumerate(records):
        if wanted <= {vocabulary_key(cell) for cell in record}:
            return at
    raise SnapshotUnreadable("no row has both a URN and a Provision type header")


def _locate_columns(header: list[str]) -> dict[str, tuple[int, str]]:
    """Each canonical column found: its position and its header as in the file, spaces tidied."""
    found: dict[str, tuple[int, str]] = {}
    for position, cell in enumerate(header):
        column = _BY_KEY.get(vocabulary_key(cell))
        if column is not None and column not in found:  # the first of two same-named wins
            found[column] = (position, " ".join(cell.split()))
    missing = [_COLUMNS[column] for column in _REQUIRED if column not in found]
    if missing:
        raise SnapshotUnreadable(f"the header row has no {', '.join(missing)} column")
    return found


def _text_cells(
    records: list[list[str]], headers: dict[str, tuple[int, str]], first_row: int
) -> pd.DataFrame:
    """The canonical columns as trimmed text, indexed by source row, blank rows left out."""
    index = pd.RangeIndex(first_row, first_row + len(records))
    blank = pd.Series([not "".join(record).strip() for record in records], index, dtype=bool)
    # pandas refuses ragged rows, so cut or pad each to the last column we read: short rows
    # happen, and cells past it (unnamed trailing columns among them) are never read.
    width = 1 + max(position for position, _ in headers.values())
    even = [record[:width] + [""] * (width - len(record)) for record in records]
    table = pd.DataFrame(even, index=index, columns=range(width), dtype="str")
    columns = {
        column: table[headers[column][0]].str.strip()
        if column in headers
        else pd.Series("", index=index, dtype="str")
        for column in _COLUMNS
    }
    cells = pd.DataFrame(columns, index=index)[~blank]
    if cells.empty:
        raise SnapshotUnreadable("the header row has no provider rows below it")
    return cells


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
