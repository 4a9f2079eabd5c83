"""What a file is, from its bytes; what is refused at the door; the bounds on a zip."""

from __future__ import annotations

import io
import struct
import zipfile

from extraction import sniff
from extraction.sniff import DOCX, LEGACY_OFFICE, PDF, UNKNOWN, ZIP, zip_bounds_problem
from fixtures import SAMPLES
from fixtures.hostile import HOSTILE, rawdocx, rawpdf

A_DOCX = sorted(SAMPLES.glob("*/*.docx"))[0].read_bytes()
A_PDF = rawpdf.one_page(rawpdf.stream(rawpdf.text_content(["Certificate of insurance"])))


def _zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_pdf_is_known_by_its_header_whatever_its_name_says() -> None:
    assert sniff.sniff(A_PDF) == sniff.Sniffed(PDF)


def test_a_pdf_header_after_a_little_leading_junk_is_still_a_pdf() -> None:
    assert sniff.sniff(b"\r\n" * 100 + A_PDF).media_type == PDF


def test_a_docx_is_known_by_its_word_part() -> None:
    assert sniff.sniff(A_DOCX) == sniff.Sniffed(DOCX)


def test_a_docx_whose_main_part_is_named_otherwise_is_known_by_its_content_type() -> None:
    data = _zip({"[Content_Types].xml": rawdocx.content_types().replace(
        "/word/document.xml", "/word/document2.xml").encode(),
        "word/document2.xml": rawdocx.body("").encode()})
    assert sniff.sniff(data) == sniff.Sniffed(DOCX)


def test_an_empty_file_is_refused_as_empty() -> None:
    assert sniff.sniff(b"") == sniff.Sniffed(UNKNOWN, "the file is empty")


def test_text_is_neither_a_pdf_nor_a_word_document() -> None:
    assert "neither a PDF nor a Word" in (sniff.sniff(b"hello world").problem or "")


def test_legacy_word_is_refused_by_its_ole_header() -> None:
    found = sniff.sniff((HOSTILE / "legacy-word.doc").read_bytes())
    assert found.media_type == LEGACY_OFFICE
    assert "legacy Word (.doc)" in (found.problem or "")


def test_a_macro_enabled_document_is_refused_whatever_its_extension() -> None:
    found = sniff.sniff((HOSTILE / "macro-enabled-renamed.docx").read_bytes())
    assert found == sniff.Sniffed(DOCX, "macro-enabled documents are not accepted")


def test_a_vba_part_anywhere_in_the_package_is_refused_even_with_a_plain_content_type() -> None:
    data = rawdocx.build(rawdocx.body(""), extra_parts={"customXml/VBAPROJECT.BIN": b"x"})
    assert sniff.sniff(data).problem == "macro-enabled documents are not accepted"


def test_a_macro_enabled_content_type_is_refused_even_without_a_vba_part() -> None:
    types = rawdocx.content_types("application/vnd.ms-word.document.macroEnabled.main+xml")
    assert sniff.sniff(rawdocx.build(rawdocx.body(""), types)).problem == (
        "macro-enabled documents are not accepted")


def test_a_pdf_with_a_zip_appended_is_refused_as_both() -> None:
    found = sniff.sniff((HOSTILE / "polyglot-pdf-zip.pdf").read_bytes())
    assert found == sniff.Sniffed(PDF, "the file is both a PDF and a zip archive")


def test_a_zip_with_a_pdf_appended_is_refused_as_both() -> None:
    assert sniff.sniff(A_DOCX + A_PDF).problem == "the file is both a PDF and a zip archive"


def test_a_stray_zip_signature_inside_a_pdf_stream_does_not_make_it_a_zip() -> None:
    stray = rawpdf.stream(b"PK\x05\x06" + bytes(30))
    data = rawpdf.one_page(rawpdf.stream(rawpdf.text_content(["Accounts"])), more=[stray])
    assert sniff.sniff(data) == sniff.Sniffed(PDF)


