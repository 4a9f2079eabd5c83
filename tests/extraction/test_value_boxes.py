"""Each value keeps its place on the page: the box (domain.models.Box, PDF points from the top-left
corner) of the line or cell it was read from, so that a reviewer sees the page with the value
highlighted. Checked against the words pdfplumber finds on the page: the value's words lie inside
its box, and the box is a line or a few, never the page."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from domain.evidence import ExtractedDocument
from domain.models import Box
from extraction.documents import extract_document
from fixtures import FIXTURES

REAL, GENERATED = FIXTURES / "real", FIXTURES / "corpus" / "supporting"
SCANNED = FIXTURES / "scanned"
_TOLERANCE = 0.01  # points: boxes are kept to a hundredth, rounded outwards

Pick = Callable[[ExtractedDocument], tuple[int | None, Box | None]]


def _cover(kind: str, field: str = "limit") -> Pick:
    def pick(document: ExtractedDocument) -> tuple[int | None, Box | None]:
        cover = next(cover for cover in document.covers if cover.type == kind)
        return cover.page, cover.box if field == "limit" else cover.boxes.get(field)
    return pick


def _field(name: str) -> Pick:
    def pick(document: ExtractedDocument) -> tuple[int | None, Box | None]:
        answer = document.fields[name]
        return answer.page, answer.box
    return pick


# (folder, file, the value's place in what was read, the value as the page writes it)
KNOWN_VALUES = [
    (REAL, "el-certificate-statutory-wording-ten-million-boxed-subsidiaries.pdf",
     _cover("employers-liability"), "£10,000,000"),
    (REAL, "el-certificate-statutory-wording-ten-million-boxed-subsidiaries.pdf",
     _cover("employers-liability", "policy_number"), "EL 44 0917 3362"),
    (REAL, "broker-confirmation-of-cover-period-per-cover.pdf",
     _cover("public-liability"), "£5,000,000"),
    (REAL, "broker-confirmation-of-cover-period-per-cover.pdf",
     _cover("public-liability", "policy_number"), "NW/PL/550922"),
    (REAL, "ofsted-certificate-of-registration-childrens-home.pdf",
     _field("ofsted-certificate.urn"), "SC498812"),
    (REAL, "statement-of-purpose-childrens-home-schedule-1.pdf",
     _field("statement-of-purpose.urn"), "SC498812"),
    (GENERATED, "insurance-combined-table-el-pl-pi.pdf",
     _cover("employers-liability"), "£10,000,000"),
    (GENERATED, "insurance-combined-table-el-pl-pi.pdf",
     _cover("employers-liability", "policy_number"), "NMI/CF/204411"),
    (GENERATED, "ofsted-certificate-table-fostering-agency.pdf",
     _field("ofsted-certificate.urn"), "SC034253"),
]


def _words_of(data: bytes, page: int, written: str) -> tuple[list[dict], float]:
    """The run of words on the page that spells `written`, and the page's area."""
    tokens = written.split()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        sheet = pdf.pages[page - 1]
        words, area = sheet.extract_words(), float(sheet.width * sheet.height)
    for start in range(len(words) - len(tokens) + 1):
        run = words[start:start + len(tokens)]
        if all(token in word["text"] for token, word in zip(tokens, run, strict=True)):
            return run, area
    raise AssertionError(f"{written!r} is not on page {page}")


