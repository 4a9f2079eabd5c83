"""Reading in a child process within limits of time and memory: whatever the file does, the
answer is a ReadDocument or a DocumentUnreadable / DocumentRefused, and this process lives on."""

from __future__ import annotations

import io
import os
import signal
import threading
import time
import zipfile
from collections.abc import Iterator

import pytest
from reportlab.pdfgen import canvas

from extraction.docx_guard import check_docx_parts
from extraction.errors import DocumentRefused, DocumentUnreadable
from extraction.pdf_reader import read_pdf
from extraction.sandbox import DEFAULT_LIMITS, Limits, ReaderPool, read_safely
from extraction.sniff import DOCX, PDF
from fixtures import SAMPLES
from fixtures.hostile import HOSTILE, rawdocx, rawpdf
from fixtures.third_party import THIRD_PARTY

MINIMAL = (THIRD_PARTY / "pysamples__minimal-document.pdf").read_bytes()


def _long_pdf(pages: int) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    for page in range(pages):
        for line in range(50):
            pdf.drawString(40, 800 - 15 * line, f"Page {page} line {line}: " + "word " * 20)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


LONG = _long_pdf(12)  # about two seconds of reading


@pytest.fixture
def pool() -> Iterator[ReaderPool]:
    readers = ReaderPool()
    yield readers
    readers.close()


def test_the_default_limits_are_ten_seconds_one_gib_and_five_hundred_pages() -> None:
    assert (DEFAULT_LIMITS.seconds, DEFAULT_LIMITS.memory_bytes, DEFAULT_LIMITS.max_pages) == (
        10.0, 1024**3, 500)


def test_a_pdf_read_in_a_child_comes_back_as_it_would_be_read_here(pool: ReaderPool) -> None:
    assert pool.read(MINIMAL, PDF, DEFAULT_LIMITS) == read_pdf(MINIMAL)


def test_a_docx_read_in_a_child_comes_back_with_its_blocks() -> None:
    document = read_safely(sorted(SAMPLES.glob("*/*.docx"))[0].read_bytes(), DOCX)
    assert document.media_type == DOCX and document.blocks


def test_one_reading_process_serves_one_document_after_another(pool: ReaderPool) -> None:
    pool.read(MINIMAL, PDF, DEFAULT_LIMITS)
    first = pool.idle_process_ids()
    pool.read(MINIMAL, PDF, DEFAULT_LIMITS)
    assert pool.idle_process_ids() == first and len(first) == 1


def test_a_reading_process_is_replaced_after_its_quota_of_documents() -> None:
    readers = ReaderPool(max_documents=1)
    try:
        readers.read(MINIMAL, PDF, DEFAULT_LIMITS)
        assert readers.idle_process_ids() == []
    finally:
        readers.close()