def test_a_password_protected_zip_is_refused() -> None:
    data = bytearray(A_DOCX)
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:  # set the "encrypted" flag bit on every entry
            struct.pack_into("<H", data, at + flags_at, data[at + flags_at] | 0x1)
            at = data.find(signature, at + 4)
    assert sniff.sniff(bytes(data)).problem == "password-protected documents are not accepted"


def test_a_zip_that_is_neither_a_word_document_nor_an_excel_workbook_is_refused() -> None:
    # a workbook part without the package's content types is not an XLSX (tests/extraction/
    # test_xlsx.py has the workbooks that are)
    found = sniff.sniff(_zip({"xl/workbook.xml": b"<workbook/>"}))
    assert found == sniff.Sniffed(
        ZIP, "the archive is neither a Word (.docx) document nor an Excel (.xlsx) workbook")


def test_a_truncated_docx_is_still_a_docx_so_that_it_is_reported_as_unreadable() -> None:
    data = (HOSTILE / "truncated.docx").read_bytes()
    assert sniff.sniff(data) == sniff.Sniffed(DOCX)
    assert zip_bounds_problem(data) == "the Word document is damaged or truncated"


def test_a_truncated_zip_of_something_else_is_a_damaged_archive() -> None:
    data = _zip({"notes/a.txt": b"x" * 5000})
    assert sniff.sniff(data[: len(data) // 2]) == sniff.Sniffed(
        ZIP, "the archive is damaged or truncated")


def test_an_ordinary_docx_is_within_bounds() -> None:
    assert zip_bounds_problem(A_DOCX) is None


def test_too_many_parts_are_refused_from_the_directory_count_alone() -> None:
    data = _zip({f"word/media/{n}.bin": b"" for n in range(sniff.MAX_ZIP_MEMBERS + 1)})
    assert zip_bounds_problem(data) == "the document has 2,001 parts; the limit is 2,000"


def test_a_declared_inflated_size_over_the_bound_is_refused_before_inflating() -> None:
    problem = zip_bounds_problem((HOSTILE / "zip-bomb.docx").read_bytes())
    assert problem == "the document inflates to 314,573,730 bytes; the limit is 209,715,200"


def test_a_part_compressed_like_a_zip_bomb_is_refused() -> None:
    data = rawdocx.build(rawdocx.body(""), extra_parts={"word/media/a.bin": bytes(50_000_000)})
    assert "is compressed 1,0" in (zip_bounds_problem(data) or "")


def test_a_compression_method_word_never_writes_is_refused() -> None:
    data = _zip({"word/document.xml": b"<w:document/>"}, zipfile.ZIP_BZIP2)
    assert zip_bounds_problem(data) == (
        "part word/document.xml uses a compression method Word never writes")


def test_a_docx_of_too_many_parts_is_passed_on_unlisted_for_the_bounds_to_refuse() -> None:
    data = rawdocx.build(rawdocx.body(""), extra_parts={
        f"word/media/{n}.bin": b"" for n in range(sniff.MAX_ZIP_MEMBERS + 1)})
    assert sniff.sniff(data) == sniff.Sniffed(DOCX)
    assert zip_bounds_problem(data) == "the document has 2,004 parts; the limit is 2,000"


def test_a_zip64_directory_count_is_read_too() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(3):
            archive.writestr(f"{n}.txt", b"")
    data = bytearray(out.getvalue())
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 0xFFFF, 0xFFFF)  # "see the ZIP64 record"
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, at, 1)
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 10**9, 10**9, 0, 0)
    data[at:at] = record + locator
    assert zip_bounds_problem(bytes(data)) == (
        "the document has 1,000,000,000 parts; the limit is 2,000")


def test_a_directory_too_long_for_the_parts_allowed_is_refused_whatever_count_it_claims() -> None:
    data = bytearray(rawdocx.build(rawdocx.body("")))
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<I", data, at + 12, 50_000_000)  # the directory's size in bytes
    assert zip_bounds_problem(bytes(data)) == (
        "the document's list of parts is 50,000,000 bytes, too long for 2,000")