def _inside(word: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    return (word["x0"] >= x0 - _TOLERANCE and word["top"] >= top - _TOLERANCE
            and word["x1"] <= x1 + _TOLERANCE and word["bottom"] <= bottom + _TOLERANCE)


@pytest.mark.parametrize(("folder", "file", "pick", "written"), KNOWN_VALUES,
                         ids=[f"{file}:{written}" for _, file, _, written in KNOWN_VALUES])
def test_the_box_of_a_known_value_holds_its_words_on_the_page(
        folder: Path, file: str, pick: Pick, written: str) -> None:
    data = (folder / file).read_bytes()
    page, box = pick(extract_document(file, data))
    assert page is not None and box is not None
    words, page_area = _words_of(data, page, written)
    assert all(_inside(word, box) for word in words), (box, words)
    x0, top, x1, bottom = box
    assert (x1 - x0) * (bottom - top) < page_area / 10  # a line or a few, not the page


def test_a_value_read_from_the_line_below_its_label_has_the_box_of_both_lines() -> None:
    from extraction.model import TextBlock
    from extraction.nearby import find_values
    from extraction.ofsted_certificate import LABELS

    label = TextBlock(("Unique reference number:",), False, page=1, box=(50.0, 100.0, 180.0, 110.0))
    value = TextBlock(("SC123456",), False, page=1, box=(50.0, 114.0, 110.0, 124.0))
    found = [found for found in find_values((label, value), LABELS) if found.key == "urn"]
    assert [(found.value, found.box) for found in found] == [("SC123456",
                                                              (50.0, 100.0, 180.0, 124.0))]


def test_a_value_read_by_ocr_has_its_box_in_points_where_the_scan_shows_it() -> None:
    """The scan is the generated certificate turned by its skew about the page's centre: the
    OCR'd limit's box holds the words of the text certificate turned the same way."""
    scanned = SCANNED / "scanned-insurance-combined-table-el-pl-pi.pdf"
    source = (GENERATED / "insurance-combined-table-el-pl-pi.pdf").read_bytes()
    page, box = _cover("employers-liability")(extract_document(scanned.name,
                                                               scanned.read_bytes()))
    assert page == 1 and box is not None
    words, _ = _words_of(source, 1, "£10,000,000")
    with pdfplumber.open(io.BytesIO(source)) as pdf:
        centre = (float(pdf.pages[0].width) / 2, float(pdf.pages[0].height) / 2)
    turned = [_turned(word, 1.2, centre) for word in words]  # fixtures/scanned/manifest.json
    slack = 2.0  # points: Tesseract's boxes are its ink, a pixel or two off the font's
    assert all(box[0] - slack <= x0 and box[1] - slack <= top and x1 <= box[2] + slack
               and bottom <= box[3] + slack for x0, top, x1, bottom in turned), (box, turned)


def _turned(word: dict, degrees: float, centre: tuple[float, float]) -> Box:
    """A word's box once the page is turned anticlockwise (as seen) about its centre."""
    turn, (cx, cy) = math.radians(degrees), centre
    corners = [(x, y) for x in (word["x0"], word["x1"]) for y in (word["top"], word["bottom"])]
    moved = [(cx + (x - cx) * math.cos(turn) + (y - cy) * math.sin(turn),
              cy - (x - cx) * math.sin(turn) + (y - cy) * math.cos(turn)) for x, y in corners]
    return (min(x for x, _ in moved), min(y for _, y in moved),
            max(x for x, _ in moved), max(y for _, y in moved))


def test_word_and_excel_values_have_no_box() -> None:
    file = GENERATED / "ofsted-certificate-table-fostering-agency.docx"
    document = extract_document(file.name, file.read_bytes())
    assert document.fields["ofsted-certificate.urn"].value == "SC034253"
    assert all(answer.box is None for answer in document.fields.values())


def test_a_fillable_pdf_answer_has_the_box_of_its_field_beside_its_label() -> None:
    """A typed value is drawn from the field, not the page's text: its box is the field's
    widget, on the line of the question's label and to the right of it."""
    file = FIXTURES / "corpus" / "forms" / "childrens-home-two-lots.pdf-fields.pdf"
    data = file.read_bytes()
    answer = extract_document(file.name, data).fields["A1"]
    assert answer.value == "Keys Child Care Ltd" and answer.page == 1 and answer.box is not None
    label, _ = _words_of(data, 1, "Organisation legal name")
    middle = (label[0]["top"] + label[0]["bottom"]) / 2
    x0, top, x1, bottom = answer.box
    assert top < middle < bottom and x0 > label[-1]["x1"]


def test_findings_and_values_stored_before_boxes_still_load() -> None:
    from domain.evidence import Answer, InsuranceCover
    from domain.models import Finding

    old = Finding.from_json('{"code": "invalid-email", "outcome": "refer", "message": "m", '
                            '"document": "form.pdf", "page": 2}')
    assert old.box is None
    placed = old.model_copy(update={"box": (1.0, 2.0, 3.5, 4.25)})
    assert Finding.from_json(placed.to_json()) == placed
    assert Answer.from_json('{"value": "x", "source_text": "x", "document": "d"}').box is None
    cover = InsuranceCover.from_json('{"type": "public-liability", "limit": null}')
    assert (cover.box, cover.boxes) == (None, {})