def _one_slow_page() -> bytes:
    """One page of 8,000 words in 2-point type: several seconds of reading for one page."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, invariant=1)
    pdf.setFont("Helvetica", 2)
    for line in range(200):
        pdf.drawString(10, 830 - 2 * line, "dense " * 40)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_a_page_still_being_read_at_the_time_limit_is_killed_and_the_next_document_reads(
        pool: ReaderPool) -> None:
    # A long document stops itself at its reading budget (tests/extraction/
    # test_long_documents.py); the kill is for a page that does not end.
    started = time.monotonic()
    with pytest.raises(DocumentUnreadable, match="took longer than 0.6 s to read"):
        pool.read(_one_slow_page(), PDF, Limits(seconds=0.3, seconds_per_page=0))
    assert time.monotonic() - started < 2
    assert pool.read(MINIMAL, PDF, DEFAULT_LIMITS).pages == 1


def test_a_long_pdf_is_given_more_time_for_each_of_its_pages(pool: ReaderPool) -> None:
    assert pool.read(LONG, PDF, Limits(seconds=0.3, seconds_per_page=1.0)).pages == 12


def test_a_document_over_the_memory_limit_says_how_much_it_was_allowed(pool: ReaderPool) -> None:
    bomb = (HOSTILE / "inflation-bomb.pdf").read_bytes()
    with pytest.raises(DocumentUnreadable,
                       match="^the document needed more than 512 MiB of memory to read$"):
        pool.read(bomb, PDF, Limits(memory_bytes=512 * 1024**2))
    assert pool.idle_process_ids() == []  # a process that ran out of memory is not reused


def test_a_reading_process_that_dies_mid_read_makes_the_document_unreadable(
        pool: ReaderPool) -> None:
    pool.read(MINIMAL, PDF, DEFAULT_LIMITS)
    (pid,) = pool.idle_process_ids()
    threading.Timer(0.3, os.kill, (pid, signal.SIGKILL)).start()
    with pytest.raises(DocumentUnreadable, match="reading it stopped unexpectedly"):
        pool.read(LONG, PDF, DEFAULT_LIMITS)
    assert pool.read(MINIMAL, PDF, DEFAULT_LIMITS).pages == 1


def test_a_reading_process_that_died_while_idle_is_replaced_unnoticed(pool: ReaderPool) -> None:
    pool.read(MINIMAL, PDF, DEFAULT_LIMITS)
    (pid,) = pool.idle_process_ids()
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.1)
    assert pool.read(MINIMAL, PDF, DEFAULT_LIMITS).pages == 1


def test_an_encrypted_pdf_is_refused_by_the_child(pool: ReaderPool) -> None:
    with pytest.raises(DocumentRefused, match="protected by a password"):
        pool.read((HOSTILE / "encrypted.pdf").read_bytes(), PDF, DEFAULT_LIMITS)


def test_a_damaged_pdf_is_unreadable_with_a_short_reason(pool: ReaderPool) -> None:
    damaged = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n" + bytes(
        range(256)) * 40 + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with pytest.raises(DocumentUnreadable, match="^the PDF") as raised:
        pool.read(damaged, PDF, DEFAULT_LIMITS)
    assert len(str(raised.value)) < 160


def test_a_file_of_another_type_is_refused_without_a_child() -> None:
    with pytest.raises(DocumentRefused, match="neither a PDF nor a Word"):
        read_safely(b"GIF89a", "image/gif")


def test_a_zip_bomb_is_unreadable_from_its_directory_before_any_part_is_inflated() -> None:
    with pytest.raises(DocumentUnreadable, match="inflates to 314,573,730 bytes"):
        read_safely((HOSTILE / "zip-bomb.docx").read_bytes(), DOCX)


def test_documents_read_from_several_threads_at_once_each_get_their_own_answer() -> None:
    files = [MINIMAL, (THIRD_PARTY / "pysamples__libreoffice-form.pdf").read_bytes()] * 3
    answers: list[int] = [0] * len(files)

    def read(index: int) -> None:
        answers[index] = len(read_safely(files[index], PDF).fields)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(len(files))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [0, 8] * 3


def test_the_guard_counts_the_bytes_really_inflated_against_the_bound() -> None:
    data = rawdocx.build(rawdocx.body(rawdocx.paragraph("x" * 5000)))
    with pytest.raises(DocumentUnreadable, match="inflates to more than"):
        check_docx_parts(data, max_inflated=4000)


def test_the_guard_finds_a_dtd_split_across_two_inflated_chunks() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:  # stored, so the ratio bound does not fire first
        archive.writestr("word/document.xml", b" " * (1024 * 1024 - 4) + b"<!DOCTYPE x []>")
    with pytest.raises(DocumentUnreadable, match="declares XML entities"):
        check_docx_parts(out.getvalue())


def test_the_guard_lets_an_ordinary_document_through() -> None:
    check_docx_parts(rawdocx.build(rawdocx.body(rawdocx.paragraph("Minutes"))))
    check_docx_parts(sorted(SAMPLES.glob("*/*.docx"))[0].read_bytes())


def test_a_pdf_without_an_end_of_file_marker_is_truncated(pool: ReaderPool) -> None:
    data = rawpdf.one_page(rawpdf.stream(rawpdf.text_content(["x"])))
    with pytest.raises(DocumentUnreadable, match="truncated"):
        pool.read(data[: data.rindex(b"%%EOF")], PDF, DEFAULT_LIMITS)
