"""An Ofsted spreadsheet's bytes (CSV, XLSX or ODS) as sheets of text, and the table in them.

Exception
└── SnapshotUnreadable   the bytes are not the table asked for
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from validators.ofsted_schema import QuarantinedRow, vocabulary_key


class SnapshotUnreadable(Exception):
    """Not the Ofsted table asked for (binary, empty, no such header), or mostly bad."""


@dataclass(frozen=True)
class Sheet:
    """One sheet's rows as text; a CSV file is one sheet with no name."""

    sheet: str
    records: list[list[str]]


@dataclass(frozen=True)
class Source:
    """The sheets of a file and how it was read."""

    sheets: list[Sheet]
    encoding: str
    format: str


@dataclass(frozen=True)
class TableKind:
    """A kind of Ofsted table: what to call it, its columns, and those it cannot do without."""

    noun: str  # "a provider snapshot"
    rows: str  # what one row is: "provider"
    columns: Mapping[str, str]  # canonical column -> header as the spec names it
    required: tuple[str, ...]


# A header word that tells which Ofsted table a file is, for a refusal that says what it got.
_KIND_BY_HEADER = {
    "latest full inspection date": "a provider snapshot",
    "inspection event type": "an in-year inspection events table",
    "joiner status": "a joiners and leavers table (registration status changes over a year)",
}
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Far above any Ofsted workbook (a few MB unpacked); stops a zip bomb before a parser inflates it.
_MAX_UNPACKED = 512 * 1024 * 1024
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


WorkbookEngine = Literal["calamine", "openpyxl", "odf"]


def read_tables(data: bytes, engine: WorkbookEngine = "calamine") -> Source:
    """The sheets of CSV, XLSX or ODS bytes as text records; the format is sniffed by content.
    `engine` reads workbooks (calamine; the others for comparison only)."""
    if not data.strip():
        raise SnapshotUnreadable("the file is empty")
    if data.startswith(_OLE2):  # Excel 97-2003: no pandas engine for it is installed
        raise SnapshotUnreadable("the file is an old binary Excel (XLS) workbook: save it as XLSX")
    workbook = _workbook_format(data)
    if workbook is None:
        text, encoding = _decode(data)
        return Source([Sheet("", _csv_records(text))], encoding, "csv")
    return Source(_workbook_sheets(data, workbook, engine), "utf-8", workbook)


