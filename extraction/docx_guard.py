"""Checks on a DOCX's parts as they are really inflated, run in the reading child before
python-docx parses anything.

The directory's declared sizes were already bounded (sniff.members_problem), but they are only
claims. zipfile stops a deflated part at its declared size (a lie then fails the CRC); the true
total is counted here as well, chunk by chunk, so the bound does not rest on that detail alone.

The XML parts are also searched for a document type declaration. OOXML forbids DTDs
(ISO/IEC 29500-2, §8.1.4), so one can only be an attempt at entity expansion ("billion laughs")
or at external entities; the document is refused before lxml sees it. (python-docx's parser does
not resolve entities either: this is the first wall, not the only one.)
"""

from __future__ import annotations

import io
import zipfile

from extraction.errors import DocumentUnreadable
from extraction.sniff import MAX_INFLATED_BYTES, members_problem

_CHUNK = 1024 * 1024
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_OVERLAP = max(len(marker) for marker in _DTD_MARKERS) - 1


def check_docx_parts(data: bytes, max_inflated: int = MAX_INFLATED_BYTES) -> None:
    """Raise DocumentUnreadable unless every part inflates within bounds and carries no DTD."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        problem = members_problem(members)
        if problem:
            raise DocumentUnreadable(problem)
        budget = max_inflated
        for member in members:
            budget -= _inflate_part(archive, member, budget)


def _inflate_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one part chunk by chunk; the bytes it really took."""
    is_xml = member.filename.lower().endswith((".xml", ".rels"))
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
                    raise DocumentUnreadable(
                        f"part {member.filename} declares XML entities, which Word never writes"
                    )
                carried = window[-_OVERLAP:]
    return taken
