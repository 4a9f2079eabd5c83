"""Scans read by OCR (extraction/ocr.py): the scanned certificates of fixtures/scanned/, made by
rasterising generated certificates with skew and noise, read end to end by extract_document."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
from functools import cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A6
from reportlab.pdfgen.canvas import Canvas

from domain.evidence import ExtractedDocument
from domain.models import Outcome
from extraction import ocr
from extraction.documents import extract_document
from extraction.errors import DocumentUnreadable
from extraction.limits import Limits, ReadingBudget
from extraction.sandbox import ReaderPool, default_pool, read_safely
from extraction.sniff import PDF
from fixtures.scanned import MANIFEST, SCANNED
from fixtures.scanned.generate import generate, image_pdf, scanned_page
from tests.extraction.test_supporting_corpus import Score, expected_items, read_items

ENTRIES = {entry["file"]: entry for entry in json.loads(MANIFEST.read_text())["files"]}
MIXED = next(name for name in ENTRIES if name.startswith("mixed-"))
COMBINED = "scanned-insurance-combined-table-el-pl-pi.pdf"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng"
TESSERACT = shutil.which("tesseract")
# .ci/run installs the engine; on a machine without it these tests say so rather than fail
pytestmark = pytest.mark.skipif(TESSERACT is None, reason=f"no OCR engine: {INSTALL}")


@cache
def extracted(name: str) -> ExtractedDocument:
    return extract_document(name, (SCANNED / name).read_bytes())


def cover_items(items: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {item for item in items if item[0] in ("kind", "cover")}


def test_the_generator_writes_the_committed_scans_byte_for_byte(tmp_path: Path) -> None:
    written = generate(tmp_path, tmp_path / "manifest.json")
    for path in written[:-1]:
        assert path.read_bytes() == (SCANNED / path.name).read_bytes(), path.name
        assert path.stat().st_size < 1_000_000
    assert written[-1].read_text(encoding="utf-8") == MANIFEST.read_text(encoding="utf-8")


def test_scanned_certificates_give_their_covers_with_f1_of_at_least_0_9() -> None:
    score = Score()
    for name, entry in ENTRIES.items():
        document = extracted(name)
        score.add(cover_items(expected_items(entry)),
                  cover_items(read_items(document.kinds, document.fields, document.covers,
                                         document.tables)))
    assert score.f1 >= 0.9, score


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_a_scanned_file_is_warned_about_naming_its_ocr_pages_and_confidence(name: str) -> None:
    warnings = [f for f in extracted(name).findings if f.code == "scanned-document"]
    assert len(warnings) == 1
    pages = ENTRIES[name]["ocr_pages"]
    assert warnings[0].outcome == Outcome.WARN
    assert warnings[0].page == pages[0]
    assert f"page {pages[0]} without a text layer" in warnings[0].message
    assert "read by OCR with a mean confidence of" in warnings[0].message
    assert "a reviewer should check the values" in warnings[0].message


def test_values_read_by_ocr_carry_a_confidence_below_one_and_below_the_texts() -> None:
    source = SCANNED.parent / "corpus" / ENTRIES[COMBINED]["source"]
    from_text = {c.type: c.confidence for c in extract_document(source.name,
                                                                 source.read_bytes()).covers}
    covers = extracted(COMBINED).covers
    assert covers and all(0 < cover.confidence < 1 for cover in covers)
    assert all(cover.confidence <= from_text[cover.type] for cover in covers)


def test_only_the_image_page_of_a_mixed_pdf_is_read_by_ocr() -> None:
    read = read_safely((SCANNED / MIXED).read_bytes(), PDF)
    assert read.ocr_pages == (1,)
    assert all(block.confidence is None for block in read.blocks if block.page == 2)
    assert any("Ofsted" in " ".join(block.cells) for block in read.blocks if block.page == 2)
    document = extracted(MIXED)
    assert {"insurance-certificate", "ofsted-certificate"} <= set(document.kinds)
    text_values = [a for k, a in document.fields.items() if k.startswith("ofsted-certificate.")]
    assert text_values and all(answer.confidence >= 0.8 for answer in text_values)
    assert all(cover.confidence < 1 for cover in document.covers)


def test_a_text_pdf_is_not_read_by_ocr() -> None:
    source = SCANNED.parent / "corpus" / ENTRIES[COMBINED]["source"]
    read = read_safely(source.read_bytes(), PDF)
    assert read.ocr_pages == () and all(block.confidence is None for block in read.blocks)
    document = extract_document(source.name, source.read_bytes())
    assert "scanned-document" not in {finding.code for finding in document.findings}


def test_without_an_ocr_engine_a_scan_gives_a_finding_that_says_how_to_install_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The reading processes read DPS_TESSERACT when they start: start new ones, and again after.
    monkeypatch.setenv(ocr.ENGINE_VARIABLE, "/nonexistent/tesseract")
    default_pool().close()
    try:
        document = extract_document(COMBINED, (SCANNED / COMBINED).read_bytes())
    finally:
        monkeypatch.undo()
        default_pool().close()
    [warning] = [f for f in document.findings if f.code == "scanned-document"]
    assert warning.outcome == Outcome.WARN
    assert "page 1 without a text layer" in warning.message
    assert "no OCR engine is installed" in warning.message and INSTALL in warning.message
    assert not document.covers  # nothing is guessed from a page nobody read


def scanned_pages(count: int) -> bytes:
    """A PDF of `count` small scanned pages (A6, two lines each)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A6, invariant=1)
    for number in range(1, count + 1):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(30, 350, f"Page {number} of a scanned policy")
        canvas.drawString(30, 330, "Reviewed on 1 May 2024")
        canvas.showPage()
    canvas.save()
    rng = random.Random(1)
    return image_pdf([(scanned_page(page, 1.0, rng), *page.get_size())
                      for page in pdfium.PdfDocument(out.getvalue())])


