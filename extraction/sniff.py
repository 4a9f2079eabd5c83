"""What a file is, from its leading bytes (never its name), and the bounds on a zip before any part
of it is inflated.

sniff() answers "is this a PDF or a DOCX we accept?": encrypted archives, macro-enabled documents,
legacy Office files and PDF/zip polyglots are refused here. Whether an accepted file can be read
within limits (a zip bomb, a damaged archive) is read_safely's question; it asks
zip_bounds_problem() before it spends a child process on a DOCX.
"""

from __future__ import annotations

import io
import re
import struct
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
#: Word writes only these; bzip2 and lzma inflate a whole block per call, so zipfile cannot
#: stop them part-way the way it stops deflate at the declared size.
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_MACRO_PARTS = re.compile(r"(^|/)vba(project\.bin|data\.xml)$", re.IGNORECASE)
_MACRO_CONTENT_TYPES = re.compile(rb"macroenabled|vbaproject", re.IGNORECASE)
_WORD_MAIN_PART = b"wordprocessingml.document.main+xml"
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
        return Sniffed(LEGACY_OFFICE,
                       "legacy Word (.doc) or encrypted Office files are not accepted")
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first KiB
        if _is_also_zip(data):
            return Sniffed(PDF, "the file is both a PDF and a zip archive")
        return Sniffed(PDF)
    if data.startswith(b"PK"):
        if _ends_like_pdf(data):
            return Sniffed(ZIP, "the file is both a PDF and a zip archive")
        return _sniff_zip(data)
    return Sniffed(UNKNOWN, "the file is neither a PDF nor a Word (.docx) document")


def zip_bounds_problem(data: bytes) -> str | None:
    """Why inflating this DOCX would be unsafe or impossible; None when it is within bounds.

    Reads only the central directory: nothing is inflated.
    """
    problem = _directory_problem(data)
    if problem:
        return problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except Exception:  # zipfile raises many kinds on hostile input; all mean the same here
        return "the Word document is damaged or truncated"
    return members_problem(members)


def members_problem(members: list[zipfile.ZipInfo]) -> str | None:
    """Bound the archive by what its directory declares: count, methods, total size, ratio."""
    if len(members) > MAX_ZIP_MEMBERS:
        return f"the document has {len(members):,} parts; the limit is {MAX_ZIP_MEMBERS:,}"
    for member in members:
        if member.compress_type not in WORD_COMPRESSION:
            return f"part {member.filename} uses a compression method Word never writes"
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
        # Too many entries to list here: one that looks like Word goes on, and read_safely's
        # bounds check reports the count; anything else is not a DOCX.
        if _looks_like_word(data[:4096]):
            return Sniffed(DOCX)
        return Sniffed(ZIP, "the archive is not a Word (.docx) document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            content_types = _content_types(archive)
    except Exception:  # zipfile raises many kinds on hostile input; all mean "damaged"
        if _looks_like_word(data[:4096]):
            return Sniffed(DOCX)  # a damaged DOCX: read_safely says it is unreadable, and why
        return Sniffed(ZIP, "the archive is damaged or truncated")
    names = {member.filename for member in members}
    is_word = "word/document.xml" in names or _WORD_MAIN_PART in content_types
    media_type = DOCX if is_word else ZIP
    if any(member.flag_bits & 0x1 for member in members):
        return Sniffed(media_type, "password-protected documents are not accepted")
    if any(_MACRO_PARTS.search(name) for name in names) or _MACRO_CONTENT_TYPES.search(
        content_types
    ):
        return Sniffed(media_type, "macro-enabled documents are not accepted")
    if not is_word:
        return Sniffed(ZIP, "the archive is not a Word (.docx) document")
    return Sniffed(DOCX)


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


def _looks_like_word(head: bytes) -> bool:
    """The local headers at the front of a zip name its first parts, even when its end is lost."""
    return b"[Content_Types].xml" in head or b"word/" in head


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
