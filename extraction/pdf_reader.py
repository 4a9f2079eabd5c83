"""Reading a PDF into a ReadDocument: lines of text, table rows, form fields and active content.

Each page is read once (pdfplumber parses its characters; words, lines and tables all come from
that one parse) and closed straight after, so memory stays flat however many pages there are.
Blocks come in reading order within a page: lines and table rows by their position.

A table that runs off the foot of one page and on at the head of the next with the same number
of columns is one table (one index), whether or not its header is repeated; a repeated header
row is dropped, since it is not data.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from domain.models import union_box
from extraction.errors import DocumentRefused, DocumentUnreadable
from extraction.limits import ReadingBudget
from extraction.model import ReadDocument, TextBlock
from extraction.ocr import looks_scanned, ocr_page
from extraction.pdf_active import document_active_content, page_active_content
from extraction.pdf_forms import read_form_fields
from extraction.pdf_tables import PageTable, find_tables
from extraction.sniff import PDF

MAX_PAGES = 500
#: Running heads and feet ("Page 2 of 5", a company name) may sit between a table and the
#: page's edge without breaking the table; more lines than this means the table ended.
_MARGIN_LINES = 3


def read_pdf(data: bytes, max_pages: int = MAX_PAGES,
             on_page_count: Callable[[int], None] | None = None,
             budget: ReadingBudget | None = None) -> ReadDocument:
    """Every line and table row, page by page, with the form's fields and any active content.

    `on_page_count` hears the number of pages as soon as it is known (the sandbox gives a
    long document more time). With a `budget`, pages are read while it lasts and the rest are
    reported as unread; the form's fields and the active content of every page are still read
    (they cost no page parse).
    """
    if b"%%EOF" not in data:  # every complete PDF ends with one, whatever else is damaged
        raise DocumentUnreadable("the PDF is truncated (it has no end-of-file marker)")
    with _open(data) as pdf:
        pages = _checked_pages(pdf, max_pages)
        if on_page_count:
            on_page_count(len(pages))
        if budget:
            budget.count(len(pages))
        page_objects = [page.page_obj for page in pages]
        fields = read_form_fields(pdf.doc, page_objects)
        flags = document_active_content(pdf.doc, data)
        numbering = TableNumbering()
        blocks: list[TextBlock] = []
        read = 0
        for page in pages:
            if budget is None or budget.allows(read):
                blocks.extend(_read_page(page, numbering))
                read += 1
            flags |= page_active_content(page.page_obj)
            page.close()  # drop the page's parsed objects before the next one
    unread = (read + 1, len(pages)) if read < len(pages) else None
    return ReadDocument(media_type=PDF, blocks=tuple(blocks), fields=fields, pages=len(pages),
                        flags=tuple(sorted(flags)), unread_pages=unread)


def _open(data: bytes) -> Any:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise DocumentRefused("the PDF is protected by a password") from error
        raise
    # Opened with the empty user password: an owner password only restricts printing or
    # copying, as insurers' certificates often do, and the text is ours to read (documents.md).
    return pdf


def _checked_pages(pdf: Any, max_pages: int) -> list[Any]:
    """The pages, once the page tree's own count (cheap to read) is within the limit."""
    declared = resolve1(resolve1(pdf.doc.catalog.get("Pages") or {}).get("Count"))
    if isinstance(declared, int) and declared > max_pages:
        raise DocumentUnreadable(f"the PDF has {declared:,} pages; the limit is {max_pages:,}")
    pages = pdf.pages
    if len(pages) > max_pages:
        raise DocumentUnreadable(f"the PDF has {len(pages):,} pages; the limit is {max_pages:,}")
    if not pages:
        raise DocumentUnreadable("the PDF has no pages")
    return pages


def _read_page(page: Any, numbering: TableNumbering) -> Iterator[TextBlock]:
    number = page.page_number
    words = page.extract_words()
    if not words and looks_scanned(page):  # a scan or a photograph: no text layer to read
        return iter(ocr_page(page))
    tables, lines = find_tables(page, words, numbering.open_columns)
    above = sum(1 for line in lines if tables and line.bottom <= tables[0].top)
    below = sum(1 for line in lines if tables and line.top >= tables[-1].bottom)
    placed: list[tuple[float, TextBlock]] = [
        (line.top, TextBlock((line.text,), in_table=False, page=number, box=line.box))
        for line in lines
    ]
    for index, table in numbering.number(tables, above, below):
        placed.extend(
            (top, TextBlock(cells, in_table=True, page=number, table=index,
                            box=union_box(*boxes), cell_boxes=boxes))
            for top, cells, boxes in table.rows
        )
    placed.sort(key=lambda item: item[0])
    return (block for _, block in placed)


class TableNumbering:
    """Gives each table of a document its index, carrying a table over a page break."""

    def __init__(self) -> None:
        self._next = 0
        self._open: tuple[int, int, tuple[str, ...]] | None = None  # index, width, header
        self.open_columns: list[float] | None = None  # the open table's layout, if whitespace

    def number(self, tables: list[PageTable], lines_above: int,
               lines_below: int) -> list[tuple[int, PageTable]]:
        """(index, table) for the page's tables, top to bottom; a repeated header is dropped."""
        numbered = []
        for position, table in enumerate(tables):
            carried = self._open if position == 0 and lines_above <= _MARGIN_LINES else None
            if carried and carried[1] == table.width:
                index = carried[0]
                if _same_text(table.rows[0][1], carried[2]) and len(table.rows) > 1:
                    table.rows.pop(0)
            else:
                index, self._next = self._next, self._next + 1
                header = table.rows[0][1]
                carried = (index, table.width, header)
            numbered.append((index, table))
            self._open = carried
        reaches_foot = bool(tables) and lines_below <= _MARGIN_LINES
        if not reaches_foot:
            self._open = None
        self.open_columns = tables[-1].cuts if reaches_foot else None
        return numbered


def _same_text(cells: tuple[str, ...], header: tuple[str, ...]) -> bool:
    def normal(texts: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(" ".join(text.casefold().split()) for text in texts)

    return normal(cells) == normal(header)
