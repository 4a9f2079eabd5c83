"""Load the GIAS establishment extract (edubasealldataYYYYMMDD.csv) into a checked table.

    Exception
    └── SnapshotUnreadable   (validators.ofsted_tables)
        └── GiasUnreadable   the bytes are not a GIAS extract, or most of its rows are bad

DfE writes the extract in Windows-1252 with the header on row 1, a column per field, coded fields
in pairs (`X (code)`, `X (name)`), dates dd-mm-yyyy. Only the columns below are read; the real
extract has about 140. Headers match after trimming and ignoring case, so a re-saved copy still
loads; a copy re-saved as UTF-8 is read as UTF-8 (strict UTF-8 first, since cp1252 would read its
two-byte letters as pairs of wrong ones).

Rows that break the schema are quarantined (row, column, value, reason) as in the Ofsted loader;
a mostly bad extract is refused so that the previous one stays in force.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

import pandas as pd

from validators.gias_schema import ESTABLISHMENT_TYPES, find_quarantined, parse_gias_dates
from validators.ofsted_schema import QuarantinedRow
from validators.ofsted_tables import SnapshotUnreadable

__all__ = [
    "ESTABLISHMENT_COLUMNS",
    "GiasSnapshot",
    "GiasUnreadable",
    "extract_date",
    "load_gias_extract",
]


class GiasUnreadable(SnapshotUnreadable):
    """Not a GIAS establishment extract (binary, empty, columns missing), or mostly bad."""


# Canonical column -> its GIAS header.
_COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "la_name": "LA (name)",
    "name": "EstablishmentName",
    "type_code": "TypeOfEstablishment (code)",
    "type_name": "TypeOfEstablishment (name)",
    "type_group": "EstablishmentTypeGroup (name)",
    "status": "EstablishmentStatus (name)",
    "open_date": "OpenDate",
    "close_date": "CloseDate",
    "phase": "PhaseOfEducation (name)",
    "statutory_low_age": "StatutoryLowAge",
    "statutory_high_age": "StatutoryHighAge",
    "ukprn": "UKPRN",
    "companies_house_number": "CHNumber",
    "postcode": "Postcode",
}
# The columns the rules use (ofsted-data.md); the others are read as blank when absent.
_REQUIRED = ("urn", "name", "type_code", "type_name", "type_group", "status", "ukprn")
ESTABLISHMENT_COLUMNS = tuple(_COLUMNS)


def _key(header: str) -> str:
    return " ".join(str(header).split()).casefold()


_BY_KEY = {_key(header): column for column, header in _COLUMNS.items()}


@dataclass(frozen=True, eq=False)  # eq=False: comparing DataFrames with == has no single answer
class GiasSnapshot:
    """The establishments of one extract that passed the schema, and the rows that did not."""

    establishments: pd.DataFrame  # ESTABLISHMENT_COLUMNS, index = URN
    quarantined: tuple[QuarantinedRow, ...]
    source_rows: int  # non-blank rows below the header
    encoding: str
    cut_row: str = ""  # what shows its last row was cut off mid-line; "" when nothing does

    def type_counts(self) -> dict[str, int]:
        """Establishments per type, as "10 Other independent special school", by type code."""
        codes = self.establishments["type_code"]
        return {
            f"{code} {name}": int(codes.eq(code).sum())
            for code, (name, _, _) in sorted(ESTABLISHMENT_TYPES.items())
            if codes.eq(code).any()
        }

    def status_counts(self) -> dict[str, int]:
        """Establishments per status, every status named even when none has it."""
        statuses = self.establishments["status"]
        return {status: int(statuses.eq(status).sum()) for status in _STATUSES}

    def summary(self) -> dict[str, int]:
        """Counts by status then by type, for a snapshot record."""
        return {**self.status_counts(), **self.type_counts()}


_STATUSES = ("Open", "Open, but proposed to close", "Proposed to open", "Closed")


def load_gias_extract(data: bytes, *, max_bad_share: float = 0.5) -> GiasSnapshot:
    """Read, check and type a GIAS extract; refuse it if it is not one or is mostly bad."""
    text, encoding = _decode(data)
    cells, headers = _text_cells(text)
    quarantined = find_quarantined(cells, headers)
    bad_rows = sorted({q.row for q in quarantined})
    if len(bad_rows) > max_bad_share * len(cells):
        first = "; ".join(str(q) for q in quarantined[:3])
        raise GiasUnreadable(
            f"{len(bad_rows)} of {len(cells)} establishment rows break the schema, more than "
            f"the {max_bad_share:.0%} allowed; the first: {first}"
        )
    return GiasSnapshot(_typed(cells.drop(index=bad_rows)), quarantined, len(cells), encoding,
                        _cut_last_row(text))


# DfE names each daily extract by its date: edubasealldata20250109.csv (the extract has no date
# of its own inside; its rows' "LastChangedDate" only says when each school last changed)
_DATED_NAME = re.compile(r"edubasealldata(\d{4})(\d{2})(\d{2})", re.IGNORECASE)


def extract_date(file_name: str) -> dt.date | None:
    """The day a GIAS extract was taken, from DfE's file name; None for another name."""
    match = _DATED_NAME.search(file_name)
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:  # edubasealldata20251399: not a day
        return None


