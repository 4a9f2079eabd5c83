"""The settings table (B2): from its controls / fields, or from any table whose header names the
settings columns (Setting name, Lot, …), or, in page text that lost its cell boundaries, from
the lines under that header."""

from __future__ import annotations

import re
from collections.abc import Iterator

from domain.evidence import SettingRow
from domain.form import LOT_CODES, SETTINGS_COLUMNS, SETTINGS_KEYS
from domain.models import Box, union_box
from extraction.form_text import without_placeholders
from extraction.labels import normalise_label
from extraction.model import ReadDocument, TextBlock
from extraction.parsers import parse_lots

_COLUMN_KEYS = dict(zip((normalise_label(c) for c in SETTINGS_COLUMNS), SETTINGS_KEYS, strict=True))
_NUMBERED = re.compile(r"^B2\.(\d+)\.(\w+)$", re.IGNORECASE)  # the PDF: B2.<row>.<key>
_REPEATED = re.compile(r"^B2\.(\w+)$", re.IGNORECASE)  # the DOCX: B2.<key> in each row
_HEADER_LINE = normalise_label(" ".join(SETTINGS_COLUMNS))


def settings_from_fields(read: ReadDocument, document: str) -> tuple[SettingRow, ...]:
    """Rows of B2's controls: numbered PDF fields, or DOCX cells whose tags repeat per row."""
    rows: dict[tuple[str, int], dict[str, str]] = {}
    pages: dict[tuple[str, int], tuple[int | None, Box | None]] = {}
    repeated = 0
    for found in read.fields:
        if numbered := _NUMBERED.match(found.name):
            key, column = ("pdf", int(numbered[1])), numbered[2].lower()
        elif same := _REPEATED.match(found.name):
            column = same[1].lower()
            # Word copies a repeating row's tags, so a tag seen again starts the next row
            if column in rows.get(("docx", repeated), {}):
                repeated += 1
            key = ("docx", repeated)
        else:
            continue
        if column in SETTINGS_KEYS:
            rows.setdefault(key, {})[column] = found.value.strip()
            place = pages.get(key, (found.page, None))
            pages[key] = (place[0], union_box(place[1], found.box))  # the row's controls
    return tuple(row for key in sorted(rows) if (row := _row(rows[key], document, *pages[key])))


def _row(values: dict[str, str], document: str, page: int | None,
         box: Box | None = None) -> SettingRow | None:
    if not any(values.get(key) for key in ("name", "ofsted_urn", "dfe_urn", "ukprn")):
        return None
    lot = values.get("lot", "")
    code = parse_lots(lot)
    values["lot"] = code if code and ";" not in code else lot
    return SettingRow(**values, document=document, page=page, box=box)


def settings_from_tables(read: ReadDocument, document: str) -> tuple[SettingRow, ...]:
    """Rows of every table whose header names the settings columns."""
    rows: list[SettingRow] = []
    for columns, cells, page, box in _merged_rows(read.blocks):
        values = {
            key: without_placeholders(cell)
            for key, cell in zip(columns, cells, strict=False)
            if key
        }
        if row := _row(values, document, page, box):
            rows.append(row)
    return tuple(rows)


_Merged = tuple[list, list[str], int | None, Box | None]


def _merged_rows(blocks: tuple[TextBlock, ...]) -> Iterator[_Merged]:
    """Data rows under a settings header. A row with no lot continues the row above: page
    text split a row whose cells wrapped ("Harbour" / "Fostering") into one row per line."""
    columns: list[str | None] | None = None
    pending: _Merged | None = None
    for block in (*blocks, TextBlock((), in_table=False)):
        header = [_COLUMN_KEYS.get(normalise_label(cell)) for cell in block.cells]
        if not block.in_table or ("name" in header and "lot" in header):
            if pending:
                yield pending
            pending = None
            columns = header if block.in_table else None
            continue
        if columns is None or not any(block.cells):
            continue
        cells = list(block.cells)
        lot = cells[columns.index("lot")].strip() if len(cells) > columns.index("lot") else ""
        if pending and not lot:
            pending = (
                columns,
                [f"{a} {b}".strip() for a, b in zip(pending[1], cells, strict=False)],
                pending[2],
                union_box(pending[3], block.box) if block.page == pending[2] else pending[3],
            )
            continue
        if pending:
            yield pending
        pending = (columns, cells, block.page, block.box)


_LOT = re.compile(rf"^(?:lot\s*)?({'|'.join(LOT_CODES)})$", re.IGNORECASE)
_OFSTED = re.compile(r"^(?:SC|EY)?\d{6,7}$", re.IGNORECASE)
_UKPRN = re.compile(r"^1\d{7}$")


def settings_from_lines(read: ReadDocument, document: str) -> tuple[SettingRow, ...]:
    """Rows read from lines under a "Setting name Lot Ofsted URN …" header line.

    Page text keeps no cell boundaries, so a line is read by the shape of its words: the name
    runs up to the lot code; then an Ofsted URN (SC123456 or six or seven digits), a DfE URN
    (six or seven digits), a UKPRN (eight digits from 1) and the places (the last small number).
    """
    rows: list[SettingRow] = []
    under = False
    for text, page, box in _lines(read.blocks):
        if normalise_label(text) == _HEADER_LINE:
            under = True
        elif under:
            row = _line_row(text, document, page, box)
            under = row is not None  # the first line of another shape ends the table
            rows.extend([row] if row else [])
    return tuple(rows)


def _lines(blocks: tuple[TextBlock, ...]) -> Iterator[tuple[str, int | None, Box | None]]:
    for block in blocks:
        text = " ".join(block.cells).strip()
        if text:
            yield text, block.page, block.box


def _line_row(line: str, document: str, page: int | None,
              box: Box | None = None) -> SettingRow | None:
    words = line.split()
    lot_at = next((i for i, word in enumerate(words) if i and _LOT.match(word)), None)
    if lot_at is None:
        return None
    values = {"name": " ".join(words[:lot_at]), "lot": _LOT.match(words[lot_at])[1].lower()}
    rest = words[lot_at + 1 :]
    if rest and rest[-1].isdigit() and len(rest[-1]) <= 4:
        values["places"] = rest.pop()
    for word in rest:
        if _UKPRN.match(word):
            values["ukprn"] = word
        elif _OFSTED.match(word) and "ofsted_urn" not in values:
            values["ofsted_urn"] = word
        elif word.isdigit() and "dfe_urn" not in values:
            values["dfe_urn"] = word
        else:
            return None  # not the shape of a settings row: the table has ended
    return SettingRow(**values, document=document, page=page, box=box)
