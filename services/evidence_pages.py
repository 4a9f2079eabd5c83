"""The evidence beside a finding, for the team deciding a review: the PDF page a value was read
from with the value highlighted (a PNG), or, for a Word or Excel file (which have no pages), the
paragraph or cell it was read from with the value marked.

A value's place is its box (domain.models.Box), kept in its provenance from the line or cell it
was read from to the finding. The page is drawn in a reading process (extraction.sandbox), under
a time and memory limit, as documents are read: a hostile PDF costs that process, never the
portal that asked for the picture.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from domain.models import Box
from extraction.errors import DocumentProblem, NoSuchPage
from extraction.limits import Limits
from extraction.nearby import DATE_TOKEN, MONEY_TOKEN
from extraction.parsers import parse_date, parse_money
from extraction.sandbox import draw_safely
from extraction.sniff import PDF, sniff

DEFAULT_WIDTH_PX = 1000
#: A page is drawn in well under a second (README); a page that takes longer than this is a
#: hostile or broken file, and its process is killed.
RENDER_LIMITS = Limits(seconds=10.0, memory_bytes=768 * 1024**2)
_EXCERPT_CHARS = 240  # either side of the value: a long paragraph is cut, with an ellipsis


class EvidencePageError(Exception):
    """The page cannot be drawn: the file is not a readable PDF; str() says why, in words."""


class NoSuchEvidencePage(EvidencePageError):
    """The document has no page of the number asked for."""


def page_image(pdf_bytes: bytes, page_number: int, boxes: Sequence[Box | None] = (), *,
               width_px: int = DEFAULT_WIDTH_PX, limits: Limits = RENDER_LIMITS) -> bytes:
    """Page `page_number` (1-based) of the PDF as a PNG `width_px` wide (within a cap), each box
    drawn as a translucent yellow fill with a 3 px dark outline."""
    if sniff(pdf_bytes).media_type != PDF:
        raise EvidencePageError("the file is not a PDF, so it has no pages to show")
    if page_number < 1:
        raise NoSuchEvidencePage(f"there is no page {page_number}: pages are numbered from 1")
    drawn = tuple(box for box in boxes if box is not None)
    try:
        return draw_safely(pdf_bytes, page_number, drawn, width_px, limits)
    except NoSuchPage as missing:
        raise NoSuchEvidencePage(str(missing)) from missing
    except DocumentProblem as problem:
        raise EvidencePageError(f"the page could not be drawn: {problem}") from problem


@dataclass(frozen=True)
class Excerpt:
    """A paragraph or cell cut into the text before the value, the value, and the text after;
    `marked` is empty where the value could not be found in the text as written."""

    before: str
    marked: str
    after: str

    def html(self) -> str:
        """Escaped text with the value in a <mark> element."""
        if not self.marked:
            return html.escape(self.before + self.after)
        return (f"{html.escape(self.before)}<mark>{html.escape(self.marked)}</mark>"
                f"{html.escape(self.after)}")


def evidence_excerpt(text: str, value: str | None) -> Excerpt:
    """The text a value was read from (Answer.source_text), with the value marked: as written,
    or, for a sum or a date stored in its canonical form ("5000000.00", "2026-05-31"), the
    words that say it ("£5 million", "31 May 2026")."""
    text = " ".join(text.split())
    span = _span(text, value) if value else None
    if span is None:
        cut = len(text) > 2 * _EXCERPT_CHARS
        return Excerpt(text[:2 * _EXCERPT_CHARS] + ("…" if cut else ""), "", "")
    start, end = span
    before, after = text[:start], text[end:]
    if len(before) > _EXCERPT_CHARS:
        before = "…" + before[-_EXCERPT_CHARS:].lstrip()
    if len(after) > _EXCERPT_CHARS:
        after = after[:_EXCERPT_CHARS].rstrip() + "…"
    return Excerpt(before, text[start:end], after)


def _span(text: str, value: str) -> tuple[int, int] | None:
    at = text.casefold().find(" ".join(value.split()).casefold())
    if at >= 0:
        return at, at + len(" ".join(value.split()))
    for token, parse in ((MONEY_TOKEN, parse_money), (DATE_TOKEN, parse_date)):
        for match in token.finditer(text):
            if parse(match.group(0).rstrip(",")) == value:
                return match.start(), match.end()
    return None

