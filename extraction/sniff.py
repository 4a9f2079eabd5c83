"""What a file is, from its leading bytes (never its name), with the zip bounded before parsing."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LEGACY_OFFICE = "application/x-ole-storage"  # .doc, .xls, and encrypted OOXML
ZIP = "application/zip"
UNKNOWN = "application/octet-stream"

MAX_ZIP_MEMBERS = 2_000
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    problem: str | None = None  # why it cannot be accepted, in words for the provider


def sniff_media_type(data: bytes) -> str:
    """The media type the leading bytes announce (a DOCX is a zip with a word/document part)."""
    return sniff(data).media_type


def sniff(data: bytes) -> Sniffed:
    """Classify the bytes and say what, if anything, makes them unacceptable."""
    head = data[:1024]
    is_pdf = b"%PDF-" in head
    is_zip = data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06")
    if is_pdf and (is_zip or b"PK\x03\x04" in data[-65536:]):
        return Sniffed(PDF, "the file is both a PDF and a zip archive")
    if is_pdf:
        return Sniffed(PDF)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Sniffed(LEGACY_OFFICE, "legacy Word (.doc) or encrypted Office files are not accepted")
    if is_zip:
        return _sniff_zip(data)
    if not data:
        return Sniffed(UNKNOWN, "the file is empty")
    return Sniffed(UNKNOWN, "the file is neither a PDF nor a Word (.docx) document")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return Sniffed(ZIP, "the archive is damaged or truncated")
    names = {member.filename for member in members}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return Sniffed(DOCX if "word/document.xml" in names else ZIP,
                       "macro-enabled documents are not accepted")
    if "word/document.xml" not in names:
        return Sniffed(ZIP, "the archive is not a Word (.docx) document")
    return Sniffed(DOCX, _zip_bomb_problem(members))


def _zip_bomb_problem(members: list[zipfile.ZipInfo]) -> str | None:
    """Bound the archive before anything inflates it: count, total size, compression ratio."""
    if len(members) > MAX_ZIP_MEMBERS:
        return f"the document has {len(members)} parts; the limit is {MAX_ZIP_MEMBERS}"
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_INFLATED_BYTES:
        return f"the document inflates to {inflated:,} bytes; the limit is {MAX_INFLATED_BYTES:,}"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO:
            return f"part {member.filename} is compressed {ratio:,.0f} to 1, like a zip bomb"
    return None
