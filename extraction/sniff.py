"""What a file is, from its leading bytes (never its name), and the bounds on a zip before any part
of it is inflated.

sniff() answers "is this a PDF, a DOCX or an XLSX we accept?": encrypted archives, macro-enabled
documents and workbooks, legacy Office files and PDF/zip polyglots are refused here. Whether an
accepted file can be read within limits (a zip bomb, a damaged archive) is read_safely's question;
it asks zip_bounds_problem() before it spends a child process on a DOCX or an XLSX. (An XLSX is
accepted only as a pricing schedule: that is classification's to say, not the sniffer's.)
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEGACY_OFFICE = "application/x-ole-storage"  # .doc, .xls, and encrypted OOXML
ZIP = "application/zip"
UNKNOWN = "application/octet-stream"

MAX_ZIP_MEMBERS = 2_000
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
#: Word and Excel write only these; bzip2 and lzma inflate a whole block per call, so zipfile
#: cannot stop them part-way the way it stops deflate at the declared size.
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
#: VBA projects, and Excel 4.0 macro sheets (XLM), which run without any VBA part
_MACRO_PARTS = re.compile(r"(^|/)(vba(project\.bin|data\.xml)$|macrosheets/)", re.IGNORECASE)
_MACRO_CONTENT_TYPES = re.compile(rb"macroenabled|vbaproject|macrosheet", re.IGNORECASE)
_WORD_MAIN_PART = b"wordprocessingml.document.main+xml"
_EXCEL_MAIN_PART = b"spreadsheetml.sheet.main+xml"
_EXCEL_WORKBOOK = "xl/workbook.xml"
#: the application that writes each zip-based type, to say what it never writes
APPLICATIONS = {DOCX: "Word", XLSX: "Excel"}
_DAMAGED = {DOCX: "the Word document", XLSX: "the Excel workbook"}
NOT_ACCEPTED = ("the file is neither a PDF nor a Word (.docx) document, nor an Excel (.xlsx) "
                "workbook")
_NOT_OFFICE = "the archive is neither a Word (.docx) document nor an Excel (.xlsx) workbook"
_CONTENT_TYPES_READ_LIMIT = 1024 * 1024
#: A directory entry is 46 bytes and a name; 2,000 entries with long names fit in 2 MiB.
_MAX_DIRECTORY_BYTES = MAX_ZIP_MEMBERS * 1024


@dataclass(frozen=True)
class Sniffed:
    media_type: str
    problem: str | None = None  # why it cannot be accepted, in words for the provider


def sniff_media_type(data: bytes) -> str:
    """The media type the leading bytes announce (a DOCX is a zip with a word/document part)."""
    return sniff(data).media_type


def sniff(data: bytes) -> Sniffed:
    """Classify the bytes and say what, if anything, makes them unacceptable."""
    if not data:
        return Sniffed(UNKNOWN, "the file is empty")
    if data.startswith(_OLE_MAGIC):
        return Sniffed(LEGACY_OFFICE, "legacy Word (.doc) and Excel (.xls) files and encrypted "
                                      "Office files are not accepted")
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first KiB
        if _is_also_zip(data):
            return Sniffed(PDF, "the file is both a PDF and a zip archive")
        return Sniffed(PDF)
    if data.startswith(b"PK"):
        if _ends_like_pdf(data):
            return Sniffed(ZIP, "the file is both a PDF and a zip archive")
        return _sniff_zip(data)
    return Sniffed(UNKNOWN, NOT_ACCEPTED)


def zip_bounds_problem(data: bytes, media_type: str = DOCX) -> str | None:
    """Why inflating this DOCX or XLSX would be unsafe or impossible; None when it is within
    bounds.

    Reads only the central directory: nothing is inflated.
    """
    problem = _directory_problem(data)
    if problem:
        return problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # zipfile raises many kinds on hostile input; all mean the same here
        return f"{_DAMAGED.get(media_type, 'the archive')} is damaged or truncated"
    return members_problem(members, APPLICATIONS.get(media_type, "Word"))


def members_problem(members: list[zipfile.ZipInfo], application: str = "Word") -> str | None:
    """Bound the archive by what its directory declares: count, methods, total size, ratio."""
    if len(members) > MAX_ZIP_MEMBERS:
        return f"the document has {len(members):,} parts; the limit is {MAX_ZIP_MEMBERS:,}"
    for member in members:
        if member.compress_type not in WORD_COMPRESSION:
            return f"part {member.filename} uses a compression method {application} never writes"
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_INFLATED_BYTES:
        return f"the document inflates to {inflated:,} bytes; the limit is {MAX_INFLATED_BYTES:,}"
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > MAX_COMPRESSION_RATIO:
            return f"part {member.filename} is compressed {ratio:,.0f} to 1, like a zip bomb"
    return None


def _sniff_zip(data: bytes) -> Sniffed:
    if _directory_problem(data):
        # Too many entries to list here: one that looks like Word or Excel goes on, and
        # read_safely's bounds check reports the count; anything else is not accepted.
        looks_like = _looks_like(data[:4096])
        return Sniffed(looks_like) if looks_like else Sniffed(ZIP, _NOT_OFFICE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            content_types = _content_types(archive)
    except Exception:  # zipfile raises many kinds on hostile input; all mean "damaged"
        looks_like = _looks_like(data[:4096])
        if looks_like:  # a damaged DOCX or XLSX: read_safely says it is unreadable, and why
            return Sniffed(looks_like)
        return Sniffed(ZIP, "the archive is damaged or truncated")
    names = {member.filename for member in members}
    media_type = _zip_media_type(names, content_types)
    if any(member.flag_bits & 0x1 for member in members):
        return Sniffed(media_type, "password-protected documents are not accepted")
    if any(_MACRO_PARTS.search(name) for name in names) or _MACRO_CONTENT_TYPES.search(
        content_types
    ):
        return Sniffed(media_type, "macro-enabled documents are not accepted")
    if media_type == XLSX and _EXCEL_MAIN_PART not in content_types:
        return Sniffed(ZIP, _NOT_OFFICE)  # a workbook part, but not an Excel package
    if media_type == ZIP:
        return Sniffed(ZIP, _NOT_OFFICE)
    return Sniffed(media_type)


def _zip_media_type(names: set[str], content_types: bytes) -> str:
    """DOCX by its main part or content type; XLSX by its workbook part (an .xlsm's too, so that
    its refusal names what it is); else a plain zip."""
    if "word/document.xml" in names or _WORD_MAIN_PART in content_types:
        return DOCX
    if _EXCEL_WORKBOOK in names:
        return XLSX
    return ZIP


def _content_types(archive: zipfile.ZipFile) -> bytes:
    """The package's content-type table, read no further than a bound (it is a few KiB)."""
    try:
        info = archive.getinfo("[Content_Types].xml")
    except KeyError:
        return b""
    if info.compress_type not in WORD_COMPRESSION or info.flag_bits & 0x1:
        return b""
    with archive.open(info) as part:
        return part.read(_CONTENT_TYPES_READ_LIMIT)


