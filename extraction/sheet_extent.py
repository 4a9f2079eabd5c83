"""The rectangle a worksheet asks its reader to allocate, measured as its XML inflates.

calamine keeps a sheet as one dense rectangle from its first to its last cell that holds a value,
so two values at A1 and XFD1048576 (a few bytes) ask for some 500 GB and abort the reading
process. Cells with only a style hold no value and are skipped, by calamine and here:
Gnumeric and LibreOffice write such cells out to the sheet's last column and row when a whole
row or column is formatted, and those workbooks are ordinary.

Rows and cells are placed as calamine places them: by their reference, or else just after the
one before. The sheet is parsed as it streams (lxml's pull parser, each row dropped once seen),
so memory stays flat; a DTD never reaches the parser (docx_guard refuses it first).
"""

from __future__ import annotations

import re

from lxml import etree

from extraction.errors import DocumentUnreadable

#: 2 million cells is some 64 MB in calamine; a pricing schedule has a few hundred
MAX_SHEET_CELLS = 2_000_000
_REFERENCE = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


class SheetExtent:
    """Feed a worksheet's XML in chunks; raises DocumentUnreadable once its values span more
    than MAX_SHEET_CELLS cells, or when it is not XML at all."""

    def __init__(self, part: str, max_cells: int = MAX_SHEET_CELLS) -> None:
        self.part, self.max_cells = part, max_cells
        self.rows = self.columns = 0
        self._row = self._column = 0
        self._parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False,
                                           no_network=True, huge_tree=False)

    def feed(self, chunk: bytes) -> None:
        try:
            self._parser.feed(chunk)
            for event, element in self._parser.read_events():
                self._see(event, element)
        except etree.XMLSyntaxError as error:
            raise DocumentUnreadable(
                f"sheet {self.part} is not well-formed XML: {str(error).split(', ')[0]}"
            ) from error
        if self.rows * self.columns > self.max_cells:
            raise DocumentUnreadable(
                f"sheet {self.part} spans {self.rows:,} rows by {self.columns:,} columns of "
                f"values; the limit is {self.max_cells:,} cells")

    def _see(self, event: str, element: etree._Element) -> None:
        name = etree.QName(element).localname
        if event == "start" and name == "row":
            number = element.get("r", "")
            self._row = int(number) if number.isdigit() else self._row + 1
            self._column = 0
        elif event == "start" and name == "c":
            self._place(element.get("r", ""))
        elif event == "end" and name == "c":
            if _holds_value(element):
                self.rows, self.columns = max(self.rows, self._row), max(self.columns,
                                                                         self._column)
            element.clear()
        elif event == "end" and name == "row":
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]  # rows already measured: memory stays flat

    def _place(self, reference: str) -> None:
        match = _REFERENCE.match(reference)
        if not match:
            self._column += 1
            return
        column = 0
        for letter in match[1]:
            column = column * 26 + ord(letter) - 64
        self._column, self._row = column, int(match[2])


def _holds_value(cell: etree._Element) -> bool:
    """A value (<v>) or inline text (<is>) with something in it; a formula alone is no value."""
    for child in cell:
        name = etree.QName(child).localname
        if name == "v" and child.text:
            return True
        if name == "is" and "".join(child.itertext()):
            return True
    return False
