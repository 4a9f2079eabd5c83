"""The pricing schedule's table: a row per service, cells keyed by the canonical column names.

The cells are read as written (validation is the validators' job). The header is found by its
column names, in any order; the rows after it, on any page, belong to the table (a repeated header
is skipped). A PDF read without table support gives each row as a line of text: the fees are then
the run of sums at the end of the line, and the Lot and the Service split the text before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from domain.evidence import TableRow
from domain.form import LOT_CHOICES
from extraction.labels import normalise_label
from extraction.model import ReadDocument, TextBlock
from extraction.nearby import CELL, block_text
from extraction.sniff import XLSX

LOT, SERVICE = "Lot", "Service"
CORE, EDUCATION, THERAPY, TOTAL = (
    "Core weekly fee", "Education weekly fee", "Therapy weekly fee", "Total weekly fee")
COLUMNS = (LOT, SERVICE, CORE, EDUCATION, THERAPY, TOTAL)
FEES = (CORE, EDUCATION, THERAPY, TOTAL)
_NAMES = {normalise_label(column): column for column in COLUMNS} | {
    "lot number": LOT, "lot no": LOT, "service description": SERVICE}
_IN_LINE = re.compile(r"\b(" + "|".join(sorted(_NAMES, key=len, reverse=True)) + r")\b")
_BRACKETS = re.compile(r"\((?:£|gbp|per week|pw)[^)]*\)", re.IGNORECASE)
_FEE = re.compile(r"^£?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?$|^£?\d+(?:\.\d{1,2})?$|^[-–—]$|^nil$",
                  re.IGNORECASE)
_LOT_CODE = re.compile(r"^(?:lot\s*)?(?:1[a-d]|[1-4])$", re.IGNORECASE)
_LOT_NAMES = sorted((choice.split(" ", 1)[1] for choice in LOT_CHOICES), key=len, reverse=True)
_LOT_TEXT = r"(?:lot\s*)?(?:1[a-d]|[1-4])\b(?:\s+(?:{names}))?|(?:{names})".format(
    names="|".join(re.escape(name) for name in _LOT_NAMES))


def find_pricing(read: ReadDocument, document: str) -> tuple[TableRow, ...]:
    """Every row of the schedule's table, numbered from 1 across pages."""
    rows = list(_rows(_schedule_blocks(read)))
    return tuple(TableRow(cells=cells, document=document, page=block.page, box=block.box,
                          row=number)
                 for number, (cells, block) in enumerate(rows, start=1))


def header_of(block: TextBlock) -> list[str | None] | None:
    """The canonical column of each cell (a table row) or each name in order (a line)."""
    if block.in_table and len(block.cells) > 1:
        columns = [_NAMES.get(normalise_label(_BRACKETS.sub("", cell))) for cell in block.cells]
    else:
        line = normalise_label(_BRACKETS.sub("", block_text(block)))
        columns = [_NAMES[match.group(1)] for match in _IN_LINE.finditer(line)]
    found = {column for column in columns if column}
    return columns if {CORE, TOTAL} <= found and found & {LOT, SERVICE} and len(found) >= 4 \
        else None


def has_pricing_table(read: ReadDocument) -> bool:
    """Whether some row or line names the schedule's columns."""
    return any(header_of(block) for block in read.blocks)


def _schedule_blocks(read: ReadDocument) -> Sequence[TextBlock]:
    """A workbook's schedule is the first sheet that has the columns (documents.md); another
    sheet with the same header, a past year's prices say, is not more rows of it."""
    if read.media_type != XLSX:
        return read.blocks
    sheet = next((block.table for block in read.blocks if header_of(block)), None)
    return [block for block in read.blocks if block.table == sheet]


def _rows(blocks: Sequence[TextBlock]) -> Iterator[tuple[dict[str, str], TextBlock]]:
    header: list[str | None] | None = None
    width, table = 0, None
    for block in blocks:
        columns = header_of(block)
        if columns:  # the header, or the header repeated on the next page
            header, width = columns, len(block.cells) if block.in_table else 0
            table = block.table
            continue
        if header is None:
            continue
        if block.in_table and width and len(block.cells) == width:
            cells = {column: cell.strip() for column, cell in zip(header, block.cells, strict=True)
                     if column and cell.strip()}
        elif block.in_table and width and block.table != table:
            break  # a narrower or wider table: the schedule has ended
        else:  # a line, or a row with merged cells: read as text
            cells = _line_row(block_text(block).replace(CELL, " "), header)
        if cells and any(cells.get(column) for column in FEES) and set(cells) - set(FEES):
            # every column the header names is kept, a blank one as "": a blank education or
            # therapy fee means 0, and only a column the header lacks is missing
            yield {column: cells.get(column, "") for column in header if column}, block


def _line_row(text: str, header: list[str | None]) -> dict[str, str]:
    """A row read as a line: the text columns around the run of fees at its end."""
    tokens = re.sub(r"£\s+(?=\d)", "£", text).split()
    is_fee = [bool(_FEE.match(token)) and not _LOT_CODE.match(token) for token in tokens]
    end = len(tokens)
    while end and not is_fee[end - 1]:
        end -= 1
    start = end
    while start and is_fee[start - 1]:
        start -= 1
    columns = [column for column in header if column]
    fees = [column for column in columns if column in FEES]
    if end - start < 2 or not fees or start == 0 and end == len(tokens):
        return {}
    first_fee = columns.index(fees[0])
    cells = _split_text(" ".join(tokens[:start]), [c for c in columns[:first_fee] if c not in FEES])
    cells |= _split_text(" ".join(tokens[end:]), [c for c in columns[first_fee:] if c not in FEES])
    cells |= _place_fees(tokens[start:end], fees)
    return cells


def _split_text(text: str, columns: list[str]) -> dict[str, str]:
    """The Lot and the Service from the text they share: the Lot is a code or a lot's name."""
    if not text or not columns:
        return {}
    if len(columns) == 1:
        return {columns[0]: text}
    lot_first = columns.index(LOT) < columns.index(SERVICE) if LOT in columns else True
    pattern = rf"^({_LOT_TEXT})\s+(.+)$" if lot_first else rf"^(.+?)\s+({_LOT_TEXT})$"
    match = re.match(pattern, text, re.IGNORECASE)
    if not match:
        return {SERVICE: text}
    lot, service = (match[1], match[2]) if lot_first else (match[2], match[1])
    return {LOT: lot, SERVICE: service}


def _place_fees(values: list[str], fees: list[str]) -> dict[str, str]:
    """Sums to fee columns in header order; when some are blank, core and total are kept first
    (a line keeps no trace of a blank cell, and core and total are the fees every row has)."""
    if len(values) >= len(fees):
        return dict(zip(fees, values[-len(fees):], strict=True))
    spare = len(values) - sum(1 for fee in fees if fee in {CORE, TOTAL})
    kept = []
    for fee in fees:
        if fee in {CORE, TOTAL} or spare > 0:
            kept.append(fee)
            spare -= fee not in {CORE, TOTAL}
    return dict(zip(kept, values, strict=False))
