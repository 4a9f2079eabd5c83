"""Reading an XLSX workbook into a ReadDocument: a table row for each non-empty row of each sheet.

Pricing schedules are often kept in Excel (documents.md, "Spreadsheets"). Each visible worksheet
is one table (TextBlock.table is the sheet's index among the workbook's sheets, and page its
number from 1, so a finding can say which sheet; the document's pages are its sheets); hidden
sheets hold a template's lookup lists (lots, services), not what the provider presents, and are
not read.

calamine reads the values a spreadsheet application last saved, so a total computed by a formula
reads as its value; a formula never calculated (a file written by a library that does not
compute) has no value and reads as blank, never as a guess. Cells become text the way the
schedule's other readers see them: a whole number as "950", an amount in pence as "1250.50", a
date as ISO. calamine does not report number formats, so a "£" that is only formatting is lost,
which the money parsers do not need.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import python_calamine as calamine

from extraction.errors import DocumentRefused, DocumentUnreadable
from extraction.model import ReadDocument, TextBlock
from extraction.sniff import XLSX

_Cell = (int | float | str | bool | dt.time | dt.date | dt.datetime | dt.timedelta)


def read_xlsx(data: bytes) -> ReadDocument:
    """Every non-empty row of every visible worksheet, sheet by sheet, as table rows."""
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as error:
        raise DocumentRefused("the workbook is protected by a password") from error
    except calamine.CalamineError as error:
        raise DocumentUnreadable(f"the Excel workbook is damaged: {_first_line(error)}") from error
    with workbook:
        sheets = workbook.sheets_metadata
        blocks: list[TextBlock] = []
        for index, sheet in enumerate(sheets):
            if _is_read(sheet):
                blocks.extend(_sheet_rows(workbook, index))
    return ReadDocument(media_type=XLSX, blocks=tuple(blocks), pages=len(sheets))


def _is_read(sheet: calamine.SheetMetadata) -> bool:
    return (sheet.typ == calamine.SheetTypeEnum.WorkSheet
            and sheet.visible == calamine.SheetVisibleEnum.Visible)


def _sheet_rows(workbook: calamine.CalamineWorkbook, index: int) -> list[TextBlock]:
    try:
        rows = workbook.get_sheet_by_index(index).to_python()
    except calamine.CalamineError as error:
        raise DocumentUnreadable(f"the Excel workbook is damaged: {_first_line(error)}") from error
    blocks = []
    for row in rows:
        cells = tuple(cell_text(value) for value in row)
        if any(cells):
            blocks.append(TextBlock(cells, in_table=True, page=index + 1, table=index))
    return blocks


def cell_text(value: _Cell) -> str:
    """A cell's value as the schedule's readers take text: numbers plain, dates ISO."""
    if isinstance(value, bool):  # before int: a bool is an int
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return " ".join(str(value).split())


def _number_text(value: float) -> str:
    """950.0 → "950"; 1250.5 → "1250.50" (money to the penny); anything finer as it is stored.

    A spreadsheet keeps every number as a binary float, so 0.1 + 0.2 is stored as
    0.30000000000000004: a value within a millionth of a penny of whole pence is that amount.
    """
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer():
        return str(int(value))
    pence = round(value * 100)
    if abs(value * 100 - pence) < 1e-6 * max(1.0, abs(value)):
        return f"{Decimal(pence) / 100:.2f}"
    return format(Decimal(repr(value)), "f")


def _first_line(error: BaseException) -> str:
    text = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return text if len(text) <= 120 else text[:117] + "…"
