"""Reading a DOCX into rows of cell texts and lines of text, in document order.

Merged cells are resolved (python-docx repeats a horizontally merged cell once per grid column;
we keep each distinct cell once), and nested tables are read after their parent row.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.table import Table

from extraction.model import ReadDocument, TextBlock
from extraction.sniff import DOCX


def read_docx(data: bytes) -> ReadDocument:
    """Every paragraph and table row of the body, in order."""
    document = docx.Document(io.BytesIO(data))
    return ReadDocument(media_type=DOCX, blocks=tuple(_blocks(document)))


def _blocks(document: Document) -> Iterator[TextBlock]:
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            yield from _table_rows(item)
        elif item.text.strip():
            yield TextBlock((item.text,), in_table=False)


def _table_rows(table: Table) -> Iterator[TextBlock]:
    for row in table.rows:
        cells = []
        seen: set[int] = set()
        nested: list[Table] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeated across the grid
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
            nested.extend(cell.tables)
        yield TextBlock(tuple(cells), in_table=True)
        for inner in nested:
            yield from _table_rows(inner)
