"""A PDF page as a PNG with the places of values drawn on it: what a reviewer sees beside a
finding. Bytes in, bytes out; run inside a reading process (sandbox_child), never in the portal,
because a hostile PDF can make pdfium spin or swell as it can make pdfminer.

Each box (domain.models.Box: points from the page's top-left corner, as pdfplumber gives them) is
drawn as a translucent yellow fill inside a 3 px near-black outline, so the highlight is seen
without colour too (WCAG 2.2, 1.4.1 Use of colour; 1.4.11 Non-text contrast). The fill is
multiplied into the page, as a highlighter pen's ink is: white paper turns yellow and black text
stays black, where a blended fill would grey the very words it points at.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw

from domain.models import Box
from extraction.errors import DocumentRefused, NoSuchPage

#: the widest image drawn, whatever is asked, and the most pixels (a page as tall as a wall is
#: drawn narrower rather than bigger)
MAX_WIDTH_PX = 2400
MAX_PIXELS = 6_000_000
MIN_WIDTH_PX = 100
FILL = (255, 221, 0)  # GOV.UK yellow, multiplied in: the text under it stays as dark
OUTLINE = (11, 12, 12)  # GOV.UK black
OUTLINE_PX = 3


def draw_page(data: bytes, page_number: int, boxes: Sequence[Box], width_px: int) -> bytes:
    """Page `page_number` (1-based) rendered `width_px` wide (capped) as PNG, boxes drawn on it.

    Raises NoSuchPage for a page the document does not have, DocumentRefused for a PDF that
    needs a password to open; pdfium's own errors (a damaged file) propagate, for the reading
    process to turn into an outcome.
    """
    document = _open(data)
    try:
        pages = len(document)
        if not 1 <= page_number <= pages:
            raise NoSuchPage(f"the document has {pages} page{'s' if pages != 1 else ''}; "
                                  f"there is no page {page_number}")
        page = document[page_number - 1]
        width, height = page.get_size()
        scale = _scale(width, height, width_px)
        image = page.render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        document.close()
    return _png(_highlighted(image, boxes, scale))


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():  # one a user must type to open it at all
            raise DocumentRefused("the PDF is protected by a password") from error
        raise


def _scale(width: float, height: float, width_px: int) -> float:
    """Pixels per point: the width asked for, within the caps."""
    width, height = max(width, 1.0), max(height, 1.0)
    scale = min(min(max(width_px, MIN_WIDTH_PX), MAX_WIDTH_PX) / width,
                (MAX_PIXELS / (width * height)) ** 0.5)
    while math.ceil(width * scale) * math.ceil(height * scale) > MAX_PIXELS:
        scale *= 0.999  # pdfium rounds each side up to a whole pixel
    return scale


def _highlighted(image: Image.Image, boxes: Sequence[Box], scale: float) -> Image.Image:
    if not boxes:
        return image
    # a little room around the words, and the outline outside them, not over them
    pad = OUTLINE_PX + 1
    shapes = [(round(x0 * scale) - pad, round(top * scale) - pad,
               round(x1 * scale) + pad, round(bottom * scale) + pad)
              for x0, top, x1, bottom in boxes]
    # the ink covers only the part of the page that holds the boxes: the rest is untouched
    left, top = max(min(x for x, _, _, _ in shapes), 0), max(min(y for _, y, _, _ in shapes), 0)
    right = min(max(x for _, _, x, _ in shapes) + 1, image.width)
    bottom = min(max(y for _, _, _, y in shapes) + 1, image.height)
    if left < right and top < bottom:
        ink = Image.new("RGB", (right - left, bottom - top), (255, 255, 255))
        pen = ImageDraw.Draw(ink)
        for x0, y0, x1, y1 in shapes:
            pen.rectangle((x0 - left, y0 - top, x1 - left, y1 - top), fill=FILL)
        area = (left, top, right, bottom)
        image.paste(ImageChops.multiply(image.crop(area), ink), area[:2])
    outline = ImageDraw.Draw(image)
    for shape in shapes:
        outline.rectangle(shape, outline=OUTLINE, width=OUTLINE_PX)
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)  # fast: the page is drawn on demand
    return out.getvalue()
