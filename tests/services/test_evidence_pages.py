"""The evidence beside a finding: the PDF page drawn with the value's box highlighted, within a
reading process's limits, and for Word and Excel files the paragraph with the value marked."""

from __future__ import annotations

import io
import time
from dataclasses import replace

import numpy
import pytest
from PIL import Image

from extraction.documents import extract_document
from fixtures import FIXTURES
from services.evidence_pages import (
    RENDER_LIMITS,
    EvidencePageError,
    NoSuchEvidencePage,
    evidence_excerpt,
    page_image,
)

CERTIFICATE = FIXTURES / "real" / "ofsted-certificate-of-registration-childrens-home.pdf"
A4 = (595.28, 841.89)  # the certificate's page, in points
HOSTILE = FIXTURES / "hostile"


def _is_highlight(pixel: tuple[int, int, int]) -> bool:
    red, green, blue = pixel
    return red > 200 and green > 170 and blue < 80  # yellow paper, not white, not ink


def _urn() -> tuple[int, tuple[float, float, float, float]]:
    answer = extract_document(CERTIFICATE.name, CERTIFICATE.read_bytes()).fields[
        "ofsted-certificate.urn"]
    assert answer.page is not None and answer.box is not None
    return answer.page, answer.box


def test_the_page_is_a_png_of_the_width_asked_with_the_value_highlighted() -> None:
    page, box = _urn()
    image = Image.open(io.BytesIO(page_image(CERTIFICATE.read_bytes(), page, [box])))
    assert image.format == "PNG"
    scale = 1000 / A4[0]
    assert image.width == 1000 and abs(image.height - round(A4[1] * scale)) <= 1
    pixels = image.convert("RGB")
    x0, top, x1, bottom = (round(value * scale) for value in box)
    inside = [pixels.getpixel((x, y)) for x in range(x0, x1, 3) for y in range(top, bottom)]
    assert sum(map(_is_highlight, inside)) / len(inside) > 0.6  # the paper between the letters
    margin = [pixels.getpixel((x, y)) for x in range(5, 40) for y in range(top, bottom)]
    assert all(pixel == (255, 255, 255) for pixel in margin)  # the blank margin beside it


def test_the_highlight_has_a_dark_outline_so_it_does_not_rely_on_colour() -> None:
    page, box = _urn()
    pixels = Image.open(io.BytesIO(page_image(CERTIFICATE.read_bytes(), page, [box]))).convert(
        "RGB")
    scale = 1000 / A4[0]
    middle = round((box[1] + box[3]) / 2 * scale)
    # the outline stands just outside the words: 3 px wide, a pixel of fill inside it
    left_edge = [pixels.getpixel((round(box[0] * scale) - x, middle)) for x in (2, 3, 4)]
    assert all(max(pixel) < 60 for pixel in left_edge), left_edge


def test_without_boxes_the_page_is_drawn_plain() -> None:
    pixels = numpy.asarray(Image.open(io.BytesIO(page_image(CERTIFICATE.read_bytes(), 1, [])))
                           .convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    assert not ((red > 200) & (green > 170) & (blue < 80)).any()


def test_the_image_is_never_bigger_than_the_cap() -> None:
    image = Image.open(io.BytesIO(page_image(CERTIFICATE.read_bytes(), 1, [], width_px=50_000)))
    assert image.width <= 2400 and image.width * image.height <= 6_000_000


def test_a_page_the_document_does_not_have_is_refused_in_words() -> None:
    with pytest.raises(NoSuchEvidencePage, match="the document has 1 page; there is no page 2"):
        page_image(CERTIFICATE.read_bytes(), 2, [])
    with pytest.raises(NoSuchEvidencePage, match="numbered from 1"):
        page_image(CERTIFICATE.read_bytes(), 0, [])


def test_a_file_that_is_not_a_pdf_has_no_page_to_draw() -> None:
    docx = (FIXTURES / "corpus" / "supporting" / "ofsted-certificate-table-fostering-agency.docx")
    with pytest.raises(EvidencePageError, match="not a PDF"):
        page_image(docx.read_bytes(), 1, [])


@pytest.mark.parametrize(("file", "problem"), [
    ("inflation-bomb.pdf", "memory"),
    ("truncated.pdf", "damaged"),
    ("encrypted.pdf", "password"),
    ("random-bytes.pdf", "not a PDF"),
])
@pytest.mark.timing  # a wall-clock bound: run alone (./run), never beside a worker
def test_a_hostile_pdf_ends_in_a_clear_error_within_the_time_limit(file: str,
                                                                   problem: str) -> None:
    started = time.monotonic()
    with pytest.raises(EvidencePageError, match=problem):
        page_image((HOSTILE / file).read_bytes(), 1, [(10.0, 10.0, 50.0, 50.0)])
    # the time limit, and a reading process's start (imports) on a busy machine
    assert time.monotonic() - started < RENDER_LIMITS.seconds + 20


def test_a_page_that_takes_longer_than_the_limit_is_stopped() -> None:
    with pytest.raises(EvidencePageError, match="took longer than"):
        page_image(CERTIFICATE.read_bytes(), 1, [], width_px=2400,
                   limits=replace(RENDER_LIMITS, seconds=0.001))


def test_an_excerpt_marks_the_value_as_written() -> None:
    excerpt = evidence_excerpt("Unique reference number: SC498812 <Larkspur>", "SC498812")
    assert (excerpt.before, excerpt.marked) == ("Unique reference number: ", "SC498812")
    assert excerpt.html() == ("Unique reference number: <mark>SC498812</mark> &lt;Larkspur&gt;")


def test_an_excerpt_finds_a_sum_or_a_date_kept_in_its_canonical_form() -> None:
    money = evidence_excerpt("Limit of indemnity: £5 million any one occurrence", "5000000.00")
    assert money.marked == "£5 million"
    day = evidence_excerpt("The policy expires on 31 May 2026.", "2026-05-31")
    assert day.marked == "31 May 2026"


def test_an_excerpt_of_a_value_not_in_the_text_marks_nothing() -> None:
    excerpt = evidence_excerpt("Directors: Jo Bennett", "Alex Morgan")
    assert excerpt.marked == "" and excerpt.html() == "Directors: Jo Bennett"


def test_a_long_paragraph_is_cut_around_the_value() -> None:
    text = "word " * 200 + "SC498812 " + "word " * 200
    excerpt = evidence_excerpt(text, "SC498812")
    assert excerpt.marked == "SC498812"
    assert excerpt.before.startswith("…") and excerpt.after.endswith("…")
    assert len(excerpt.before) < 260 and len(excerpt.after) < 260


def test_a_reading_process_that_drew_a_page_goes_on_reading_documents() -> None:
    from extraction.sandbox import default_pool

    # a fresh process: one the earlier tests of this worker used may be at its last document,
    # and would be retired after this read for that reason alone
    default_pool().close()
    page_image(CERTIFICATE.read_bytes(), 1, [])
    before = set(default_pool().idle_process_ids())
    document = extract_document(CERTIFICATE.name, CERTIFICATE.read_bytes())
    assert document.fields["ofsted-certificate.urn"].value == "SC498812"
    assert before & set(default_pool().idle_process_ids())  # the same process, its limits reset


def test_a_box_reaching_past_the_page_edge_is_drawn_up_to_the_edge() -> None:
    image = Image.open(io.BytesIO(page_image(CERTIFICATE.read_bytes(), 1,
                                             [(-20.0, -20.0, 40.0, 40.0)])))
    assert _is_highlight(image.convert("RGB").getpixel((20, 20)))