def _cut_last_row(text: str) -> str:
    """What shows the last row was cut off mid-line: fewer cells than the row above it and the
    header. Only the last lines are split (GIAS names hold no line breaks), not all 60 MB."""
    lines = text.rstrip().rsplit("\n", 2)
    if len(lines) < 2:
        return ""
    header = text[: text.find("\n")]
    widths = [len(next(csv.reader([line.rstrip("\r")]), [])) for line in (header, *lines[-2:])]
    last, expected = widths[-1], min(widths[:-1])
    if last >= expected:
        return ""
    return (f"the last row has {last} of the {expected} cells of the rows above it "
            "(the file was cut off mid-row)")


def _decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise GiasUnreadable("the file is empty")
    if b"\x00" in data:  # neither Windows-1252 nor UTF-8 text has NUL bytes
        raise GiasUnreadable("the file is binary (it contains NUL bytes), not CSV text")
    has_bom = data.startswith(codecs.BOM_UTF8)
    for encoding in ("utf-8-sig",) if has_bom else ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:  # cp1252 too: it leaves five bytes undefined
            continue
    raise GiasUnreadable("the file is neither Windows-1252 nor UTF-8 text")


def _text_cells(text: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The canonical columns as trimmed text, indexed by 1-based file row, and their headers."""
    try:
        # skip_blank_lines=False keeps row numbers true to the file; blank rows are dropped below.
        table = pd.read_csv(
            io.StringIO(text),
            dtype="str",
            keep_default_na=False,
            skip_blank_lines=False,
            usecols=_wanted_columns(text),
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise GiasUnreadable(f"the file is not readable as a GIAS CSV extract: {error}") from error
    found = {_BY_KEY[_key(header)]: header for header in table.columns}
    missing = [_COLUMNS[column] for column in _REQUIRED if column not in found]
    if missing:
        raise GiasUnreadable(f"the header row has no {', '.join(missing)} column")
    table = table.rename(columns={header: column for column, header in found.items()})
    table.index = pd.RangeIndex(2, 2 + len(table))  # row 1 is the header
    # A blank line reads as NaN whatever keep_default_na says: make it blank text like the rest.
    table = table.fillna("")
    cells = pd.DataFrame(
        {c: table[c].str.strip() if c in table else "" for c in _COLUMNS}, index=table.index
    ).astype("str")
    cells = cells[(cells != "").any(axis=1)]
    if cells.empty:
        raise GiasUnreadable("the header row has no establishment rows below it")
    return cells, {column: " ".join(header.split()) for column, header in found.items()}


def _wanted_columns(text: str) -> list[int]:
    """The positions of the header cells the rules read. A list, not a callable: pandas calls
    a callable per column and row block, which doubles the read of a 130-column extract."""
    # the first line as pandas ends it (\n, \r\n or a lone \r): the csv module refuses a line
    # break inside the text it is given
    first_line = text.splitlines()[0] if text else ""
    header = next(csv.reader([first_line]), [])
    return [at for at, cell in enumerate(header) if _key(cell.lstrip("\ufeff")) in _BY_KEY]


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    """The valid rows with codes, ages and dates converted, indexed by URN."""
    converted = {
        "type_code": pd.to_numeric(cells["type_code"], errors="coerce").astype("Int64"),
        "open_date": parse_gias_dates(cells["open_date"]),
        "close_date": parse_gias_dates(cells["close_date"]),
        "statutory_low_age": _whole_numbers(cells["statutory_low_age"]),
        "statutory_high_age": _whole_numbers(cells["statutory_high_age"]),
    }
    typed = pd.DataFrame({c: converted.get(c, cells[c]) for c in ESTABLISHMENT_COLUMNS})
    # The URN stays a column too; the index is unnamed so "urn" never means two things.
    return typed.set_index(pd.Index(typed["urn"], name=None))


def _whole_numbers(texts: pd.Series) -> pd.Series:
    return pd.to_numeric(texts, errors="coerce").astype("Int64")  # blanks become <NA>