def test_each_page_read_by_ocr_gets_more_time_so_a_scan_is_read_whole() -> None:
    # Four pages by OCR take well over the second this budget has for the whole document: only
    # the time each OCR'd page adds (in the reading process and in the parent) lets them all in.
    pool = ReaderPool()
    try:
        read = pool.read(scanned_pages(4), PDF, Limits(seconds=1.0, seconds_per_page=0.0,
                                                        seconds_per_ocr_page=5.0))
    finally:
        pool.close()
    assert read.unread_pages is None and read.ocr_pages == (1, 2, 3, 4)


def test_a_page_read_by_ocr_extends_the_reading_budget_up_to_max_ocr_pages() -> None:
    budget = ReadingBudget(Limits(seconds=0.0, seconds_per_page=0.0, seconds_per_ocr_page=60.0,
                                  max_ocr_pages=2))
    budget.count(5)
    assert not budget.allows(1)  # the budget is spent: no second page
    assert [budget.add_ocr_page() for _ in range(3)] == [True, True, False]
    assert budget.allows(1)


def test_a_tilted_page_is_turned_level_before_it_is_read() -> None:
    with pdfplumber.open(SCANNED.parent / "corpus" / ENTRIES[COMBINED]["source"]) as pdf:
        page = pdf.pages[0]
        level = ocr.render(ocr._file_bytes(pdf.stream), 0, float(page.width),
                           float(page.height), 150)
    tilted = level.rotate(2.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert ocr.skew(tilted) == pytest.approx(-2.5, abs=0.2)
    assert ocr.skew(level) == pytest.approx(0, abs=0.2)


def test_words_on_one_row_make_one_line_cut_into_cells_at_wide_gaps() -> None:
    header = "\t".join(("level", "page_num", "block_num", "par_num", "line_num", "word_num",
                        "left", "top", "width", "height", "conf", "text"))
    rows = [  # as --psm 11 gives them: each word a block of its own
        (5, 1, 1, 1, 1, 100, 100, 120, 30, 96.0, "Policy"),
        (5, 2, 1, 1, 1, 230, 102, 130, 30, 94.0, "number"),
        (5, 3, 1, 1, 1, 600, 101, 260, 30, 80.0, "NMI/CF/204411"),
        (5, 4, 1, 1, 1, 100, 160, 40, 30, 20.0, "—"),  # a speck
        (5, 5, 1, 1, 1, 100, 200, 90, 30, 90.0, "Insurer"),
        (-1, 0, 0, 0, 0, 0, 0, 0, 0, -1.0, ""),
    ]
    tsv = "\n".join([header] + [
        "\t".join(map(str, (level, 1, block, par, line, 1, *rest)))
        for level, block, par, line, _, *rest in rows])
    blocks = ocr.lines_to_blocks(ocr.read_words(tsv), page=3)
    assert [block.cells for block in blocks] == [("Policy number", "NMI/CF/204411"), ("Insurer",)]
    assert blocks[0].confidence == pytest.approx((96 + 94 + 80) / 300, abs=0.001)
    assert blocks[0].page == 3 and blocks[0].in_table


def test_an_ocr_engine_that_overruns_its_time_is_stopped() -> None:
    out = io.BytesIO()
    Image.new("L", (2400, 3300), 255).save(out, "PPM")
    with pytest.raises(DocumentUnreadable, match="took longer than 0.05 s"):
        ocr.recognise(TESSERACT or "", out.getvalue(), ocr.Engine(seconds=0.05))
    assert not [pid for pid in _children() if b"tesseract" in _command(pid)]


def _children() -> list[int]:
    pid = os.getpid()
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
        return [int(child) for child in children.read().split()]


def _command(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as command:
            return command.read()
    except OSError:
        return b""