def _workbook_format(data: bytes) -> str | None:
    """xlsx or ods for a spreadsheet archive, None for anything that is not a zip."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {info.filename: info.file_size for info in archive.infolist()}
            mimetype = archive.read("mimetype").strip() if "mimetype" in members else b""
    # What zipfile raises on a damaged archive, by layer: directory, size, member, method,
    # encryption flag, deflate stream.
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        zlib.error,
    ) as error:
        raise SnapshotUnreadable(f"the file is a damaged zip archive: {error}") from error
    if sum(members.values()) > _MAX_UNPACKED:
        raise SnapshotUnreadable("the workbook unpacks to more than 512 MiB")
    if "xl/workbook.xml" in members:
        return "xlsx"
    if "content.xml" in members and mimetype == _ODS_MIMETYPE:
        return "ods"
    raise SnapshotUnreadable("the file is a zip archive but neither an XLSX nor an ODS workbook")


def _workbook_sheets(
    data: bytes, workbook: str, engine: WorkbookEngine = "calamine"
) -> list[Sheet]:
    """Every sheet of an XLSX or ODS workbook as text records.

    calamine (Rust, pandas' "calamine" engine) reads both formats, several times faster than
    openpyxl and odfpy (benchmarks/regulator_load.py). Its workbook's rows are taken as they
    are: a DataFrame between would cost a third of the read and give back the same cells.
    `engine` names another pandas engine, for the benchmark's comparison in the same run.
    """
    try:
        if engine == "calamine":
            with pd.ExcelFile(io.BytesIO(data), engine="calamine") as book:
                rows = {name: book.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                        for name in book.sheet_names}
        else:
            frames = pd.read_excel(
                io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine=engine
            )
            rows = {name: frame.values.tolist() for name, frame in frames.items()}
    # The engines raise whatever their XML and zip layers raise on a malformed part (calamine a
    # CalamineError); any of it means the same to the caller: not a usable workbook.
    except Exception as error:
        raise SnapshotUnreadable(
            f"the {workbook.upper()} workbook cannot be read: {error}"
        ) from error
    return [
        Sheet(str(name), [[_cell_text(cell) for cell in row] for row in records])
        for name, records in rows.items()
    ]


def _cell_text(value: Any) -> str:
    """A workbook cell as the CSV edition writes it: dd/mm/yyyy dates, whole numbers bare."""
    if type(value) is str:  # most cells: asked first, it halves the time of a whole sheet
        return value
    if isinstance(value, dt.date):  # datetime and pandas Timestamp are dates too
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a URN or places typed as a number arrives as 1234567.0
    return "" if pd.isna(value) else str(value)


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
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


def _csv_records(text: str) -> list[list[str]]:
    """The CSV records of the text.

    The csv module, not read_csv, splits the records: the title rows above the header may be
    ragged, and read_csv's skiprows counts lines where a quoted header cell spans two.
    """
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise SnapshotUnreadable(f"the file is not readable as CSV: {error}") from error


def locate_table(
    sheets: list[Sheet], kind: TableKind
) -> tuple[Sheet, int, dict[str, tuple[int, str]]]:
    """The first sheet holding a `kind` table, its header row (0-based) and the columns found.

    The header is the first row naming both URN and Provision type; a sheet whose header lacks a
    required column is passed over, and if every sheet is, the refusal says why for each.
    """
    problems = []
    for sheet in sheets:
        where = f"sheet {sheet.sheet!r}: " if sheet.sheet else ""
        header_at = _find_header(sheet.records)
        if header_at is None:
            problems.append(f"{where}no row has both a URN and a Provision type header")
            continue
        found = _locate_columns(sheet.records[header_at], kind.columns)
        missing = [kind.columns[column] for column in kind.required if column not in found]
        if not missing:
            return sheet, header_at, found
        problems.append(where + _missing(sheet.records[header_at], missing, kind))
    raise SnapshotUnreadable("; ".join(problems))


def _find_header(records: list[list[str]]) -> int | None:
    wanted = {vocabulary_key("URN"), vocabulary_key("Provision type")}
    for at, record in enumerate(records):
        if wanted <= {vocabulary_key(cell) for cell in record}:
            return at
    return None


def _locate_columns(header: list[str], columns: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    """Each canonical column found: its position and its header as in the file, spaces tidied."""
    by_key = {vocabulary_key(name): column for column, name in columns.items()}
    found: dict[str, tuple[int, str]] = {}
    for position, cell in enumerate(header):
        column = by_key.get(vocabulary_key(cell))
        if column is not None and column not in found:  # the first of two same-named wins
            found[column] = (position, " ".join(cell.split()))
    return found


def _missing(header: list[str], missing: list[str], kind: TableKind) -> str:
    """Why a header will not do, naming the table it belongs to when that is recognisable."""
    keys = {vocabulary_key(cell) for cell in header}
    other = next((noun for key, noun in _KIND_BY_HEADER.items() if key in keys), kind.noun)
    reason = f"the header row has no {', '.join(missing)} column"
    return reason if other == kind.noun else f"{reason}: this is {other}, not {kind.noun}"


def text_cells(
    records: list[list[str]], header_at: int, headers: dict[str, tuple[int, str]], kind: TableKind
) -> pd.DataFrame:
    """The kind's columns as trimmed text, indexed by 1-based source row, blank rows left out."""
    rows = records[header_at + 1 :]
    # Row numbers count records, as a spreadsheet shows them: the header is row header_at + 1.
    index = pd.RangeIndex(header_at + 2, header_at + 2 + len(rows))
    blank = pd.Series([not "".join(row).strip() for row in rows], index, dtype=bool)
    # pandas refuses ragged rows, so cut or pad each to the last column we read: short rows
    # happen, and cells past it (unnamed trailing columns among them) are never read.
    width = 1 + max(position for position, _ in headers.values())
    even = [row[:width] + [""] * (width - len(row)) for row in rows]
    table = pd.DataFrame(even, index=index, columns=range(width), dtype="str")
    columns = {
        column: table[headers[column][0]].str.strip()
        if column in headers
        else pd.Series("", index=index, dtype="str")
        for column in kind.columns
    }
    cells = pd.DataFrame(columns, index=index)[~blank]
    if cells.empty:
        raise SnapshotUnreadable(f"the header row has no {kind.rows} rows below it")
    return cells


_AS_AT = re.compile(r"\bas at (\d{1,2} [A-Za-z]+ \d{4})", re.IGNORECASE)


def data_date(records: list[list[str]], header_at: int, sheet: str = "") -> dt.date | None:
    """The date the data describe, from the title rows ("... as at 31 March 2024") or the
    sheet's name; None when neither gives one. Ofsted titles every edition this way."""
    for text in [*(" ".join(record) for record in records[:header_at]), sheet]:
        match = _AS_AT.search(text)
        if match:
            try:
                return dt.datetime.strptime(match.group(1).title(), "%d %B %Y").date()
            except ValueError:
                continue
    return None


def cut_last_row(records: list[list[str]], header_at: int) -> str:
    """What shows the last row was cut off mid-line (a copy stopped short); "" if nothing does.

    Its cells are fewer than every other row's below the header (or the header's, when it has
    no other), so a file whose rows are all equally ragged is not taken for a cut one.
    """
    rows = [record for record in records[header_at + 1 :] if "".join(record).strip()]
    if not rows:
        return ""
    last, others = rows[-1], rows[:-1]
    expected = min(len(row) for row in others) if others else len(records[header_at])
    if len(last) >= expected:
        return ""
    return (f"the last row has {len(last)} of the {expected} cells of the rows above it "
            "(the file was cut off mid-row)")


def refuse_if_mostly_bad(
    quarantined: tuple[QuarantinedRow, ...], rows: int, max_bad_share: float, kind: TableKind
) -> None:
    """Refuse the table when more than `max_bad_share` of its rows were quarantined."""
    bad_rows = len({q.row for q in quarantined})
    if bad_rows > max_bad_share * rows:
        first = "; ".join(str(q) for q in quarantined[:3])
        raise SnapshotUnreadable(
            f"{bad_rows} of {rows} {kind.rows} rows break the schema, more than the "
            f"{max_bad_share:.0%} allowed; the first: {first}"
        )