def _looks_like(head: bytes) -> str | None:
    """DOCX or XLSX by the names of the first parts in the local headers at the front of a zip,
    even when its end is lost; None when they name neither."""
    if b"word/" in head:
        return DOCX
    if b"xl/" in head:
        return XLSX
    return DOCX if b"[Content_Types].xml" in head else None


def _is_also_zip(data: bytes) -> bool:
    """A PDF that a zip reader would also open: a zip at the front, or appended at the end."""
    if data.startswith(b"PK\x03\x04"):
        return True
    if _END_OF_CENTRAL_DIRECTORY not in data[-(65_535 + 22):]:
        return False
    if _directory_problem(data):
        return True  # a zip, with a directory too big to list here
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.infolist())
    except Exception:  # a stray signature inside a compressed PDF stream, not a zip
        return False


def _ends_like_pdf(data: bytes) -> bool:
    """A zip with a PDF appended: PDF readers look for the trailer at the end of the file."""
    tail = data[-1024:]
    return b"%%EOF" in tail and b"startxref" in tail


def _directory_claims(data: bytes) -> tuple[int, int] | None:
    """(entries, bytes) the end-of-central-directory record claims for the directory (the ZIP64
    record's when the classic fields are full), read before zipfile builds an object per entry.
    zipfile itself trusts the byte size and ignores the count, so both are bounded."""
    at = data.rfind(_END_OF_CENTRAL_DIRECTORY, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    total, size = struct.unpack_from("<HI", data, at + 10)
    if total != 0xFFFF and size != 0xFFFFFFFF:
        return total, size
    zip64 = data.rfind(b"PK\x06\x06", max(0, at - 65_536), at)
    if zip64 < 0 or zip64 + 48 > len(data):
        return None
    return struct.unpack_from("<QQ", data, zip64 + 32)


def _directory_problem(data: bytes) -> str | None:
    claims = _directory_claims(data)
    if claims is None:
        return None
    entries, size = claims
    if entries > MAX_ZIP_MEMBERS:
        return f"the document has {entries:,} parts; the limit is {MAX_ZIP_MEMBERS:,}"
    if size > _MAX_DIRECTORY_BYTES:
        return f"the document's list of parts is {size:,} bytes, too long for {MAX_ZIP_MEMBERS:,}"
    return None
