"""Checks on a DOCX's or an XLSX's parts as they are really inflated, run in the reading child
before python-docx or calamine parses anything.

The directory's declared sizes were already bounded (sniff.members_problem), but they are only
claims. zipfile stops a deflated part at its declared size (a lie then fails the CRC); the true
total is counted here as well, chunk by chunk, so the bound does not rest on that detail alone.

The XML parts are also searched for a document type declaration. OOXML forbids DTDs
(ISO/IEC 29500-2, §8.1.4), so one can only be an attempt at entity expansion ("billion laughs")
or at external entities; the document is refused before lxml or calamine sees it. (python-docx's
parser does not resolve entities either: this is the first wall, not the only one.)

A worksheet is also bounded by the cells its values span (extraction.sheet_extent): calamine
allocates the whole rectangle, so two values at A1 and XFD1048576 (a few bytes) would ask for
hundreds of gigabytes and abort the reading process.
"""

from __future__ import annotations

import io
import re
import zipfile

from extraction.errors import DocumentUnreadable
from extraction.sheet_extent import SheetExtent
from extraction.sniff import MAX_INFLATED_BYTES, members_problem

_CHUNK = 1024 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_OVERLAP = max(len(marker) for marker in _DTD_MARKERS) - 1
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


def check_docx_parts(data: bytes, max_inflated: int = MAX_INFLATED_BYTES) -> None:
    """Raise DocumentUnreadable unless every part inflates within bounds and carries no DTD."""
    _check_parts(data, max_inflated, "Word")


def check_xlsx_parts(data: bytes, max_inflated: int = MAX_INFLATED_BYTES) -> None:
    """The same for a workbook, and no worksheet's values span more than MAX_SHEET_CELLS
    cells."""
    _check_parts(data, max_inflated, "Excel")


def _check_parts(data: bytes, max_inflated: int, application: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        problem = members_problem(members, application)
        if problem:
            raise DocumentUnreadable(problem)
        budget = max_inflated
        for member in members:
            budget -= _inflate_part(archive, member, budget, application)


def _inflate_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int,
                  application: str) -> int:
    """Inflate one part chunk by chunk; the bytes it really took."""
    is_xml = member.filename.lower().endswith((".xml", ".rels"))
    sheet = application == "Excel" and _WORKSHEET.match(member.filename)
    extent = SheetExtent(member.filename) if sheet else None
    taken = 0
    carried = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            taken += len(chunk)
            if taken > budget:
                raise DocumentUnreadable(
                    f"the document inflates to more than {MAX_INFLATED_BYTES:,} bytes"
                )
            if is_xml:
                window = carried + chunk  # a marker may straddle two chunks
                if any(marker in window for marker in _DTD_MARKERS):
                    raise DocumentUnreadable(f"part {member.filename} declares XML entities, "
                                             f"which {application} never writes")
                if extent:
                    extent.feed(chunk)
                carried = window[-_OVERLAP:]
    return taken

